package dev.lamb.cli;

/**
 * Said by a command whose result --output sarif can print as a SARIF 2.1.0 log (lamb audit's findings): help,
 * completion and the printer offer sarif to it, and refuse it to every other command.
 */
interface SarifLog {}
