"""Lambda's event-invoke configs and asynchronous invocation through boto3.
Usage: lambda_async.py ENDPOINT configs|async
  configs: Put/Get/Update/List/Delete and their errors (also run against moto's server);
  async:   a failing Event invoke retried, its record at the OnFailure function, a success record at OnSuccess
           (the local cloud, its queue's clock at 1/100).
Expected values from botocore's lambda/2015-03-31 model (shapes MaximumRetryAttempts 0-2,
MaximumEventAgeInSeconds 60-21600, FunctionEventInvokeConfig) and the Lambda developer guide's invocation record
(invocation-async-retain-records). Prints 'ok MODE', or the checks that disagree, one a line, and exits 1."""
import io
import json
import sys
import time
import zipfile

from localcloud import TRUST, client, error as raised

MODE = sys.argv[2]
iam = client('iam')
lam = client('lambda')
logs = client('logs')
failed = []


def check(actual, expected, what):
    if actual != expected:
        failed.append(f'{what}: expected {expected!r}, got {actual!r}')


def error(call, **params):
    """(Error.Code, HTTP status) of the call's ClientError, or 'succeeded' (a disagreement check() reports)."""
    try:
        return raised(call, **params)
    except AssertionError:
        return 'succeeded'


def zipped(source):
    data = io.BytesIO()
    with zipfile.ZipFile(data, 'w') as z:
        z.writestr('handler.py', source)
    return data.getvalue()


FAILS = "def handler(event, context):\n    raise Exception('boom')\n"
SUCCEEDS = "def handler(event, context):\n    return {'done': event.get('n')}\n"
SINK = "import json\ndef handler(event, context):\n    print('RECORD ' + json.dumps(event))\n"
role = iam.create_role(RoleName='boto3-' + MODE, AssumeRolePolicyDocument=TRUST)['Role']['Arn']


def create(name, source):
    return lam.create_function(FunctionName=name, Runtime='python3.12', Role=role, Handler='handler.handler',
                               Code={'ZipFile': zipped(source)})['FunctionArn']


def configs():
    arn = create('boto3-config', SUCCEEDS)
    sink = create('boto3-config-sink', SINK)
    put = lam.put_function_event_invoke_config(FunctionName='boto3-config', MaximumRetryAttempts=1,
                                               DestinationConfig={'OnFailure': {'Destination': sink}})
    check(put['FunctionArn'], arn + ':$LATEST', 'Put FunctionArn')
    check(put['MaximumRetryAttempts'], 1, 'Put MaximumRetryAttempts')
    check(put['DestinationConfig'].get('OnFailure'), {'Destination': sink}, 'Put OnFailure')
    check(type(put.get('LastModified')).__name__, 'datetime', 'LastModified parsed as a timestamp')
    updated = lam.update_function_event_invoke_config(FunctionName='boto3-config', MaximumEventAgeInSeconds=600)
    check((updated.get('MaximumRetryAttempts'), updated.get('MaximumEventAgeInSeconds')), (1, 600), 'Update merges')
    got = lam.get_function_event_invoke_config(FunctionName='boto3-config')
    check(got.get('MaximumEventAgeInSeconds'), 600, 'Get after Update')
    replaced = lam.put_function_event_invoke_config(FunctionName='boto3-config', MaximumEventAgeInSeconds=60)
    check(replaced.get('MaximumRetryAttempts'), None, 'Put replaces (MaximumRetryAttempts removed)')
    listed = lam.list_function_event_invoke_configs(FunctionName='boto3-config')['FunctionEventInvokeConfigs']
    check([c['FunctionArn'] for c in listed], [arn + ':$LATEST'], 'List')
    check(error(lam.put_function_event_invoke_config, FunctionName='boto3-config', MaximumRetryAttempts=3),
          ('ValidationException', 400), 'MaximumRetryAttempts 3')
    check(error(lam.put_function_event_invoke_config, FunctionName='boto3-config', MaximumEventAgeInSeconds=21601),
          ('ValidationException', 400), 'MaximumEventAgeInSeconds 21601')
    check(error(lam.put_function_event_invoke_config, FunctionName='boto3-config'),
          ('InvalidParameterValueException', 400), 'Put with no option')
    check(error(lam.put_function_event_invoke_config, FunctionName='boto3-nothing', MaximumRetryAttempts=1),
          ('ResourceNotFoundException', 404), 'Put on a missing function')
    lam.delete_function_event_invoke_config(FunctionName='boto3-config')
    check(error(lam.get_function_event_invoke_config, FunctionName='boto3-config'),
          ('ResourceNotFoundException', 404), 'Get after Delete')
    check(error(lam.delete_function_event_invoke_config, FunctionName='boto3-config'),
          ('ResourceNotFoundException', 404), 'Delete again')

    # Paging while deleting (issue 14): each page's configs are deleted before the next page is asked for; the marker
    # resumes after the last config returned (paginators-1.json: Marker, NextMarker), so none is skipped.
    lam.get_waiter('function_active_v2').wait(FunctionName='boto3-config', WaiterConfig={'Delay': 1, 'MaxAttempts': 30})
    lam.publish_version(FunctionName='boto3-config')
    lam.create_alias(FunctionName='boto3-config', Name='live', FunctionVersion='1')
    for qualifier in ('$LATEST', '1', 'live'):
        lam.put_function_event_invoke_config(FunctionName='boto3-config', Qualifier=qualifier, MaximumRetryAttempts=0)
    seen, marker = [], None
    while True:
        page = lam.list_function_event_invoke_configs(FunctionName='boto3-config', MaxItems=1,
                                                      **({'Marker': marker} if marker else {}))
        for config in page['FunctionEventInvokeConfigs']:
            qualifier = config['FunctionArn'][len(arn) + 1:] or '$LATEST'
            seen.append(qualifier)
            lam.delete_function_event_invoke_config(FunctionName='boto3-config', Qualifier=qualifier)
        marker = page.get('NextMarker')
        if not marker:
            break
    check(sorted(seen), ['$LATEST', '1', 'live'], 'List while deleting')


