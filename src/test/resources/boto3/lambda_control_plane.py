"""Lambda's control-plane operations that Terraform and cleanup scripts call, through boto3: paging while
deleting, GetFunctionCodeSigningConfig, Put/Get/DeleteFunctionConcurrency (enforced at Invoke),
GetAccountSettings, Get/PutFunctionRecursionConfig and the function URL configuration operations.
Expected values from botocore's lambda/2015-03-31 service model (shapes, enums, status codes) and the Lambda API
reference. Run as: lambda_control_plane.py ENDPOINT [moto]; with "moto", only what moto's server serves runs
(moto runs no code without Docker, does not page, and has no ListFunctionUrlConfigs or recursion config)."""
import base64
import http.client
import json
import sys
import time
import urllib.parse

import botocore.config

from localcloud import TRUST, check, client, error, handler_zip

MOTO = len(sys.argv) > 2 and sys.argv[2] == 'moto'
iam = client('iam')
lam = client('lambda')

CODE = handler_zip("def handler(event, context):\n    return {'ok': True}\n")
role = iam.create_role(RoleName='control-plane', AssumeRolePolicyDocument=TRUST)['Role']['Arn']


def create(name, runtime='python3.12'):
    return lam.create_function(FunctionName=name, Runtime=runtime, Role=role, Handler='handler.handler',
                               Code={'ZipFile': CODE})


# Paging while deleting (the cleanup script): every page's functions are deleted before the next page is
# asked for, two to a page; all five must go. The marker resumes after the last function returned.
names = [f'cleanup-{i}' for i in range(1, 6)]
for name in names:
    create(name)
deleted = []
marker = None
while True:
    page = lam.list_functions(MaxItems=2, **({'Marker': marker} if marker else {}))
    for f in page['Functions']:
        if f['FunctionName'].startswith('cleanup-'):
            lam.delete_function(FunctionName=f['FunctionName'])
            deleted.append(f['FunctionName'])
    marker = page.get('NextMarker')
    if not marker:
        break
check(sorted(deleted), names, 'functions deleted while paging ListFunctions')
check([f['FunctionName'] for f in lam.list_functions()['Functions'] if f['FunctionName'].startswith('cleanup-')], [],
      'ListFunctions after the cleanup')
if not MOTO:
    # ListFunctions' errors in the model: InvalidParameterValueException (400) for a marker it did not hand out.
    check(error(lam.list_functions, Marker='not-a-marker'), ('InvalidParameterValueException', 400), 'unknown Marker')

create('settings-fn')
lam.get_waiter('function_active_v2').wait(FunctionName='settings-fn', WaiterConfig={'Delay': 1, 'MaxAttempts': 30})
for n in range(3):
    lam.update_function_configuration(FunctionName='settings-fn', Description=f'v{n}')
    lam.get_waiter('function_updated_v2').wait(FunctionName='settings-fn', WaiterConfig={'Delay': 1, 'MaxAttempts': 30})
    lam.publish_version(FunctionName='settings-fn')
for alias in ('a', 'b', 'c'):
    lam.create_alias(FunctionName='settings-fn', Name=alias, FunctionVersion='1')
if not MOTO:
    # Versions and aliases page the same way: a version deleted between pages does not make the next page skip one.
    first = lam.list_versions_by_function(FunctionName='settings-fn', MaxItems=2)
    check([v['Version'] for v in first['Versions']], ['$LATEST', '1'], 'ListVersionsByFunction first page')
    lam.delete_function(FunctionName='settings-fn', Qualifier='2')
    rest = lam.list_versions_by_function(FunctionName='settings-fn', Marker=first['NextMarker'])
    check([v['Version'] for v in rest['Versions']], ['3'], 'ListVersionsByFunction after a deleted version')
    first = lam.list_aliases(FunctionName='settings-fn', MaxItems=1)
    lam.delete_alias(FunctionName='settings-fn', Name='a')
    rest = lam.list_aliases(FunctionName='settings-fn', Marker=first['NextMarker'])
    check([a['Name'] for a in first['Aliases'] + rest['Aliases']], ['a', 'b', 'c'], 'ListAliases while deleting')

