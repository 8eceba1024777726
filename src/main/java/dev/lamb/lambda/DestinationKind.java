package dev.lamb.lambda;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The kinds of destination Lambda sends asynchronous invocation records to, each once: the ARN lamb.toml may name, what
 * the function's execution role must be allowed to do there, and whether it takes the records of successes too. The
 * Lambda developer guide's "Capturing records of Lambda asynchronous invocations" lists them, with the permissions: a
 * function (lambda:InvokeFunction), a standard SQS queue (sqs:SendMessage), a standard SNS topic (sns:Publish), an
 * EventBridge event bus (events:PutEvents), and an S3 bucket (s3:PutObject and s3:ListBucket), on failure only. The
 * same page says delivery to an SQS FIFO queue or an SNS FIFO topic fails, so lamb.toml may not name one.
 * Lamb's local cloud delivers to functions and buckets (its AsyncInvocations), and says so for the others.
 */
public enum DestinationKind {
    FUNCTION("lambda", "a function", "lambda:[a-z0-9-]+:\\d{12}:function:[a-zA-Z0-9_-]+(:[a-zA-Z0-9_$-]+)?", true,
            List.of(new Grant("lambda:InvokeFunction", UnaryOperator.identity()))),
    QUEUE("sqs", "an SQS queue", "sqs:[a-z0-9-]+:\\d{12}:[a-zA-Z0-9_-]+", true,
            List.of(new Grant("sqs:SendMessage", UnaryOperator.identity()))),
    TOPIC("sns", "an SNS topic", "sns:[a-z0-9-]+:\\d{12}:[a-zA-Z0-9_-]+", true,
            List.of(new Grant("sns:Publish", UnaryOperator.identity()))),
    EVENT_BUS("events", "an EventBridge event bus", "events:[a-z0-9-]+:\\d{12}:event-bus/[a-zA-Z0-9._/-]+", true,
            List.of(new Grant("events:PutEvents", UnaryOperator.identity()))),
    // PutObject acts on the bucket's objects, ListBucket on the bucket (the S3 user guide's resource types).
    BUCKET("s3", "an S3 bucket", "s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", false,
            List.of(new Grant("s3:PutObject", arn -> arn + "/*"), new Grant("s3:ListBucket", UnaryOperator.identity())));

    private static final Pattern FIFO = Pattern.compile("arn:aws[a-z-]*:(sqs|sns):[a-z0-9-]+:\\d{12}:[a-zA-Z0-9_-]+\\.fifo");

    /** One action the execution role needs, on the resource made from the destination's ARN. */
    public record Grant(String action, UnaryOperator<String> resource) {}

    private final String service;
    private final String noun;
    private final Pattern arn;
    private final boolean takesSuccess;
    private final List<Grant> grants;

    DestinationKind(String service, String noun, String arnTail, boolean takesSuccess, List<Grant> grants) {
        this.service = service;
        this.noun = noun;
        this.arn = Pattern.compile("arn:aws[a-z-]*:" + arnTail);
        this.takesSuccess = takesSuccess;
        this.grants = grants;
    }

    /** The kind a well-formed destination ARN names; empty for anything else. */
    public static Optional<DestinationKind> of(String arn) {
        for (DestinationKind kind : values()) {
            if (kind.arn.matcher(arn).matches()) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The kind of an ARN's service ("sqs"), as Lambda's API sorts what it is given; empty for a service it does not send to. */
    public static Optional<DestinationKind> ofService(String service) {
        for (DestinationKind kind : values()) {
            if (kind.service.equals(service)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** "a function, an SQS queue, an SNS topic, an EventBridge event bus or an S3 bucket", for error messages. */
    private static String nouns(boolean success) {
        List<String> nouns = Arrays.stream(values()).filter(k -> !success || k.takesSuccess).map(k -> k.noun).toList();
        return String.join(", ", nouns.subList(0, nouns.size() - 1)) + " or " + nouns.get(nouns.size() - 1);
    }

    /**
     * What to give instead of {@code arn}, which is not a destination for successes ({@code success}) or failures: the
     * kinds that are, and why this one is not when it looks like one (a FIFO queue or topic, an S3 bucket for successes).
     */
    public static String expected(String arn, boolean success) {
        String why = FIFO.matcher(arn).matches() ? " (a standard queue or topic: Lambda does not send records to FIFO ones)"
                : success ? " (Lambda sends S3 buckets failures only)" : "";
        return "give the ARN of " + nouns(success) + why;
    }

    public String noun() {
        return noun;
    }

    /** Whether Lambda sends this kind the records of successful invocations, not only of failed ones. */
    public boolean takesSuccess() {
        return takesSuccess;
    }

    public List<Grant> grants() {
        return grants;
    }
}
