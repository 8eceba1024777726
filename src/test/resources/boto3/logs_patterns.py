"""CloudWatch Logs filter patterns, tags, errors and page tokens through boto3 (issue 14).
Expected values: filter patterns from CloudWatch Logs' "Filter pattern syntax" reference (its examples); tags and
errors from botocore's logs/2014-03-28 model; the :* ARN's ValidationException as AWS answers it (boto/boto3#4104);
UnknownOperationException as awsJson services answer an X-Amz-Target they do not have.
Prints one line per check, 'pass NAME' or 'FAIL NAME: why', then 'ok logs-patterns' when all passed; run against
moto's server too, where the reference wins on each disagreement (the caller says which it expects)."""
import json
import sys
import time
import urllib.request

import botocore.auth
import botocore.awsrequest
import botocore.credentials

from localcloud import ACCOUNT, ENDPOINT, client, error

account = sys.argv[2] if len(sys.argv) > 2 else ACCOUNT
logs = client('logs')
failed = []


def check(name, actual, expected):
    if actual == expected:
        print(f'pass {name}')
    else:
        failed.append(name)
        print(f'FAIL {name}: expected {expected!r}, got {actual!r}')


def attempt(name, call):
    try:
        call()
    except Exception as e:  # a check moto does not serve fails alone
        failed.append(name)
        print(f'FAIL {name}: {type(e).__name__}: {e}')


group = '/boto3/patterns'
now = int(time.time() * 1000)
events = {
    'trail': json.dumps({'eventType': 'UpdateTrail', 'level': 'error', 'latency': 250, 'SomeObject': None}),
    'info': json.dumps({'level': 'info', 'latency': 50, 'user': {'id': 7, 'roles': ['admin']}}),
    'ok': '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534',
    'missing': '127.0.0.2 - bob [10/Oct/2000:13:25:16 -0700] "GET /missing HTTP/1.0" 404 0',
    'plain': 'ERROR plain text',
}
logs.create_log_group(logGroupName=group)
logs.create_log_stream(logGroupName=group, logStreamName='s')
logs.put_log_events(logGroupName=group, logStreamName='s',
                    logEvents=[{'timestamp': now + i, 'message': m} for i, m in enumerate(events.values())])
name_of = {m: k for k, m in events.items()}


def matched(pattern):
    found = logs.filter_log_events(logGroupName=group, filterPattern=pattern)['events']
    return [name_of[e['message']] for e in found]


patterns = [
    ('{ $.level = "error" }', ['trail']),
    ('{ $.latency > 100 }', ['trail']),
    ('{ $.user.roles[0] = * }', ['info']),
    ('{ $.level = "info" && $.latency < 100 }', ['info']),
    ('{ $.level = "error" || $.user.id = 7 }', ['trail', 'info']),
    ('{ ($.level = "info" || $.level = "error") && $.latency >= 250 }', ['trail']),
    ('{ $.missing NOT EXISTS }', ['trail', 'info']),
    ('{ $.SomeObject IS NULL }', ['trail']),
    ('{ $.eventType = "Update*" }', ['trail']),
    ('[ip, user, username, timestamp, request, status_code = 4*, bytes]', ['missing']),
    ('[ip, ..., status_code = 200, bytes > 1000]', ['ok']),
    ('[ip = 127.0.0.*, ...]', ['ok', 'missing']),
    ('[w1 = "ERROR", ...]', ['plain']),
    ('ERROR', ['plain']),
    ('"GET /missing"', ['missing']),
]
for pattern, expected in patterns:
    attempt(f'filter {pattern}', lambda: check(f'filter {pattern}', matched(pattern), expected))
for bad in ['{ $.level = }', '[a, b', '{ $.latency > abc }']:
    attempt(f'invalid {bad}', lambda: check(f'invalid {bad}', error(logs.filter_log_events, logGroupName=group,
                                                                     filterPattern=bad), ('InvalidParameterException', 400)))

# Tags: the tagging API by the log group's ARN without :* (logGroupArn), and the older one by name.
arn = f'arn:aws:logs:us-east-1:{account}:log-group:{group}'


