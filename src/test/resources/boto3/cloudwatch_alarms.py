"""CloudWatch metric alarms through boto3: PutMetricAlarm, DescribeAlarms with its paginator and the alarm_exists
waiter, evaluation as time passes (the cloud's minute scaled to 0.6 s), SetAlarmState, DescribeAlarmHistory,
Enable/DisableAlarmActions, tags, errors. Expected values from botocore's cloudwatch/2010-08-01 service model,
paginators-1.json and waiters-2.json, and the CloudWatch user guide's alarm evaluation. Run as: cloudwatch_alarms.py ENDPOINT"""
import time
from datetime import datetime, timezone

from localcloud import check, client, error

cw = client('cloudwatch')
ARN = 'arn:aws:cloudwatch:us-east-1:000000000000:alarm:'


def alarm(name):
    return cw.describe_alarms(AlarmNames=[name])['MetricAlarms'][0]


def await_state(name, state):
    deadline = time.time() + 20
    while time.time() < deadline:
        found = alarm(name)
        if found['StateValue'] == state:
            return found
        time.sleep(0.2)
    raise AssertionError(f'{name} did not reach {state}: {found}')


for i in range(3):
    cw.put_metric_alarm(AlarmName=f'boto3-page-{i}', Namespace='Boto3/Test', MetricName='Errors', Statistic='Sum', Period=60,
                        EvaluationPeriods=1, Threshold=0, ComparisonOperator='GreaterThanThreshold',
                        Dimensions=[{'Name': 'FunctionName', 'Value': f'fn{i}'}])
cw.get_waiter('alarm_exists').wait(AlarmNames=['boto3-page-2'])
# DescribeAlarms pages with NextToken and MaxRecords (paginators-1.json), in the order of the names.
names = [a['AlarmName'] for page in cw.get_paginator('describe_alarms').paginate(AlarmNamePrefix='boto3-page-',
                                                                                   PaginationConfig={'PageSize': 2})
         for a in page['MetricAlarms']]
check(names, ['boto3-page-0', 'boto3-page-1', 'boto3-page-2'], 'DescribeAlarms pages')
first = alarm('boto3-page-0')
check(first['StateValue'] in ('INSUFFICIENT_DATA', 'OK'), True, 'a new alarm before data')
check(isinstance(first['StateUpdatedTimestamp'], datetime), True, 'StateUpdatedTimestamp is a timestamp')
check(first['Dimensions'], [{'Name': 'FunctionName', 'Value': 'fn0'}], 'Dimensions')
check(error(cw.describe_alarms, NextToken='not-a-token'), ('InvalidNextToken', 400), 'a bad NextToken')

# A breaching datapoint now: 1 of 1 above 0, so ALARM; the action is recorded, as SNS cannot be reached locally.
cw.put_metric_alarm(AlarmName='boto3-errors', Namespace='Boto3/Test', MetricName='Errors', Statistic='Sum', Period=60,
                    EvaluationPeriods=1, Threshold=0, ComparisonOperator='GreaterThanThreshold',
                    Dimensions=[{'Name': 'FunctionName', 'Value': 'boto3'}], TreatMissingData='notBreaching',
                    OKActions=['arn:aws:sns:us-east-1:000000000000:ok'], Tags=[{'Key': 'lamb', 'Value': 'boto3'}])
await_state('boto3-errors', 'OK')
cw.put_metric_data(Namespace='Boto3/Test', MetricData=[{'MetricName': 'Errors', 'Value': 3,
                                                        'Dimensions': [{'Name': 'FunctionName', 'Value': 'boto3'}],
                                                        'Timestamp': datetime.now(timezone.utc)}])
alarming = await_state('boto3-errors', 'ALARM')
check(alarming['StateReason'].startswith('Threshold Crossed: 1 out of the last 1 datapoints [3.0 ('), True, alarming['StateReason'])
check(alarming['StateTransitionedTimestamp'] >= alarming['AlarmConfigurationUpdatedTimestamp'], True, 'transitioned after creation')

