"""Regions are separate clouds (issue 14 §1), through boto3: the same names in us-east-1 and us-west-2, each region
seeing only its own; IAM global. Expected values from the Lambda API reference (GetFunction of a function the region
does not hold: 404 ResourceNotFoundException), the API Gateway reference (GetRestApi: 404 NotFoundException), the
CloudWatch Logs reference (CreateLogGroup of an existing name: ResourceAlreadyExistsException) and the ARN formats
each service documents (arn:aws:lambda:REGION:..., arn:aws:logs:REGION:...). Runs against moto's server too."""
import json
import os
import time
import urllib.request

from localcloud import ACCOUNT, MOTO, TRUST, check, client, error, handler_zip, outcome, reference

EAST, WEST = 'us-east-1', 'us-west-2'
CODE = handler_zip('def handler(event, context):\n    return event\n')

# IAM is global: a role made through one region's client is there for every region's.
role = client('iam', region=EAST).create_role(RoleName='regions-role', AssumeRolePolicyDocument=TRUST)['Role']['Arn']
check(client('iam', region=WEST).get_role(RoleName='regions-role')['Role']['Arn'], role, 'GetRole from us-west-2')

lam = {r: client('lambda', region=r) for r in (EAST, WEST)}
for region in (EAST, WEST):
    made = lam[region].create_function(FunctionName='regions-fn', Runtime='python3.12', Role=role, Handler='handler.handler',
                                       Code={'ZipFile': CODE}, Environment={'Variables': {'HOME_REGION': region}})
    check(made['FunctionArn'], f'arn:aws:lambda:{region}:{ACCOUNT}:function:regions-fn', f'CreateFunction in {region}')
lam[WEST].create_function(FunctionName='regions-west-only', Runtime='python3.12', Role=role, Handler='handler.handler',
                          Code={'ZipFile': CODE})
for region in (EAST, WEST):
    listed = lam[region].list_functions()['Functions']
    mine = sorted(f['FunctionName'] for f in listed if f['FunctionName'].startswith('regions-'))
    check(mine, ['regions-fn'] if region == EAST else ['regions-fn', 'regions-west-only'], f'ListFunctions in {region}')
    assert all(f':{region}:' in f['FunctionArn'] for f in listed), f'ListFunctions in {region}: {listed}'
    got = lam[region].get_function(FunctionName='regions-fn')['Configuration']
    check(got['Environment']['Variables']['HOME_REGION'], region, f'GetFunction in {region}')
check(error(lam[EAST].get_function, FunctionName='regions-west-only'), ('ResourceNotFoundException', 404),
      'GetFunction in us-east-1 of a us-west-2 function')
if not MOTO:
    # Code.Location is open, as S3's presigned URL is: the us-west-2 function's code downloads from it.
    location = lam[WEST].get_function(FunctionName='regions-west-only')['Code']['Location']
    with urllib.request.urlopen(location) as answer:
        check(answer.read(), CODE, 'the code at Code.Location of a us-west-2 function')
# Another region's ARN does not reach this region's namesake: Lambda answers 404 "Functions from 'us-west-2' are not
# reachable in this region ('us-east-1')".
west_arn = f'arn:aws:lambda:{WEST}:{ACCOUNT}:function:regions-fn'
reference(outcome(lam[EAST].get_function, FunctionName=west_arn), ('ResourceNotFoundException', 404), 'GetFunction in us-east-1 by a us-west-2 ARN')
# A function's settings are its region's: a URL config and an event-invoke config made on us-west-2's regions-fn are
# not us-east-1's namesake's.
url = lam[WEST].create_function_url_config(FunctionName='regions-fn', AuthType='NONE')['FunctionUrl']
assert '.lambda-url.us-west-2.' in url, url
check(error(lam[EAST].get_function_url_config, FunctionName='regions-fn'), ('ResourceNotFoundException', 404),
      'GetFunctionUrlConfig in us-east-1')
lam[WEST].put_function_event_invoke_config(FunctionName='regions-fn', MaximumRetryAttempts=0)
check(error(lam[EAST].get_function_event_invoke_config, FunctionName='regions-fn'), ('ResourceNotFoundException', 404),
      'GetFunctionEventInvokeConfig in us-east-1')
lam[WEST].delete_function(FunctionName='regions-fn')
check(lam[EAST].get_function(FunctionName='regions-fn')['Configuration']['FunctionName'], 'regions-fn',
      'us-east-1 function after deleting its us-west-2 namesake')

logs = {r: client('logs', region=r) for r in (EAST, WEST)}
logs[WEST].create_log_group(logGroupName='/regions/group')
check(logs[EAST].describe_log_groups(logGroupNamePrefix='/regions/')['logGroups'], [], 'DescribeLogGroups in us-east-1')
logs[EAST].create_log_group(logGroupName='/regions/group')
for region in (EAST, WEST):
    groups = logs[region].describe_log_groups(logGroupNamePrefix='/regions/')['logGroups']
    check([g['arn'] for g in groups], [f'arn:aws:logs:{region}:{ACCOUNT}:log-group:/regions/group:*'],
          f'DescribeLogGroups in {region}')
check(error(logs[WEST].create_log_group, logGroupName='/regions/group'), ('ResourceAlreadyExistsException', 400),
      'CreateLogGroup again in us-west-2')

apis = {r: client('apigateway', region=r) for r in (EAST, WEST)}
west_api = apis[WEST].create_rest_api(name='regions-api')['id']
check([a['name'] for a in apis[EAST].get_rest_apis()['items'] if a['name'] == 'regions-api'], [], 'GetRestApis in us-east-1')
check([a['id'] for a in apis[WEST].get_rest_apis()['items'] if a['name'] == 'regions-api'], [west_api], 'GetRestApis in us-west-2')
check(error(apis[EAST].get_rest_api, restApiId=west_api), ('NotFoundException', 404), 'GetRestApi in us-east-1 of a us-west-2 API')

xray = {r: client('xray', region=r) for r in (EAST, WEST)}
now = time.time()
trace = f'1-{int(now):08x}-{os.urandom(12).hex()}'
xray[WEST].put_trace_segments(TraceSegmentDocuments=[json.dumps(
    {'name': 'regions', 'id': os.urandom(8).hex(), 'trace_id': trace, 'start_time': now - 2, 'end_time': now - 1})])
check([t['Id'] for t in xray[WEST].batch_get_traces(TraceIds=[trace])['Traces']], [trace], 'BatchGetTraces in us-west-2')
check(xray[EAST].batch_get_traces(TraceIds=[trace])['Traces'], [], 'BatchGetTraces in us-east-1')
print('ok regions')
