package dev.lamb.logs;

/** A log group a follow reads: the function it belongs to, its name, and its ARN (for Live Tail) once known. */
public record LogGroupRef(String function, String name, String arn) {
    public LogGroupRef withArn(String arn) {
        return new LogGroupRef(function, name, arn);
    }
}