def tags():
    logs.tag_resource(resourceArn=arn, tags={'team': 'lamb', 'stage': 'dev'})
    check('ListTagsForResource', logs.list_tags_for_resource(resourceArn=arn)['tags'], {'team': 'lamb', 'stage': 'dev'})
    logs.untag_resource(resourceArn=arn, tagKeys=['stage'])
    check('UntagResource', logs.list_tags_for_resource(resourceArn=arn)['tags'], {'team': 'lamb'})
    described = logs.describe_log_groups(logGroupNamePrefix=group)['logGroups'][0]
    check('logGroupArn is the tagging ARN', described.get('logGroupArn'), arn)
    check('the arn with :* is refused', error(logs.list_tags_for_resource, resourceArn=arn + ':*'),
          ('ValidationException', 400))
    check('TagResource of no group', error(logs.tag_resource, resourceArn=arn + '-none', tags={'a': 'b'}),
          ('ResourceNotFoundException', 400))


def old_tags():
    logs.tag_log_group(logGroupName=group, tags={'owner': 'me'})
    check('ListTagsLogGroup', logs.list_tags_log_group(logGroupName=group)['tags'], {'team': 'lamb', 'owner': 'me'})
    logs.untag_log_group(logGroupName=group, tags=['owner'])
    check('UntagLogGroup', logs.list_tags_log_group(logGroupName=group)['tags'], {'team': 'lamb'})


attempt('tags', tags)
attempt('old tags', old_tags)


def raw(target):
    """(status, __type) of a signed awsJson1.1 call to X-Amz-Target, as an SDK that knows the operation sends it."""
    request = botocore.awsrequest.AWSRequest(method='POST', url=ENDPOINT + '/', data=b'{}', headers={
        'X-Amz-Target': target, 'Content-Type': 'application/x-amz-json-1.1'})
    botocore.auth.SigV4Auth(botocore.credentials.Credentials('test', 'test'), 'logs', 'us-east-1').add_auth(request)
    prepared = request.prepare()
    try:
        with urllib.request.urlopen(urllib.request.Request(prepared.url, data=prepared.body, headers=dict(prepared.headers),
                                                           method='POST')) as answer:
            return answer.status, ''
    except urllib.error.HTTPError as e:
        text = e.read().decode('utf-8', 'replace')
        try:
            return e.code, json.loads(text).get('__type', '').split('#')[-1]
        except ValueError:
            return e.code, text[:80]


attempt('unknown operation', lambda: check('unknown operation', raw('Logs_20140328.NoSuchOperation'),
                                           (400, 'UnknownOperationException')))


def paging_while_deleting():
    # A cleanup script deletes what each page showed before asking for the next: nothing may be skipped.
    g = '/boto3/paging'
    logs.create_log_group(logGroupName=g)
    for i in range(5):
        logs.create_log_stream(logGroupName=g, logStreamName=f's{i}')
    seen, token = [], None
    while True:
        page = logs.describe_log_streams(logGroupName=g, limit=2, **({'nextToken': token} if token else {}))
        names = [s['logStreamName'] for s in page['logStreams']]
        seen += names
        for n in names:
            logs.delete_log_stream(logGroupName=g, logStreamName=n)
        token = page.get('nextToken')
        if not token:
            break
    check('DescribeLogStreams pages while deleting', seen, [f's{i}' for i in range(5)])
    for i in range(5):
        logs.create_log_group(logGroupName=f'{g}/{i}')
    seen, token = [], None
    while True:
        page = logs.describe_log_groups(logGroupNamePrefix=g + '/', limit=2, **({'nextToken': token} if token else {}))
        names = [x['logGroupName'] for x in page['logGroups']]
        seen += names
        for n in names:
            logs.delete_log_group(logGroupName=n)
        token = page.get('nextToken')
        if not token:
            break
    check('DescribeLogGroups pages while deleting', seen, [f'{g}/{i}' for i in range(5)])
    logs.delete_log_group(logGroupName=g)


attempt('paging while deleting', paging_while_deleting)


def filter_pages():
    found, token = [], None
    while True:
        page = logs.filter_log_events(logGroupName=group, limit=2, **({'nextToken': token} if token else {}))
        found += [name_of[e['message']] for e in page['events']]
        token = page.get('nextToken')
        if not token:
            break
    check('FilterLogEvents pages', found, list(events))
    forward = logs.get_log_events(logGroupName=group, logStreamName='s', startFromHead=True, limit=2)
    rest = logs.get_log_events(logGroupName=group, logStreamName='s', startFromHead=True, limit=10,
                               nextToken=forward['nextForwardToken'])
    check('GetLogEvents resumes after the last event', [name_of[e['message']] for e in forward['events'] + rest['events']],
          list(events))


attempt('filter pages', filter_pages)
logs.delete_log_group(logGroupName=group)
if failed:
    print('failed: ' + ', '.join(failed))
    sys.exit(1)
print('ok logs-patterns')