# GetFunctionCodeSigningConfig of a function without one: 200 with FunctionName (both members are required by
# the model's GetFunctionCodeSigningConfigResponse; the ARN is empty).
signing = lam.get_function_code_signing_config(FunctionName='settings-fn')
check(signing['FunctionName'], 'settings-fn', 'GetFunctionCodeSigningConfig FunctionName')
check(signing.get('CodeSigningConfigArn', ''), '', 'GetFunctionCodeSigningConfig CodeSigningConfigArn')
check(error(lam.get_function_code_signing_config, FunctionName='no-such-fn')[1], 404, 'code signing of no function')

# Reserved concurrency: PutFunctionConcurrency answers the value, GetFunctionConcurrency reads it back.
if not MOTO:
    before = lam.get_account_settings()['AccountLimit']
check(lam.put_function_concurrency(FunctionName='settings-fn', ReservedConcurrentExecutions=0)
      ['ReservedConcurrentExecutions'], 0, 'PutFunctionConcurrency')
check(lam.get_function_concurrency(FunctionName='settings-fn').get('ReservedConcurrentExecutions'), 0,
      'GetFunctionConcurrency')
if not MOTO:
    # Enforced at Invoke: past the reservation (here 0), 429 TooManyRequestsException with the model's Reason.
    once = client('lambda', botocore.config.Config(retries={'mode': 'standard', 'max_attempts': 1}))
    try:
        once.invoke(FunctionName='settings-fn', Payload=b'{}')
        raise AssertionError('Invoke past reserved concurrency 0 succeeded')
    except once.exceptions.TooManyRequestsException as e:
        check(e.response['ResponseMetadata']['HTTPStatusCode'], 429, 'throttled status')
        check(e.response.get('Reason'), 'ReservedFunctionConcurrentInvocationLimitExceeded', 'throttle Reason')
    # GetAccountSettings: UnreservedConcurrentExecutions is ConcurrentExecutions less what functions reserve.
    lam.put_function_concurrency(FunctionName='settings-fn', ReservedConcurrentExecutions=2)
    settings = lam.get_account_settings()
    limit, usage = settings['AccountLimit'], settings['AccountUsage']
    check(limit['UnreservedConcurrentExecutions'], before['UnreservedConcurrentExecutions'] - 2,
          'UnreservedConcurrentExecutions less the reservation')
    check(limit['ConcurrentExecutions'], before['ConcurrentExecutions'], 'ConcurrentExecutions')
    check(limit['CodeSizeZipped'], 52428800, 'CodeSizeZipped (the 50 MB quota)')
    check(limit['CodeSizeUnzipped'], 262144000, 'CodeSizeUnzipped (the 250 MB quota)')
    assert usage['FunctionCount'] >= 1 and usage['TotalCodeSize'] >= 3 * len(CODE), usage  # $LATEST, 1 and 3
lam.delete_function_concurrency(FunctionName='settings-fn')
check(lam.get_function_concurrency(FunctionName='settings-fn').get('ReservedConcurrentExecutions'), None,
      'GetFunctionConcurrency after delete')
