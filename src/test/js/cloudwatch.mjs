// CloudWatch metrics and alarms through the AWS SDK for JavaScript v3 (which speaks awsJson1_0 to it): PutMetricData,
// GetMetricData (statistics, a percentile, metric math, Label, StatusCode, ScanBy, paging with NextToken and its
// paginator), GetMetricStatistics with ExtendedStatistics, ListMetrics with a dimension filter, PutMetricAlarm,
// DescribeAlarms' filters, DescribeAlarmsForMetric, SetAlarmState, DescribeAlarmHistory, Enable/DisableAlarmActions,
// tags, DeleteAlarms and errors (issue 16). Expected values from the CloudWatch API reference and botocore's
// cloudwatch/2010-08-01 model: error names are its shapes' (the SDK reads them from the query-compatible header).
import {
    CloudWatchClient, DeleteAlarmsCommand, DescribeAlarmHistoryCommand, DescribeAlarmsCommand, DescribeAlarmsForMetricCommand,
    DisableAlarmActionsCommand, EnableAlarmActionsCommand, GetMetricDataCommand, GetMetricStatisticsCommand,
    ListMetricsCommand, ListTagsForResourceCommand, PutMetricAlarmCommand, PutMetricDataCommand, SetAlarmStateCommand,
    TagResourceCommand, paginateGetMetricData,
} from '@aws-sdk/client-cloudwatch';
import { ACCOUNT, check, client, error } from './localcloud.mjs';

const cw = client(CloudWatchClient);
const minute = new Date(Math.floor(Date.now() / 60000) * 60000);
const start = new Date(minute.getTime() - 5 * 60000);
const end = new Date(minute.getTime() + 60000);
const fn = [{ Name: 'FunctionName', Value: 'js' }];

// 100 durations of 1..100 ms and 4 invocations with 1 error, in the minute now running.
await cw.send(new PutMetricDataCommand({
    Namespace: 'Js/Test', MetricData: [
        { MetricName: 'Duration', Dimensions: fn, Timestamp: minute, Unit: 'Milliseconds',
            Values: Array.from({ length: 100 }, (_, i) => i + 1) },
        { MetricName: 'Invocations', Dimensions: fn, Timestamp: minute, Value: 4 },
        { MetricName: 'Errors', Dimensions: fn, Timestamp: minute, Value: 1 },
    ],
}));
const stat = (id, name, s, extra = {}) => ({ Id: id, MetricStat: { Metric: { Namespace: 'Js/Test', MetricName: name, Dimensions: fn },
    Period: 60, Stat: s }, ...extra });
const queries = [stat('p90', 'Duration', 'p90'), stat('errors', 'Errors', 'Sum', { ReturnData: false }),
    stat('invocations', 'Invocations', 'Sum', { Label: 'calls' }),
    { Id: 'rate', Expression: '100 * errors / invocations', Label: 'error rate' }];
const data = await cw.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: start, EndTime: end }));
check(data.MetricDataResults.map((r) => [r.Id, r.Label, r.Values, r.StatusCode]),
    [['p90', 'Duration', [90], 'Complete'], ['invocations', 'calls', [4], 'Complete'], ['rate', 'error rate', [25], 'Complete']],
    'GetMetricData: a percentile, a Sum with its Label, metric math; ReturnData false left out');
check(data.MetricDataResults[0].Timestamps, [minute], 'a datapoint stamped with its period\'s start');

// Paging: MaxDatapoints 1 gives a page per datapoint, the unfinished results PartialData; the paginator follows NextToken.
const firstPage = await cw.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: start, EndTime: end,
    MaxDatapoints: 1, ScanBy: 'TimestampAscending' }));
check([firstPage.MetricDataResults.map((r) => r.StatusCode), typeof firstPage.NextToken],
    [['Complete', 'PartialData', 'PartialData'], 'string'], 'a first page of one datapoint');
const values = [];
for await (const page of paginateGetMetricData({ client: cw }, { MetricDataQueries: queries, StartTime: start, EndTime: end,
    MaxDatapoints: 1 })) {
    page.MetricDataResults.forEach((r) => values.push(...r.Values));
}
check(values, [90, 4, 25], 'every datapoint once across the pages');
check(await error(cw.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: start, EndTime: end, NextToken: 'bad' }))),
    ['InvalidNextToken', 400], 'a NextToken it did not hand out');
