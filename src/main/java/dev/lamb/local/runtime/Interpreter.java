package dev.lamb.local.runtime;

import java.nio.file.Path;

/** An interpreter found on this machine, and the Lambda runtime it runs (python3.13, nodejs22.x). */
record Interpreter(String runtime, Path path) {}
