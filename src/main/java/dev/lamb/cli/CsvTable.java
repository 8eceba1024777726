package dev.lamb.cli;

/**
 * Said by a command whose result is a table that --output csv can print (lamb tune's sizes, lamb metrics' series): help,
 * completion and the printer offer csv to it, and refuse it to every other command.
 */
interface CsvTable {}
