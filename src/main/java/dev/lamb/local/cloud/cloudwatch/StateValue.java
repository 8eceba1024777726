package dev.lamb.local.cloud.cloudwatch;

/** An alarm's state, as CloudWatch's model names it (StateValue). */
public enum StateValue {
    OK, ALARM, INSUFFICIENT_DATA
}
