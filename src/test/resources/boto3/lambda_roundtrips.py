"""Lambda through boto3: create, waiters, invoke, update, publish, paginators, errors, delete.
Expected values from botocore's lambda/2015-03-31 service model and waiters-2.json."""
import base64
import json

from localcloud import ACCOUNT, TRUST, check, client, error, handler_zip, pages

iam = client('iam')
lam = client('lambda')

CODE = handler_zip("def handler(event, context):\n    print('greeting', event['name'])\n    return {'hello': event['name']}\n")
role = iam.create_role(RoleName='boto3-lambda', AssumeRolePolicyDocument=TRUST)['Role']['Arn']

created = lam.create_function(FunctionName='boto3-fn', Runtime='python3.12', Role=role, Handler='handler.handler',
                              Code={'ZipFile': CODE}, MemorySize=256, Timeout=10, Tags={'team': 'lamb'})
check(created['FunctionArn'], f'arn:aws:lambda:us-east-1:{ACCOUNT}:function:boto3-fn', 'FunctionArn')
check(created['Version'], '$LATEST', 'Version')
assert created['State'] in ('Pending', 'Active'), created['State']
check(error(lam.create_function, FunctionName='boto3-fn', Runtime='python3.12', Role=role, Handler='handler.handler',
            Code={'ZipFile': CODE}), ('ResourceConflictException', 409), 'CreateFunction again')

# FunctionActiveV2 polls GetFunction until Configuration.State is Active (waiters-2.json).
lam.get_waiter('function_active_v2').wait(FunctionName='boto3-fn', WaiterConfig={'Delay': 1, 'MaxAttempts': 30})
got = lam.get_function(FunctionName='boto3-fn')
check(got['Configuration']['State'], 'Active', 'State after function_active_v2')
check(got['Configuration']['MemorySize'], 256, 'MemorySize')
check(got['Tags'], {'team': 'lamb'}, 'Tags')

invoked = lam.invoke(FunctionName='boto3-fn', Payload=json.dumps({'name': 'Ada'}), LogType='Tail')
check(invoked['StatusCode'], 200, 'Invoke StatusCode')
check(json.loads(invoked['Payload'].read()), {'hello': 'Ada'}, 'Invoke Payload')
tail = base64.b64decode(invoked['LogResult']).decode()
assert 'greeting Ada' in tail and 'REPORT RequestId: ' in tail, tail

lam.update_function_configuration(FunctionName='boto3-fn', MemorySize=512)
lam.get_waiter('function_updated_v2').wait(FunctionName='boto3-fn', WaiterConfig={'Delay': 1, 'MaxAttempts': 30})
updated = lam.get_function_configuration(FunctionName='boto3-fn')
check((updated['MemorySize'], updated['LastUpdateStatus']), (512, 'Successful'), 'after function_updated_v2')

published = lam.publish_version(FunctionName='boto3-fn')
check(published['Version'], '1', 'PublishVersion')
alias = lam.create_alias(FunctionName='boto3-fn', Name='live', FunctionVersion='1')
check(alias['AliasArn'], f'arn:aws:lambda:us-east-1:{ACCOUNT}:function:boto3-fn:live', 'AliasArn')
versions = pages(lam.get_paginator('list_versions_by_function'), 'Versions', FunctionName='boto3-fn')
check([v['Version'] for page in versions for v in page], ['$LATEST', '1'], 'ListVersionsByFunction')

for name in ('boto3-fn-2', 'boto3-fn-3'):
    lam.create_function(FunctionName=name, Runtime='python3.12', Role=role, Handler='handler.handler', Code={'ZipFile': CODE})
# ListFunctions pages with Marker/NextMarker and MaxItems (paginators-1.json): three functions, two to a page.
listed = pages(lam.get_paginator('list_functions'), 'Functions', PaginationConfig={'PageSize': 2})
check([len(page) for page in listed], [2, 1], 'ListFunctions page sizes')
check(sorted(f['FunctionName'] for page in listed for f in page), ['boto3-fn', 'boto3-fn-2', 'boto3-fn-3'], 'ListFunctions')

check(error(lam.get_function, FunctionName='boto3-none'), ('ResourceNotFoundException', 404), 'GetFunction of none')
check(error(lam.invoke, FunctionName='boto3-fn', Qualifier='7'), ('ResourceNotFoundException', 404), 'Invoke of no version')
check(error(lam.create_function, FunctionName='boto3-bad', Runtime='python3.12', Role=role, Handler='handler.handler',
            Code={'ZipFile': CODE}, MemorySize=10241), ('ValidationException', 400), 'MemorySize above the maximum 10240')

for name in ('boto3-fn', 'boto3-fn-2', 'boto3-fn-3'):
    lam.delete_function(FunctionName=name)
check(error(lam.get_function, FunctionName='boto3-fn'), ('ResourceNotFoundException', 404), 'GetFunction after delete')
check(lam.list_functions()['Functions'], [], 'ListFunctions after delete')
print('ok lambda')
