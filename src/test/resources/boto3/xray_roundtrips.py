"""X-Ray through boto3: segments in, summaries and traces out, a filter expression, paginators, page tokens, the
service graph, errors. Expected values from botocore's xray/2016-04-12 service model and paginators-1.json, and the
X-Ray API reference. Run as: xray_roundtrips.py ENDPOINT [ACCOUNT moto]; against moto's server, the checks where it
answers otherwise than the reference print a 'moto differs' line, and what moto does not serve (filter expressions,
"Not implemented yet") is skipped."""
import json
import os
import time
from datetime import datetime, timezone

from localcloud import MOTO, check, client, error, outcome, pages, reference

xray = client('xray')
now = time.time()


def trace_id():
    return f'1-{int(now):08x}-{os.urandom(12).hex()}'


def segment(trace, name, seconds, **fields):
    return json.dumps({'name': name, 'id': os.urandom(8).hex(), 'trace_id': trace, 'start_time': now - 5,
                       'end_time': now - 5 + seconds, **fields})


fast, slow, failed = trace_id(), trace_id(), trace_id()
put = xray.put_trace_segments(TraceSegmentDocuments=[
    segment(fast, 'boto3-fn', 0.1), segment(slow, 'boto3-fn', 2.5), segment(failed, 'boto3-fn', 0.2, fault=True),
    '{"name": "no id"}'])
unprocessed = put['UnprocessedTraceSegments']
reference([u['ErrorCode'] for u in unprocessed], ['InvalidSegment'], 'UnprocessedTraceSegments')

window = {'StartTime': datetime.fromtimestamp(now - 60, timezone.utc), 'EndTime': datetime.fromtimestamp(now + 60, timezone.utc)}
# GetTraceSummaries pages with NextToken (paginators-1.json).
summaries = [s for page in pages(xray.get_paginator('get_trace_summaries'), 'TraceSummaries', **window) for s in page]
check(sorted(s['Id'] for s in summaries), sorted([fast, slow, failed]), 'GetTraceSummaries')
by_id = {s['Id']: s for s in summaries}
check(by_id[failed]['HasFault'], True, 'HasFault')
check(by_id[fast]['HasFault'], False, 'HasFault of an ok trace')
reference(round(by_id[slow]['Duration'], 2), 2.5, 'Duration')

if not MOTO:
    filtered = xray.get_trace_summaries(FilterExpression='duration > 1', **window)['TraceSummaries']
    check([s['Id'] for s in filtered], [slow], 'FilterExpression duration > 1')
    check(xray.get_trace_summaries(FilterExpression='fault', **window)['TraceSummaries'][0]['Id'], failed,
          'FilterExpression fault')

traces = [t for page in pages(xray.get_paginator('batch_get_traces'), 'Traces', TraceIds=[fast, slow]) for t in page]
check(sorted(t['Id'] for t in traces), sorted([fast, slow]), 'BatchGetTraces')
document = json.loads(traces[0]['Segments'][0]['Document'])
check((document['name'], document['trace_id']), ('boto3-fn', traces[0]['Id']), 'the segment document as sent')
missing = xray.batch_get_traces(TraceIds=[trace_id()])
check((missing['Traces'], len(missing['UnprocessedTraceIds'])), ([], 1), 'BatchGetTraces of an unknown trace')

# GetServiceGraph (X-Ray API reference): services as nodes, calls as edges with their summary statistics. An API
# calls DynamoDB (throttled: an error) and a worker whose segment answers the call; boto3-fn's traces have no callers.
graph_trace = trace_id()
api_id, dynamo_id, call_id = os.urandom(8).hex(), os.urandom(8).hex(), os.urandom(8).hex()
xray.put_trace_segments(TraceSegmentDocuments=[
    json.dumps({'name': 'boto3-api', 'id': api_id, 'trace_id': graph_trace, 'start_time': now - 4, 'end_time': now - 3,
                'origin': 'AWS::EC2::Instance', 'subsegments': [
                    {'id': dynamo_id, 'name': 'DynamoDB', 'namespace': 'aws', 'start_time': now - 3.9, 'end_time': now - 3.8,
                     'error': True, 'throttle': True},
                    {'id': call_id, 'name': 'boto3-worker', 'namespace': 'remote', 'start_time': now - 3.7,
                     'end_time': now - 3.2}]}),
    segment(graph_trace, 'boto3-worker', 0.4, parent_id=call_id)])
