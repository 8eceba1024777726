"""CloudWatch metrics through boto3, which speaks awsJson1_0 to CloudWatch (botocore 1.43 prefers it among the protocols
its cloudwatch/2010-08-01 model lists: smithy-rpc-v2-cbor, json, query): datapoints in, statistics, percentiles, metric math and pages out, and errors
by the query codes the model's awsQueryCompatible errors carry. Expected values from that model, its paginators-1.json
and the CloudWatch API reference. Run as: cloudwatch_roundtrips.py ENDPOINT."""
import os
from datetime import datetime, timedelta, timezone

from localcloud import check, client, outcome

cw = client('cloudwatch')
NS = f'Boto3/Test{os.getpid()}'
sent = []
cw.meta.events.register('before-send.cloudwatch', lambda request, **_: sent.append(request.headers.get('X-Amz-Target')))

minute = datetime.now(timezone.utc).replace(second=0, microsecond=0) - timedelta(minutes=5)
window = {'StartTime': minute - timedelta(minutes=10), 'EndTime': minute + timedelta(minutes=10)}
dims = [{'Name': 'Stage', 'Value': 'dev'}]
cw.put_metric_data(Namespace=NS, MetricData=[
    {'MetricName': 'Duration', 'Dimensions': dims, 'Timestamp': minute + timedelta(seconds=5), 'Value': 40, 'Unit': 'Milliseconds'},
    {'MetricName': 'Duration', 'Dimensions': dims, 'Timestamp': minute + timedelta(seconds=6), 'Values': [10, 20, 30],
     'Counts': [1, 1, 2], 'Unit': 'Milliseconds'},
    {'MetricName': 'Duration', 'Dimensions': dims, 'Timestamp': minute + timedelta(minutes=1),
     'StatisticValues': {'SampleCount': 4, 'Sum': 100, 'Minimum': 10, 'Maximum': 40}, 'Unit': 'Milliseconds'},
    {'MetricName': 'Requests', 'Dimensions': dims, 'Timestamp': minute + timedelta(seconds=5), 'Value': 8, 'Unit': 'Count'},
])
check(sent, [b'GraniteServiceVersion20100801.PutMetricData'], 'the protocol boto3 sends: awsJson1_0')

stats = cw.get_metric_statistics(Namespace=NS, MetricName='Duration', Dimensions=dims, Period=60,
                                 Statistics=['Average', 'SampleCount', 'Minimum'], **window)
points = sorted(stats['Datapoints'], key=lambda p: p['Timestamp'])
check([p['Timestamp'] for p in points], [minute, minute + timedelta(minutes=1)], 'GetMetricStatistics timestamps')
check([p['SampleCount'] for p in points], [5.0, 4.0], 'SampleCount')
check(points[0]['Average'], (40 + 10 + 20 + 60) / 5, 'Average of values with counts')
check(points[1]['Minimum'], 10.0, 'Minimum of a statistic set')
check(points[0]['Unit'], 'Milliseconds', 'Unit')

extended = cw.get_metric_statistics(Namespace=NS, MetricName='Duration', Dimensions=dims, Period=60,
                                    ExtendedStatistics=['p50', 'p99.9'], **window)['Datapoints']
by_time = {p['Timestamp']: p.get('ExtendedStatistics', {}) for p in extended}
# Nearest rank over 10, 20, 30, 30, 40; a statistic set of unlike values has no percentiles (API reference).
check(by_time[minute], {'p50': 30.0, 'p99.9': 40.0}, 'ExtendedStatistics')
check(by_time[minute + timedelta(minutes=1)], {}, 'percentiles of a statistic set')