# SetAlarmState: the state given, until the next evaluation puts it back (the reference: "returns to its actual state").
cw.disable_alarm_actions(AlarmNames=['boto3-errors'])
check(alarm('boto3-errors')['ActionsEnabled'], False, 'DisableAlarmActions')
cw.set_alarm_state(AlarmName='boto3-errors', StateValue='OK', StateReason='by hand', StateReasonData='{"who": "boto3"}')
await_state('boto3-errors', 'ALARM')
history = cw.describe_alarm_history(AlarmName='boto3-errors', HistoryItemType='StateUpdate', ScanBy='TimestampAscending')
check([h['HistorySummary'] for h in history['AlarmHistoryItems']],
      ['Alarm updated from INSUFFICIENT_DATA to OK', 'Alarm updated from OK to ALARM', 'Alarm updated from ALARM to OK',
       'Alarm updated from OK to ALARM'], 'StateUpdate history')
check(history['AlarmHistoryItems'][2]['AlarmType'], 'MetricAlarm', 'AlarmType')
# Actions ran only while enabled: the OK action of the first transition to OK, none after DisableAlarmActions.
actions = cw.describe_alarm_history(AlarmName='boto3-errors', HistoryItemType='Action')['AlarmHistoryItems']
check(len(actions), 1, 'Action items')
cw.enable_alarm_actions(AlarmNames=['boto3-errors', 'nobody'])
check(alarm('boto3-errors')['ActionsEnabled'], True, 'EnableAlarmActions')
paged = [i for page in cw.get_paginator('describe_alarm_history').paginate(AlarmName='boto3-errors',
                                                                            PaginationConfig={'PageSize': 2})
         for i in page['AlarmHistoryItems']]
check(len(paged), len(cw.describe_alarm_history(AlarmName='boto3-errors')['AlarmHistoryItems']), 'history pages')

check(cw.list_tags_for_resource(ResourceARN=ARN + 'boto3-errors')['Tags'], [{'Key': 'lamb', 'Value': 'boto3'}], 'Tags on create')
check(error(cw.tag_resource, ResourceARN=ARN + 'nobody', Tags=[{'Key': 'a', 'Value': 'b'}]), ('ResourceNotFoundException', 404),
      'TagResource of no alarm')
check(error(cw.put_metric_alarm, AlarmName='bad', Namespace='Boto3/Test', MetricName='Errors', Statistic='Sum',
            ExtendedStatistic='p99', Period=60, EvaluationPeriods=1, Threshold=0, ComparisonOperator='GreaterThanThreshold'),
      ('InvalidParameterCombination', 400), 'Statistic with ExtendedStatistic')
check(error(cw.put_metric_alarm, AlarmName='bad', Metrics=[{'Id': 'm', 'MetricStat': {
    'Metric': {'Namespace': 'Boto3/Test', 'MetricName': 'Errors'}, 'Period': 60, 'Stat': 'Sum'}, 'ReturnData': False}],
            EvaluationPeriods=1, Threshold=0, ComparisonOperator='GreaterThanThreshold'),
      ('InvalidParameterValue', 400), 'metric math with nothing returned')
check(error(cw.put_metric_alarm, AlarmName='bad', Metrics=[{'Id': 'rate', 'Expression': '100 * nobody', 'ReturnData': True,
                                                           'Period': 60}],
            EvaluationPeriods=1, Threshold=0, ComparisonOperator='GreaterThanThreshold'),
      ('InvalidParameterValue', 400), 'metric math naming no query')
check(error(cw.put_metric_alarm, AlarmName='bad', Metrics=[{'Id': 'rate', 'Expression': 'RATE(m)', 'ReturnData': True, 'Period': 60},
                                                           {'Id': 'm', 'MetricStat': {'Metric': {'Namespace': 'Boto3/Test',
                                                            'MetricName': 'Errors'}, 'Period': 60, 'Stat': 'Sum'}, 'ReturnData': False}],
            EvaluationPeriods=1, Threshold=0, ComparisonOperator='GreaterThanThreshold'),
      ('NotImplemented', 400), 'metric math the local cloud cannot evaluate, refused at put')
# DeleteAlarms (the reference): "if you specify any incorrect alarm names, the alarms you specify with correct names are
# still deleted".
cw.delete_alarms(AlarmNames=['boto3-errors', 'nobody', 'boto3-page-0', 'boto3-page-1', 'boto3-page-2'])
check(cw.describe_alarms(AlarmNamePrefix='boto3-')['MetricAlarms'], [], 'DeleteAlarms with a name of no alarm')
print('ok cloudwatch alarms')
