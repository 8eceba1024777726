package dev.lamb.local.cloud.cloudwatch;

import java.time.Instant;

/**
 * One item of an alarm's history (AlarmHistoryItem): a ConfigurationUpdate, a StateUpdate or an Action, with its
 * summary and its JSON data as CloudWatch writes them.
 */
record AlarmHistoryItem(String alarmName, Instant timestamp, String type, String summary, String data) {
    static final String CONFIGURATION_UPDATE = "ConfigurationUpdate";
    static final String STATE_UPDATE = "StateUpdate";
    static final String ACTION = "Action";
    /** Every item here is a metric alarm's: the local cloud has no composite alarms. */
    static final String ALARM_TYPE = "MetricAlarm";
}