if not MOTO:
    check(lam.invoke(FunctionName='settings-fn', Payload=b'{}')['StatusCode'], 200, 'Invoke after the reservation is gone')

    # Recursive loop detection: Terminate unless told otherwise (the model's RecursiveLoop enum: Allow|Terminate).
    check(lam.get_function_recursion_config(FunctionName='settings-fn')['RecursiveLoop'], 'Terminate', 'default RecursiveLoop')
    check(lam.put_function_recursion_config(FunctionName='settings-fn', RecursiveLoop='Allow')['RecursiveLoop'], 'Allow',
          'PutFunctionRecursionConfig')
    check(lam.get_function_recursion_config(FunctionName='settings-fn')['RecursiveLoop'], 'Allow', 'RecursiveLoop after put')
    check(error(lam.put_function_recursion_config, FunctionName='settings-fn', RecursiveLoop='Sometimes'),
          ('ValidationException', 400), 'RecursiveLoop outside its enum')

    # Provisioned concurrency (issue 15): on a published version or an alias only; Put answers 202 IN_PROGRESS, Get
    # reads READY once the instances have run their init, and their first invocation is warm: no Init Duration in
    # the REPORT line, and AWS_LAMBDA_INITIALIZATION_TYPE is provisioned-concurrency (Lambda developer guide,
    # "Configuring provisioned concurrency" and "Defined runtime environment variables"). Statuses and errors from
    # the model: ProvisionedConcurrencyStatusEnum, ProvisionedConcurrencyConfigNotFoundException (404).
    init_type = handler_zip("import os\ndef handler(event, context):\n    return os.environ['AWS_LAMBDA_INITIALIZATION_TYPE']\n")
    lam.create_function(FunctionName='provisioned-fn', Runtime='python3.12', Role=role, Handler='handler.handler',
                        Code={'ZipFile': init_type}, Publish=True)
    lam.get_waiter('function_active_v2').wait(FunctionName='provisioned-fn', WaiterConfig={'Delay': 1, 'MaxAttempts': 30})
    lam.create_alias(FunctionName='provisioned-fn', Name='live', FunctionVersion='1')
    check(error(lam.put_provisioned_concurrency_config, FunctionName='provisioned-fn', Qualifier='$LATEST',
                ProvisionedConcurrentExecutions=1), ('InvalidParameterValueException', 400), 'provisioned on $LATEST')
    check(error(lam.put_provisioned_concurrency_config, FunctionName='provisioned-fn', Qualifier='7',
                ProvisionedConcurrentExecutions=1), ('ResourceNotFoundException', 404), 'provisioned on no version')
    check(error(lam.get_provisioned_concurrency_config, FunctionName='provisioned-fn', Qualifier='live'),
          ('ProvisionedConcurrencyConfigNotFoundException', 404), 'GetProvisionedConcurrencyConfig of none')
    put = lam.put_provisioned_concurrency_config(FunctionName='provisioned-fn', Qualifier='live',
                                                 ProvisionedConcurrentExecutions=1)
    check((put['ResponseMetadata']['HTTPStatusCode'], put['RequestedProvisionedConcurrentExecutions'], put['Status']),
          (202, 1, 'IN_PROGRESS'), 'PutProvisionedConcurrencyConfig')
    for _ in range(100):
        got = lam.get_provisioned_concurrency_config(FunctionName='provisioned-fn', Qualifier='live')
        if got['Status'] != 'IN_PROGRESS':
            break
        time.sleep(0.1)
    check((got['Status'], got['AllocatedProvisionedConcurrentExecutions'], got['AvailableProvisionedConcurrentExecutions']),
          ('READY', 1, 1), 'GetProvisionedConcurrencyConfig once ready')
    listed = lam.list_provisioned_concurrency_configs(FunctionName='provisioned-fn')['ProvisionedConcurrencyConfigs']
    check([c['FunctionArn'].rsplit(':', 1)[-1] for c in listed], ['live'], 'ListProvisionedConcurrencyConfigs')
    warm = lam.invoke(FunctionName='provisioned-fn', Qualifier='live', Payload=b'{}', LogType='Tail')
    check(json.loads(warm['Payload'].read()), 'provisioned-concurrency', 'AWS_LAMBDA_INITIALIZATION_TYPE')
    report = [line for line in base64.b64decode(warm['LogResult']).decode().splitlines() if line.startswith('REPORT')]
    check((len(report), 'Init Duration' in report[0]), (1, False), 'the first invocation of a provisioned instance is warm')
    lam.delete_provisioned_concurrency_config(FunctionName='provisioned-fn', Qualifier='live')
    check(error(lam.get_provisioned_concurrency_config, FunctionName='provisioned-fn', Qualifier='live')[0],
          'ProvisionedConcurrencyConfigNotFoundException', 'GetProvisionedConcurrencyConfig after delete')
    lam.delete_function(FunctionName='provisioned-fn')


