package dev.lamb.aws;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the AWS operations lamb calls, once per call whatever its retries, split into reads (Get,
 * List, Describe, Filter) and writes: how a no-op deploy proves it changed nothing.
 */
public final class CallCounter implements ExecutionInterceptor {
    private final Map<String, AtomicInteger> byOperation = new TreeMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        synchronized (byOperation) {
            byOperation.computeIfAbsent(service + "." + operation, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    public static boolean isRead(String operation) {
        String op = operation.substring(operation.indexOf('.') + 1);
        return op.startsWith("Get") || op.startsWith("List") || op.startsWith("Describe") || op.startsWith("Filter")
                || op.startsWith("BatchGet");
    }

    /** Calls so far, by "Service.Operation". */
    public Map<String, Integer> byOperation() {
        synchronized (byOperation) {
            Map<String, Integer> copy = new TreeMap<>();
            byOperation.forEach((k, v) -> copy.put(k, v.get()));
            return copy;
        }
    }

    public int reads() {
        return byOperation().entrySet().stream().filter(e -> isRead(e.getKey())).mapToInt(Map.Entry::getValue).sum();
    }

    public int writes() {
        return byOperation().entrySet().stream().filter(e -> !isRead(e.getKey())).mapToInt(Map.Entry::getValue).sum();
    }
}