def record(sink):
    """The record the sink function logged, read from its log group."""
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            events = logs.filter_log_events(logGroupName='/aws/lambda/' + sink)['events']
        except logs.exceptions.ResourceNotFoundException:
            events = []
        for e in events:
            if 'RECORD ' in e['message']:
                return json.loads(e['message'].split('RECORD ', 1)[1])
        time.sleep(0.2)
    raise AssertionError(f'no record reached {sink}')


def asynchronous():
    arn = create('boto3-flaky', FAILS)
    sink = create('boto3-flaky-sink', SINK)
    lam.put_function_event_invoke_config(FunctionName='boto3-flaky', MaximumRetryAttempts=2,
                                         DestinationConfig={'OnFailure': {'Destination': sink}})
    check(lam.invoke(FunctionName='boto3-flaky', InvocationType='Event', Payload=b'{"n": 5}')['StatusCode'], 202,
          'Event invoke StatusCode')
    failure = record('boto3-flaky-sink')
    check(failure['version'], '1.0', 'record version')
    check(failure['requestContext']['functionArn'], arn + ':$LATEST', 'record functionArn')
    check(failure['requestContext']['condition'], 'RetriesExhausted', 'record condition')
    check(failure['requestContext']['approximateInvokeCount'], 3, 'record approximateInvokeCount')
    check(failure['requestPayload'], {'n': 5}, 'record requestPayload')
    check(failure['responseContext'], {'statusCode': 200, 'executedVersion': '$LATEST', 'functionError': 'Unhandled'},
          'record responseContext')
    check(failure['responsePayload']['errorMessage'], 'boom', 'record responsePayload')
    starts = [e['message'] for e in logs.filter_log_events(logGroupName='/aws/lambda/boto3-flaky')['events']
              if e['message'].startswith('START RequestId: ' + failure['requestContext']['requestId'])]
    check(len(starts), 3, 'attempts in the log, one request id')

    create('boto3-ok', SUCCEEDS)
    ok_sink = create('boto3-ok-sink', SINK)
    lam.put_function_event_invoke_config(FunctionName='boto3-ok', DestinationConfig={'OnSuccess': {'Destination': ok_sink}})
    lam.invoke(FunctionName='boto3-ok', InvocationType='Event', Payload=b'{"n": 9}')
    success = record('boto3-ok-sink')
    check((success['requestContext']['condition'], success['responsePayload']), ('Success', {'done': 9}), 'success record')


configs() if MODE == 'configs' else asynchronous()
if failed:
    print('\n'.join(failed))
    sys.exit(1)
print('ok ' + MODE)