def serve_through_the_url():
    """A request to a function URL reaches the function as the HTTP API payload format 2.0 event (Lambda developer
    guide, "Invoking Lambda function URLs"), once a resource policy lets Principal * call lambda:InvokeFunctionUrl and,
    since October 2025, lambda:InvokeFunction ("Control access to Lambda function URLs"); the function's
    {statusCode, headers, body} is the answer."""
    echo = handler_zip("import json\ndef handler(event, context):\n"
                       "    return {'statusCode': 201, 'headers': {'x-echo': 'yes', 'x-context-request-id': context.aws_request_id},"
                       " 'body': json.dumps(event)}\n")
    lam.create_function(FunctionName='url-fn', Runtime='python3.12', Role=role, Handler='handler.handler',
                        Code={'ZipFile': echo})
    lam.get_waiter('function_active_v2').wait(FunctionName='url-fn', WaiterConfig={'Delay': 1, 'MaxAttempts': 30})
    cors = {'AllowOrigins': ['https://app.example'], 'AllowMethods': ['POST'], 'AllowHeaders': ['content-type'],
            'ExposeHeaders': ['x-echo'], 'MaxAge': 60}
    address = urllib.parse.urlsplit(lam.create_function_url_config(FunctionName='url-fn', AuthType='NONE',
                                                                   Cors=cors)['FunctionUrl'])

    def fetch(method, path, body=None, headers=None):
        connection = http.client.HTTPConnection('127.0.0.1', address.port, timeout=30)
        connection.request(method, path, body=body, headers={'Host': address.netloc, 'Cookie': 'a=1; b=2', **(headers or {})})
        answer = connection.getresponse()
        fetch.headers = answer.headers
        return answer.status, answer.getheader('x-echo'), answer.read()

    # A CORS preflight is answered from the URL's Cors configuration, without running the function.
    preflight = fetch('OPTIONS', '/orders', headers={'Origin': 'https://app.example',
                                                     'Access-Control-Request-Method': 'POST'})
    check((preflight[0], fetch.headers['Access-Control-Allow-Origin'], fetch.headers['Access-Control-Allow-Methods'],
           fetch.headers['Access-Control-Max-Age']), (200, 'https://app.example', 'POST', '60'), 'CORS preflight')

    check(fetch('GET', '/')[0], 403, 'a NONE URL without the resource policy statement')
    lam.add_permission(FunctionName='url-fn', StatementId='url', Action='lambda:InvokeFunctionUrl', Principal='*',
                       FunctionUrlAuthType='NONE')
    check(fetch('GET', '/')[0], 403, 'a NONE URL with lambda:InvokeFunctionUrl but not lambda:InvokeFunction')
    lam.add_permission(FunctionName='url-fn', StatementId='url-invoke', Action='lambda:InvokeFunction', Principal='*',
                       InvokedViaFunctionUrl=True)
    status, echo_header, body = fetch('POST', '/orders/7?x=1&y=two', b'{"n": 3}', {'Origin': 'https://app.example'})
    check((status, echo_header), (201, 'yes'), 'status and header of the function URL answer')
    check((fetch.headers['Access-Control-Allow-Origin'], fetch.headers['Access-Control-Expose-Headers']),
          ('https://app.example', 'x-echo'), 'CORS headers of the answer')
    event = json.loads(body)
    check((event['version'], event['routeKey'], event['rawPath'], event['rawQueryString']),
          ('2.0', '$default', '/orders/7', 'x=1&y=two'), 'payload format 2.0 event')
    check((event['requestContext']['http']['method'], event['body'], event['isBase64Encoded'], event['cookies']),
          ('POST', '{"n": 3}', False, ['a=1', 'b=2']), 'payload format 2.0 request')
    check(event['queryStringParameters'], {'x': '1', 'y': 'two'}, 'queryStringParameters')
    # One request id per invocation (issue 14): the event's requestContext.requestId is the handler's
    # context.aws_request_id, the answer's x-amzn-RequestId and the id in the function's START line.
    request_id = event['requestContext']['requestId']
    check((fetch.headers['x-context-request-id'], fetch.headers['x-amzn-RequestId']), (request_id, request_id),
          'the function URL invocation\'s request id')
    starts = client('logs').filter_log_events(logGroupName='/aws/lambda/url-fn', filterPattern='START')['events']
    check([e['message'].split()[2] for e in starts], [request_id], 'RequestId of the START line')
    lam.delete_function(FunctionName='url-fn')


