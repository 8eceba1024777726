"""A stage's Function URL as `lamb deploy` leaves it, read back with boto3 (run by FunctionUrlDeployIT).

Usage: function_url.py ENDPOINT FUNCTION ALIAS AUTH. Expected values: the Lambda API reference
(GetFunctionUrlConfig, GetPolicy), the developer guide's "Control access to Lambda function URLs" (since
October 2025 a NONE URL needs lambda:InvokeFunctionUrl and lambda:InvokeFunction for everyone; an AWS_IAM URL
answers an unsigned request, or one signed for another region, 403 {"Message": "Forbidden"}) and "Invoking Lambda function URLs" (SigV4 for the
service lambda). Prints "ok function_url" when all held.
"""

import http.client
import json
import sys
import urllib.parse

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ENDPOINT, FUNCTION, ALIAS, AUTH = sys.argv[1:5]
REGION = 'us-east-1'
lam = boto3.client('lambda', endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id='test',
                   aws_secret_access_key='test')


def check(actual, expected, what):
    if actual != expected:
        print(f'{what}: expected {expected!r}, got {actual!r}')
        sys.exit(1)


def get(url, headers=None):
    """GET the URL on 127.0.0.1 with the URL's Host, as a client on this machine sends it: (status, body)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection('127.0.0.1', parts.port, timeout=30)
    connection.request('GET', parts.path + ('?' + parts.query if parts.query else ''),
                       headers={'Host': parts.netloc, **(headers or {})})
    answer = connection.getresponse()
    return answer.status, answer.read().decode()


config = lam.get_function_url_config(FunctionName=FUNCTION, Qualifier=ALIAS)
check(config['AuthType'], AUTH, 'AuthType')
check(config['FunctionArn'].endswith(f':function:{FUNCTION}:{ALIAS}'), True, 'the URL is the alias\'s: ' + config['FunctionArn'])
url = config['FunctionUrl'] + '?name=Ada'

if AUTH == 'NONE':
    statements = {s['Sid']: s for s in json.loads(lam.get_policy(FunctionName=FUNCTION, Qualifier=ALIAS)['Policy'])['Statement']}
    public_url = statements['lamb-url-InvokeFunctionUrl']
    check((public_url['Principal'], public_url['Action'], public_url['Condition']),
          ('*', 'lambda:InvokeFunctionUrl', {'StringEquals': {'lambda:FunctionUrlAuthType': 'NONE'}}),
          'the lambda:InvokeFunctionUrl statement')
    public_invoke = statements['lamb-url-InvokeFunction']
    check((public_invoke['Principal'], public_invoke['Action'], public_invoke['Condition']),
          ('*', 'lambda:InvokeFunction', {'Bool': {'lambda:InvokedViaFunctionUrl': 'true'}}),
          'the lambda:InvokeFunction statement')
    check(get(url), (200, '"Hello, Ada!"'), 'an unsigned GET of a NONE URL')
else:
    policy = json.loads(lam.get_policy(FunctionName=FUNCTION, Qualifier=ALIAS)['Policy'])
    check([s['Sid'] for s in policy['Statement'] if s['Sid'].startswith('lamb-url-')], [], 'lamb\'s statements of a public URL')
    check(get(url), (403, '{"Message":"Forbidden"}'), 'an unsigned GET of an AWS_IAM URL')
    signed = AWSRequest(method='GET', url=url, headers={'Host': urllib.parse.urlsplit(url).netloc})
    SigV4Auth(Credentials('test', 'test'), 'lambda', REGION).add_auth(signed)
    check(get(url, dict(signed.headers.items())), (200, '"Hello, Ada!"'), 'a GET signed for lambda')
    wrong = AWSRequest(method='GET', url=url, headers={'Host': urllib.parse.urlsplit(url).netloc})
    SigV4Auth(Credentials('test', 'test'), 'execute-api', REGION).add_auth(wrong)
    check(get(url, dict(wrong.headers.items()))[0], 403, 'a GET signed for another service')
    elsewhere = AWSRequest(method='GET', url=url, headers={'Host': urllib.parse.urlsplit(url).netloc})
    SigV4Auth(Credentials('test', 'test'), 'lambda', 'us-west-2').add_auth(elsewhere)
    check(get(url, dict(elsewhere.headers.items()))[0], 403, 'a GET of a us-east-1 URL signed for us-west-2')

print('ok function_url')
