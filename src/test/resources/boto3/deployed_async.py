"""boto3 reads back the [function.async] that `lamb deploy` set on an alias.
Usage: deployed_async.py ENDPOINT FUNCTION ALIAS RETRIES AGE ON_SUCCESS
Expected values: GetFunctionEventInvokeConfig's response in botocore's lambda/2015-03-31 model (FunctionArn qualified
with the alias, MaximumRetryAttempts, MaximumEventAgeInSeconds, DestinationConfig.OnSuccess.Destination).
Prints 'ok deployed_async', or the checks that disagree, and exits 1."""
import sys

import boto3

endpoint, function, alias, retries, age, on_success = sys.argv[1:7]
lam = boto3.client('lambda', endpoint_url=endpoint, region_name='us-east-1',
                   aws_access_key_id='test', aws_secret_access_key='test')
config = lam.get_function_event_invoke_config(FunctionName=function, Qualifier=alias)
failed = []
checks = [
    (config['FunctionArn'].endswith(':function:' + function + ':' + alias), True, 'FunctionArn'),
    (config['MaximumRetryAttempts'], int(retries), 'MaximumRetryAttempts'),
    (config['MaximumEventAgeInSeconds'], int(age), 'MaximumEventAgeInSeconds'),
    (config['DestinationConfig']['OnSuccess'].get('Destination'), on_success, 'OnSuccess'),
    (config['DestinationConfig']['OnFailure'].get('Destination'), None, 'OnFailure'),
]
for actual, expected, what in checks:
    if actual != expected:
        failed.append(f'{what}: expected {expected!r}, got {actual!r}')
if failed:
    print('\n'.join(failed))
    sys.exit(1)
print('ok deployed_async')