# Function URLs: one configuration per function and qualifier (an alias); Create answers 201 (the model's
# responseCode), a second Create 409 ResourceConflictException, Get of none 404.
url = lam.create_function_url_config(FunctionName='settings-fn', AuthType='NONE',
                                     Cors={'AllowOrigins': ['https://example.com'], 'MaxAge': 60})
check(url['ResponseMetadata']['HTTPStatusCode'], 201, 'CreateFunctionUrlConfig status')
check((url['AuthType'], url['Cors']['AllowOrigins'], url['FunctionArn'].endswith(':function:settings-fn')),
      ('NONE', ['https://example.com'], True), 'CreateFunctionUrlConfig')
assert url['FunctionUrl'].startswith('http') and url['CreationTime'], url
if not MOTO:
    # moto answers a second Create with 201 and a new URL; the model lists ResourceConflictException for it.
    check(error(lam.create_function_url_config, FunctionName='settings-fn', AuthType='NONE'),
          ('ResourceConflictException', 409), 'CreateFunctionUrlConfig again')
got = lam.get_function_url_config(FunctionName='settings-fn')
check((got['FunctionUrl'], got['AuthType']), (url['FunctionUrl'], 'NONE'), 'GetFunctionUrlConfig')
updated = lam.update_function_url_config(FunctionName='settings-fn', AuthType='AWS_IAM')
check((updated['FunctionUrl'], updated['AuthType'], updated['Cors']['MaxAge']), (url['FunctionUrl'], 'AWS_IAM', 60),
      'UpdateFunctionUrlConfig keeps what it is not given')
if not MOTO:
    check(updated['InvokeMode'], 'BUFFERED', 'InvokeMode default')
    aliased = lam.create_function_url_config(FunctionName='settings-fn', Qualifier='b', AuthType='AWS_IAM',
                                             InvokeMode='RESPONSE_STREAM')
    check(aliased['FunctionArn'].endswith(':function:settings-fn:b'), True, 'URL config of an alias: FunctionArn')
    assert aliased['FunctionUrl'] != url['FunctionUrl'], aliased
    listed = lam.get_paginator('list_function_url_configs').paginate(FunctionName='settings-fn',
                                                                    PaginationConfig={'PageSize': 1})
    check([c['FunctionArn'].rsplit(':', 1)[-1] for page in listed for c in page['FunctionUrlConfigs']],
          ['settings-fn', 'b'], 'ListFunctionUrlConfigs, one a page')
    check(error(lam.create_function_url_config, FunctionName='settings-fn', AuthType='SOMETIMES'),
          ('ValidationException', 400), 'AuthType outside its enum')
    check(error(lam.get_function_url_config, FunctionName='settings-fn', Qualifier='no-alias')[1], 404,
          'URL config of no alias')
    # lamb's one deliberate difference: a runtime the engine cannot run is refused at create and update.
    check(error(create, name='ruby-fn', runtime='ruby3.3'), ('InvalidParameterValueException', 400), 'ruby3.3 refused')
    check(error(lam.update_function_configuration, FunctionName='settings-fn', Runtime='ruby3.3'),
          ('InvalidParameterValueException', 400), 'ruby3.3 refused at update')
    serve_through_the_url()
lam.delete_function_url_config(FunctionName='settings-fn')
check(error(lam.get_function_url_config, FunctionName='settings-fn'), ('ResourceNotFoundException', 404),
      'GetFunctionUrlConfig after delete')
lam.delete_function(FunctionName='settings-fn')
print('ok lambda control plane')
