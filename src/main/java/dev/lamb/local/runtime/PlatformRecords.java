package dev.lamb.local.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.lamb.lambda.PlatformTime;

/** The Telemetry API records Lambda logs in place of START and INIT lines when a function logs JSON. */
final class PlatformRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlatformRecords() {}

    static String initStart(FunctionSpec spec, String logStream) {
        ObjectNode root = envelope("platform.initStart");
        ObjectNode record = root.putObject("record");
        record.put("initializationType", "on-demand");
        record.put("phase", "init");
        record.put("runtimeVersion", spec.runtime() + ".local");
        record.put("functionName", spec.name());
        record.put("functionVersion", spec.version());
        record.put("instanceId", logStream.substring(logStream.lastIndexOf(']') + 1));
        record.put("instanceMaxMemory", spec.memoryMb() * 1024L * 1024L);
        return root.toString();
    }

    static String start(FunctionSpec spec, String requestId) {
        ObjectNode root = envelope("platform.start");
        ObjectNode record = root.putObject("record");
        record.put("requestId", requestId);
        record.put("functionArn", spec.arn());
        record.put("version", spec.version());
        return root.toString();
    }

    private static ObjectNode envelope(String type) {
        ObjectNode root = JSON.createObjectNode();
        root.put("time", PlatformTime.now());
        root.put("type", type);
        return root;
    }
}