check(await error(cw.send(new GetMetricDataCommand({ MetricDataQueries: [stat('x', 'Errors', 'Bogus')], StartTime: start, EndTime: end }))),
    ['InvalidParameterValueException', 400], 'an unknown statistic');

const stats = await cw.send(new GetMetricStatisticsCommand({ Namespace: 'Js/Test', MetricName: 'Duration', Dimensions: fn,
    StartTime: start, EndTime: end, Period: 60, ExtendedStatistics: ['p50', 'p99'] }));
check([stats.Label, stats.Datapoints.map((d) => [d.ExtendedStatistics, d.Unit])], ['Duration', [[{ p50: 50, p99: 99 }, 'Milliseconds']]],
    'GetMetricStatistics with ExtendedStatistics');
check(await error(cw.send(new GetMetricStatisticsCommand({ Namespace: 'Js/Test', MetricName: 'Duration', StartTime: start,
    EndTime: end, Period: 61, Statistics: ['Sum'] }))), ['InvalidParameterValueException', 400], 'a period of 61 s');

const listed = await cw.send(new ListMetricsCommand({ Namespace: 'Js/Test', Dimensions: [{ Name: 'FunctionName', Value: 'js' }] }));
check(listed.Metrics.map((m) => m.MetricName).sort(), ['Duration', 'Errors', 'Invocations'], 'ListMetrics by a dimension');

// An alarm on one metric: 1 error of 1 datapoint above 0 gives ALARM at its first evaluation.
await cw.send(new PutMetricAlarmCommand({ AlarmName: 'js-errors', Namespace: 'Js/Test', MetricName: 'Errors', Dimensions: fn,
    Statistic: 'Sum', Period: 60, EvaluationPeriods: 3, DatapointsToAlarm: 2, Threshold: 5, ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching', Tags: [{ Key: 'lamb:function', Value: 'js' }] }));
const [alarm] = (await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'js-' }))).MetricAlarms;
check([alarm.AlarmArn, alarm.EvaluationPeriods, alarm.DatapointsToAlarm, alarm.TreatMissingData, alarm.Dimensions],
    [`arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:js-errors`, 3, 2, 'notBreaching', fn], 'DescribeAlarms by prefix');
check((await cw.send(new DescribeAlarmsForMetricCommand({ Namespace: 'Js/Test', MetricName: 'Errors', Dimensions: fn })))
    .MetricAlarms.map((a) => a.AlarmName), ['js-errors'], 'DescribeAlarmsForMetric');
await cw.send(new SetAlarmStateCommand({ AlarmName: 'js-errors', StateValue: 'ALARM', StateReason: 'by hand' }));
check((await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['js-errors'], StateValue: 'ALARM' }))).MetricAlarms
    .map((a) => a.StateReason), ['by hand'], 'DescribeAlarms by state');
check((await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: 'js-errors', HistoryItemType: 'StateUpdate' })))
    .AlarmHistoryItems.map((i) => i.HistorySummary), ['Alarm updated from INSUFFICIENT_DATA to ALARM'], 'DescribeAlarmHistory');
check(await error(cw.send(new SetAlarmStateCommand({ AlarmName: 'js-none', StateValue: 'OK', StateReason: 'x' }))),
    ['ResourceNotFound', 404], 'SetAlarmState on no alarm');
await cw.send(new DisableAlarmActionsCommand({ AlarmNames: ['js-errors'] }));
check((await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['js-errors'] }))).MetricAlarms[0].ActionsEnabled, false,
    'DisableAlarmActions');
await cw.send(new EnableAlarmActionsCommand({ AlarmNames: ['js-errors'] }));
await cw.send(new TagResourceCommand({ ResourceARN: alarm.AlarmArn, Tags: [{ Key: 'team', Value: 'core' }] }));
check((await cw.send(new ListTagsForResourceCommand({ ResourceARN: alarm.AlarmArn }))).Tags,
    [{ Key: 'lamb:function', Value: 'js' }, { Key: 'team', Value: 'core' }], 'tags');
check(await error(cw.send(new ListTagsForResourceCommand({ ResourceARN: `${alarm.AlarmArn}-none` }))),
    ['ResourceNotFoundException', 404], 'tags of no alarm');
// The reference: "if you specify any incorrect alarm names, the alarms you specify with correct names are still deleted".
await cw.send(new DeleteAlarmsCommand({ AlarmNames: ['js-none', 'js-errors'] }));
check((await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['js-errors'] }))).MetricAlarms, [], 'DeleteAlarms');
console.log('ok cloudwatch');
