"""Issue 14 section 4: calls signed with a role session's credentials (sts:AssumeRole) are checked against the role's
policies; calls with the test keys stay allowed. Expected values: the error codes from botocore's models and AWS's
answers (Lambda, X-Ray and API Gateway AccessDeniedException 403; CloudWatch Logs AccessDeniedException, awsJson1.1,
400; IAM and STS AccessDenied 403), the messages as the IAM User Guide words them ("Troubleshoot access denied error
messages": "User: ARN is not authorized to perform: ACTION on resource: RESOURCE because no identity-based policy
allows the ACTION action", "... with an explicit deny in an identity-based policy"), the resources as the Service
Authorization Reference and AWS's AccessDenied messages name them."""
import http.client
import json
import time
import urllib.parse

import boto3
import botocore.exceptions
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from localcloud import ACCOUNT, ENDPOINT, TRUST, check, client, handler_zip

ROLE = 'policy-worker'
SESSION = f'arn:aws:sts::{ACCOUNT}:assumed-role/{ROLE}/checks'
FUNCTION = f'arn:aws:lambda:us-east-1:{ACCOUNT}:function:'


def denied(call, **params):
    """(Error.Code, HTTP status, message) of the ClientError that call(**params) raises."""
    try:
        call(**params)
    except botocore.exceptions.ClientError as e:
        return e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Message']
    raise AssertionError(f'{call.__name__}({params}) succeeded where AccessDenied was expected')


def not_allowed(action, resource):
    return (f'User: {SESSION} is not authorized to perform: {action} on resource: {resource} '
            f'because no identity-based policy allows the {action} action')


def explicitly_denied(action, resource):
    return f'User: {SESSION} is not authorized to perform: {action} on resource: {resource} with an explicit deny in an identity-based policy'


def policy(effect, action, resource):
    return json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': effect, 'Action': action, 'Resource': resource}]})


iam, lam = client('iam'), client('lambda')
role = iam.create_role(RoleName=ROLE, AssumeRolePolicyDocument=TRUST)['Role']['Arn']
iam.attach_role_policy(RoleName=ROLE, PolicyArn='arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')
for name in ('policy-a', 'policy-b'):
    lam.create_function(FunctionName=name, Runtime='python3.12', Role=role, Handler='handler.handler',
                        Code={'ZipFile': handler_zip('def handler(event, context):\n    return 1\n')})
credentials = client('sts').assume_role(RoleArn=role, RoleSessionName='checks')['Credentials']


def as_role(service, region='us-east-1'):
    return boto3.client(service, endpoint_url=ENDPOINT, region_name=region,
                        aws_access_key_id=credentials['AccessKeyId'], aws_secret_access_key=credentials['SecretAccessKey'],
                        aws_session_token=credentials['SessionToken'])


role_lambda, role_logs = as_role('lambda'), as_role('logs')

# AWSLambdaBasicExecutionRole allows logs:CreateLogGroup, CreateLogStream and PutLogEvents on *, nothing of Lambda's.
check(denied(role_lambda.list_functions), ('AccessDeniedException', 403, not_allowed('lambda:ListFunctions', '*')),
      'ListFunctions with AWSLambdaBasicExecutionRole only')
group = '/aws/lambda/policy-a'
role_logs.create_log_group(logGroupName=group)
role_logs.create_log_stream(logGroupName=group, logStreamName='s')
role_logs.put_log_events(logGroupName=group, logStreamName='s', logEvents=[{'timestamp': int(time.time() * 1000), 'message': 'written by the role'}])
check(denied(role_logs.get_log_events, logGroupName=group, logStreamName='s'),
      ('AccessDeniedException', 400, not_allowed('logs:GetLogEvents', f'arn:aws:logs:us-east-1:{ACCOUNT}:log-group:{group}:log-stream:s')),
      'GetLogEvents, which the policy does not allow')

