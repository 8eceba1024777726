"""CloudWatch Logs through boto3: groups, streams, events, retention, tags, paginators, errors.
Expected values from botocore's logs/2014-03-28 service model and paginators-1.json."""
import base64
import time

from localcloud import ACCOUNT, check, client, error, pages

logs = client('logs')
now = int(time.time() * 1000)

logs.create_log_group(logGroupName='/boto3/app', tags={'team': 'lamb'})
logs.create_log_group(logGroupName='/boto3/other')
check(error(logs.create_log_group, logGroupName='/boto3/app'), ('ResourceAlreadyExistsException', 400),
      'CreateLogGroup again')
logs.create_log_stream(logGroupName='/boto3/app', logStreamName='s1')
check(error(logs.create_log_stream, logGroupName='/boto3/none', logStreamName='s1'), ('ResourceNotFoundException', 400),
      'CreateLogStream in no group')

logs.put_log_events(logGroupName='/boto3/app', logStreamName='s1', logEvents=[
    {'timestamp': now - 2000, 'message': 'START one'},
    {'timestamp': now - 1000, 'message': 'ERROR two'},
    {'timestamp': now, 'message': 'END three'}])
events = logs.get_log_events(logGroupName='/boto3/app', logStreamName='s1', startFromHead=True)['events']
check([e['message'] for e in events], ['START one', 'ERROR two', 'END three'], 'GetLogEvents')
check(events[0]['timestamp'], now - 2000, 'timestamp')

# FilterLogEvents pages with nextToken (paginators-1.json); a term of the filter pattern matches within a message.
found = pages(logs.get_paginator('filter_log_events'), 'events', logGroupName='/boto3/app', filterPattern='ERROR')
check([e['message'] for page in found for e in page], ['ERROR two'], 'FilterLogEvents ERROR')
check([e['logStreamName'] for page in found for e in page], ['s1'], 'FilterLogEvents logStreamName')

logs.put_retention_policy(logGroupName='/boto3/app', retentionInDays=7)
check(error(logs.put_retention_policy, logGroupName='/boto3/app', retentionInDays=8), ('InvalidParameterException', 400),
      'a retention Logs does not offer')
arn = f'arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/boto3/app'
check(logs.list_tags_for_resource(resourceArn=arn)['tags'], {'team': 'lamb'}, 'ListTagsForResource')

# DescribeLogGroups pages with nextToken and limit: two groups, one to a page.
groups = pages(logs.get_paginator('describe_log_groups'), 'logGroups', logGroupNamePrefix='/boto3/',
               PaginationConfig={'PageSize': 1})
check([[g['logGroupName'] for g in page] for page in groups], [['/boto3/app'], ['/boto3/other']], 'DescribeLogGroups pages')
check(groups[0][0]['retentionInDays'], 7, 'retentionInDays')
groups_token = logs.describe_log_groups(logGroupNamePrefix='/boto3/', limit=1)['nextToken']
check(groups[0][0]['arn'], arn + ':*', 'arn')
streams = logs.describe_log_streams(logGroupName='/boto3/app')['logStreams']
check([s['logStreamName'] for s in streams], ['s1'], 'DescribeLogStreams')

# Paging (issue 14): each listing's nextToken is its own; another listing's is refused as the model's
# InvalidParameterException (400), and the untagged tokens of earlier versions still resume where they named.
logs.create_log_stream(logGroupName='/boto3/app', logStreamName='s2')
first_streams = logs.describe_log_streams(logGroupName='/boto3/app', limit=1)
check(([s['logStreamName'] for s in first_streams['logStreams']], 'nextToken' in first_streams), (['s1'], True),
      'DescribeLogStreams, one a page')
check(error(logs.describe_log_groups, nextToken=first_streams['nextToken']), ('InvalidParameterException', 400),
      "DescribeLogGroups with DescribeLogStreams' nextToken")
check(error(logs.filter_log_events, logGroupName='/boto3/app', nextToken=groups_token), ('InvalidParameterException', 400),
      "FilterLogEvents with DescribeLogGroups' nextToken")
check(error(logs.describe_log_streams, logGroupName='/boto3/app', orderBy='LastEventTime', nextToken=first_streams['nextToken']),
      ('InvalidParameterException', 400), 'DescribeLogStreams by LastEventTime with a token of the listing by name')


def earlier_version_token(text):
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip('=')


check([g['logGroupName'] for g in logs.describe_log_groups(logGroupNamePrefix='/boto3/', limit=1,
                                                          nextToken=earlier_version_token('/boto3/app'))['logGroups']],
      ['/boto3/other'], "DescribeLogGroups with an earlier version's token")
check([s['logStreamName'] for s in logs.describe_log_streams(logGroupName='/boto3/app',
                                                            nextToken=earlier_version_token('s:0:s1'))['logStreams']],
      ['s2'], "DescribeLogStreams with an earlier version's token")
after_error = earlier_version_token(f'{now - 1000}:{2 ** 63 - 1}')
check([e['message'] for e in logs.filter_log_events(logGroupName='/boto3/app', nextToken=after_error)['events']],
      ['END three'], "FilterLogEvents with an earlier version's token")

logs.delete_log_group(logGroupName='/boto3/app')
logs.delete_log_group(logGroupName='/boto3/other')
check(error(logs.delete_log_group, logGroupName='/boto3/app'), ('ResourceNotFoundException', 400), 'DeleteLogGroup again')
check(logs.describe_log_groups(logGroupNamePrefix='/boto3/')['logGroups'], [], 'DescribeLogGroups after delete')
print('ok logs')