queries = [
    {'Id': 'duration', 'MetricStat': {'Metric': {'Namespace': NS, 'MetricName': 'Duration', 'Dimensions': dims},
                                      'Period': 60, 'Stat': 'Sum'}},
    {'Id': 'requests', 'MetricStat': {'Metric': {'Namespace': NS, 'MetricName': 'Requests', 'Dimensions': dims},
                                      'Period': 60, 'Stat': 'Sum'}, 'ReturnData': False},
    {'Id': 'total', 'Expression': 'SUM(METRICS())', 'Label': 'all'},
    {'Id': 'ratio', 'Expression': 'duration / FILL(requests, REPEAT)'},
]
# GetMetricData pages by MaxDatapoints with NextToken (paginators-1.json), oldest first with TimestampAscending.
results = {}
for page in cw.get_paginator('get_metric_data').paginate(MetricDataQueries=queries, ScanBy='TimestampAscending',
                                                          MaxDatapoints=2, **window):
    for r in page['MetricDataResults']:
        got = results.setdefault(r['Id'], {'Label': r['Label'], 'Timestamps': [], 'Values': []})
        got['Timestamps'] += r['Timestamps']
        got['Values'] += r['Values']
check(sorted(results), ['duration', 'ratio', 'total'], 'the ids that return data')
check(results['duration']['Values'], [130.0, 100.0], 'Sum per minute')
check(results['duration']['Timestamps'], [minute, minute + timedelta(minutes=1)], 'Timestamps ascending')
check(results['total']['Values'], [138.0, 100.0], 'SUM(METRICS())')
check(results['total']['Label'], 'all', 'Label')
check(results['ratio']['Values'], [130 / 8, 100 / 8], 'FILL(requests, REPEAT)')

# Review 16, item 1: botocore gzips a body of 10,240 bytes or more (its request_min_compression_size_bytes) for an
# operation the model marks "requestcompression": {"encodings": ["gzip"]}, as it marks PutMetricData, and says so in
# Content-Encoding. 300 datums (of the 1,000 PutMetricData takes) make a body past that; the cloud inflates it.
encodings = []
cw.meta.events.register('before-send.cloudwatch.PutMetricData',
                        lambda request, **_: encodings.append(request.headers.get('Content-Encoding')))
cw.put_metric_data(Namespace=NS + '/Big', MetricData=[
    {'MetricName': 'Big', 'Dimensions': dims, 'Timestamp': minute + timedelta(seconds=7), 'Value': v, 'Unit': 'Count'}
    for v in range(300)])
check(encodings, [b'gzip'], 'the body boto3 sends compressed')
big = cw.get_metric_statistics(Namespace=NS + '/Big', MetricName='Big', Dimensions=dims, Period=60,
                               Statistics=['Sum', 'SampleCount'], **window)['Datapoints']
check([(p['Sum'], p['SampleCount']) for p in big], [(sum(range(300)) * 1.0, 300.0)], 'the compressed datums read back')

listed = [m for page in cw.get_paginator('list_metrics').paginate(Namespace=NS) for m in page['Metrics']]
check(sorted(m['MetricName'] for m in listed), ['Duration', 'Requests'], 'ListMetrics')
check(listed[0]['Dimensions'], dims, 'ListMetrics dimensions')

check(outcome(cw.put_metric_data, Namespace='AWS/Lambda', MetricData=[{'MetricName': 'x', 'Value': 1}]),
      ('InvalidParameterValue', 400), 'a namespace of AWS/')
check(outcome(cw.put_metric_data, Namespace=NS, MetricData=[{'MetricName': 'x', 'Value': 1,
                                                                       'StatisticValues': {'SampleCount': 1, 'Sum': 1,
                                                                                           'Minimum': 1, 'Maximum': 1}}]),
      ('InvalidParameterCombination', 400), 'Value with StatisticValues')
check(outcome(cw.get_metric_data, MetricDataQueries=queries, NextToken='not-a-token', **window), ('InvalidNextToken', 400),
      'an unknown NextToken')
check(outcome(cw.get_metric_statistics, Namespace=NS, MetricName='Duration', Period=60, Statistics=['Sum'],
              StartTime=window['EndTime'], EndTime=window['StartTime']), ('InvalidParameterValue', 400), 'a window backwards')
print('ok cloudwatch')