# An inline policy allowing lambda:GetFunction on one function's ARN allows that function only.
iam.put_role_policy(RoleName=ROLE, PolicyName='read-a', PolicyDocument=policy('Allow', 'lambda:GetFunction', FUNCTION + 'policy-a'))
check(role_lambda.get_function(FunctionName='policy-a')['Configuration']['FunctionName'], 'policy-a', 'GetFunction allowed')
check(denied(role_lambda.get_function, FunctionName='policy-b'),
      ('AccessDeniedException', 403, not_allowed('lambda:GetFunction', FUNCTION + 'policy-b')), 'GetFunction on another function')
check(denied(role_lambda.get_function, FunctionName='policy-a', Qualifier='$LATEST'),
      ('AccessDeniedException', 403, not_allowed('lambda:GetFunction', FUNCTION + 'policy-a:$LATEST')),
      'a qualified function is another resource than the unqualified ARN the policy names')

# A customer managed policy with an explicit Deny wins over the inline Allow.
deny = iam.create_policy(PolicyName='deny-a', PolicyDocument=policy('Deny', 'lambda:Get*', FUNCTION + 'policy-?'))['Policy']['Arn']
iam.attach_role_policy(RoleName=ROLE, PolicyArn=deny)
check(denied(role_lambda.get_function, FunctionName='policy-a'),
      ('AccessDeniedException', 403, explicitly_denied('lambda:GetFunction', FUNCTION + 'policy-a')), 'an explicit Deny wins')

# The query protocols answer AccessDenied; API Gateway and X-Ray AccessDeniedException.
check(denied(as_role('iam').get_role, RoleName=ROLE),
      ('AccessDenied', 403, not_allowed('iam:GetRole', f'arn:aws:iam::{ACCOUNT}:role/{ROLE}')), 'IAM GetRole')
check(denied(as_role('sts').assume_role, RoleArn=role, RoleSessionName='again'),
      ('AccessDenied', 403, not_allowed('sts:AssumeRole', role)), 'STS AssumeRole')
check(denied(as_role('apigateway').get_rest_apis),
      ('AccessDeniedException', 403, not_allowed('apigateway:GET', 'arn:aws:apigateway:us-east-1::/restapis')), 'API Gateway GetRestApis')
check(denied(as_role('xray').get_trace_summaries, StartTime=0, EndTime=1),
      ('AccessDeniedException', 403, not_allowed('xray:GetTraceSummaries', '*')), 'X-Ray GetTraceSummaries')
# GetCallerIdentity needs no permission, as on AWS.
check(as_role('sts').get_caller_identity()['Arn'], SESSION, 'GetCallerIdentity')

# A condition on a global key of the call is judged: a Deny of every region but us-east-1 leaves us-east-1 alone.
iam.put_role_policy(RoleName=ROLE, PolicyName='us-east-1-only', PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [
    {'Effect': 'Deny', 'Action': '*', 'Resource': '*', 'Condition': {'StringNotEquals': {'aws:RequestedRegion': 'us-east-1'}}}]}))
check(denied(as_role('logs', 'eu-west-1').create_log_group, logGroupName='/aws/lambda/policy-a')[2],
      explicitly_denied('logs:CreateLogGroup', f'arn:aws:logs:eu-west-1:{ACCOUNT}:log-group:/aws/lambda/policy-a:log-stream:'),
      'CreateLogGroup outside the one region the role may use')
role_logs.create_log_stream(logGroupName=group, logStreamName='in-us-east-1')

# Giving a function its execution role is passing the role: CreateFunction needs iam:PassRole too.
iam.put_role_policy(RoleName=ROLE, PolicyName='create', PolicyDocument=policy('Allow', 'lambda:CreateFunction', '*'))
check(denied(role_lambda.create_function, FunctionName='policy-c', Runtime='python3.12', Role=role, Handler='handler.handler',
             Code={'ZipFile': handler_zip('def handler(event, context):\n    return 1\n')}),
      ('AccessDeniedException', 403, not_allowed('iam:PassRole', role)), 'CreateFunction without iam:PassRole')