services = [s for page in pages(xray.get_paginator('get_service_graph'), 'Services', **window) for s in page]
by_name = {s['Name']: s for s in services}
reference(sorted(by_name), ['DynamoDB', 'boto3-api', 'boto3-fn', 'boto3-worker'], 'GetServiceGraph services')
if sorted(by_name) == ['DynamoDB', 'boto3-api', 'boto3-fn', 'boto3-worker']:
    api, dynamo, worker, fn = by_name['boto3-api'], by_name['DynamoDB'], by_name['boto3-worker'], by_name['boto3-fn']
    check((api['Root'], worker['Root'], fn['Root'], api['Type'], dynamo['Type']),
          (True, False, True, 'AWS::EC2::Instance', 'AWS::DynamoDB'), 'Root and Type')
    check(sorted(e['ReferenceId'] for e in api['Edges']), sorted([dynamo['ReferenceId'], worker['ReferenceId']]),
          'edges of boto3-api')
    to_dynamo = next(e for e in api['Edges'] if e['ReferenceId'] == dynamo['ReferenceId'])['SummaryStatistics']
    check((to_dynamo['OkCount'], to_dynamo['ErrorStatistics'], to_dynamo['TotalCount']),
          (0, {'ThrottleCount': 1, 'OtherCount': 0, 'TotalCount': 1}, 1), 'the throttled call to DynamoDB')
    check((fn['SummaryStatistics']['OkCount'], fn['SummaryStatistics']['FaultStatistics']['TotalCount'],
           fn['SummaryStatistics']['TotalCount']), (2, 1, 3), 'boto3-fn statistics')
    assert abs(fn['SummaryStatistics']['TotalResponseTime'] - 2.8) < 0.01, fn['SummaryStatistics']
    check(fn['Edges'], [], 'a service that calls nothing')

# Paging (issue 14): NextToken resumes after the last summary returned, in the order traces were first recorded, so a
# trace that arrives between pages comes after the others, and a late segment that starts a trace earlier (an SDK's
# client segment) neither makes a trace returned repeat nor one not yet returned skip. X-Ray answers at most 100 summaries a page (the API
# reference); these 101 traces live an hour back, in a window of their own.
hour_ago = now - 3600


def old_trace():
    return f'1-{int(hour_ago):08x}-{os.urandom(12).hex()}'


def old_segment(trace, start):
    return json.dumps({'name': 'boto3-paged', 'id': os.urandom(8).hex(), 'trace_id': trace, 'start_time': start,
                       'end_time': start + 0.1})


paged = [old_trace() for _ in range(101)]
xray.put_trace_segments(TraceSegmentDocuments=[old_segment(t, hour_ago + i / 100) for i, t in enumerate(paged)])
old_window = {'StartTime': datetime.fromtimestamp(hour_ago - 60, timezone.utc),
              'EndTime': datetime.fromtimestamp(hour_ago + 60, timezone.utc)}
first = xray.get_trace_summaries(**old_window)
reference((len(first['TraceSummaries']), 'NextToken' in first), (100, True), 'the first page: 100 summaries, a NextToken')
late = old_trace()
xray.put_trace_segments(TraceSegmentDocuments=[old_segment(late, hour_ago - 1), old_segment(paged[3], hour_ago - 2),
                                               old_segment(paged[100], hour_ago - 2)])
if 'NextToken' in first:
    check([s['Id'] for s in first['TraceSummaries']], paged[:100], 'the first page, in the order recorded')
    second = xray.get_trace_summaries(NextToken=first['NextToken'], **old_window)
    check(([s['Id'] for s in second['TraceSummaries']], second.get('NextToken')), ([paged[100], late], None),
          'the second page, after late segments started a returned and an unreturned trace earlier')
# A token X-Ray did not hand out: the model's InvalidRequestException (400).
reference(outcome(xray.get_trace_summaries, NextToken='lamb-100', **old_window), ('InvalidRequestException', 400),
          'GetTraceSummaries with an unknown NextToken')
# BatchGetTraces answers at most 5 traces a call; its NextToken resumes after the last one given.
batches = list(pages(xray.get_paginator('batch_get_traces'), 'Traces', TraceIds=paged[:7]))
check(sorted(t['Id'] for b in batches for t in b), sorted(paged[:7]), 'BatchGetTraces')
reference([len(b) for b in batches], [5, 2], 'BatchGetTraces, five a page')
if 'NextToken' in first:
    check(error(xray.batch_get_traces, TraceIds=paged[:7], NextToken=first['NextToken']), ('InvalidRequestException', 400),
          "BatchGetTraces with GetTraceSummaries' NextToken")

backwards = {'StartTime': window['EndTime'], 'EndTime': window['StartTime']}
reference(outcome(xray.get_service_graph, **backwards), ('InvalidRequestException', 400), 'GetServiceGraph backwards')
# GetServiceGraph answers one page, with no NextToken: a token it did not hand out is refused (the model's
# InvalidRequestException).
reference(outcome(xray.get_service_graph, NextToken='lamb-1', **window), ('InvalidRequestException', 400),
          'GetServiceGraph with an unknown NextToken')
reference(outcome(xray.get_trace_summaries, **backwards), ('InvalidRequestException', 400), 'GetTraceSummaries backwards')
print('ok xray')