# A function URL whose AuthType is AWS_IAM needs lambda:InvokeFunctionUrl and lambda:InvokeFunction (Lambda's guide, "Control access to function
# URLs"); refused, it answers 403 Forbidden as it does an unsigned request.
def call_url(url, region='us-east-1'):
    request = AWSRequest(method='GET', url=url)
    SigV4Auth(Credentials(credentials['AccessKeyId'], credentials['SecretAccessKey'], credentials['SessionToken']),
              'lambda', region).add_auth(request)
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection('127.0.0.1', parts.port, timeout=60)
    connection.request('GET', '/', headers={'Host': parts.netloc, **dict(request.headers)})
    response = connection.getresponse()
    return response.status, response.read().decode()


url = lam.create_function_url_config(FunctionName='policy-b', AuthType='AWS_IAM')['FunctionUrl']
lam.get_waiter('function_active_v2').wait(FunctionName='policy-b')
status, body = call_url(url)
check((status, 'Forbidden' in body), (403, True), 'an AWS_IAM function URL the role may not invoke')
iam.put_role_policy(RoleName=ROLE, PolicyName='url-b', PolicyDocument=policy('Allow', 'lambda:InvokeFunctionUrl', FUNCTION + 'policy-b'))
# Since October 2025 a function URL also needs lambda:InvokeFunction ("Control access to Lambda function URLs").
check(call_url(url)[0], 403, 'an AWS_IAM function URL the role may call with lambda:InvokeFunctionUrl only')
iam.put_role_policy(RoleName=ROLE, PolicyName='url-b-invoke', PolicyDocument=policy('Allow', 'lambda:InvokeFunction', FUNCTION + 'policy-b'))
check(call_url(url), (200, '1'), 'an AWS_IAM function URL the role may invoke')

# A function URL in another region is that region's function: lambda:InvokeFunctionUrl on its ARN there, which the
# permission on us-east-1's function of the same name does not cover (the condition above on the region is taken away).
iam.delete_role_policy(RoleName=ROLE, PolicyName='us-east-1-only')
west = client('lambda', region='us-west-2')
west.create_function(FunctionName='policy-b', Runtime='python3.12', Role=role, Handler='handler.handler',
                     Code={'ZipFile': handler_zip('def handler(event, context):\n    return 2\n')})
west_url = west.create_function_url_config(FunctionName='policy-b', AuthType='AWS_IAM')['FunctionUrl']
west.get_waiter('function_active_v2').wait(FunctionName='policy-b')
check('.lambda-url.us-west-2.' in west_url, True, 'the URL names its region')
status, body = call_url(west_url, 'us-west-2')
check((status, 'Forbidden' in body), (403, True), 'an AWS_IAM function URL in us-west-2 the role may invoke in us-east-1 only')
iam.put_role_policy(RoleName=ROLE, PolicyName='url-b-west', PolicyDocument=policy(
    'Allow', ['lambda:InvokeFunctionUrl', 'lambda:InvokeFunction'], f'arn:aws:lambda:us-west-2:{ACCOUNT}:function:policy-b'))
check(call_url(west_url, 'us-west-2'), (200, '2'), 'an AWS_IAM function URL in us-west-2 the role may invoke there')

# A session token that is not the session's is refused as AWS refuses an invalid one.
forged = boto3.client('lambda', endpoint_url=ENDPOINT, region_name='us-east-1', aws_access_key_id=credentials['AccessKeyId'],
                      aws_secret_access_key=credentials['SecretAccessKey'], aws_session_token='not-the-token')
check(denied(forged.get_function, FunctionName='policy-a')[:2], ('UnrecognizedClientException', 403), 'another session token')

# The test keys lamb and its users sign with stay allowed everything.
check(sorted(f['FunctionName'] for f in lam.list_functions()['Functions']), ['policy-a', 'policy-b'], 'ListFunctions with the test keys')
check(lam.get_function(FunctionName='policy-b')['Configuration']['FunctionName'], 'policy-b', 'GetFunction with the test keys')
check(len(client('logs').get_log_events(logGroupName=group, logStreamName='s')['events']), 1, 'the role wrote its log')
print('ok role policies')
