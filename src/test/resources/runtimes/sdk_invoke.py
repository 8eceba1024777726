"""boto3 invokes a function of the local cloud by alias and version (Invoke's Qualifier, an alias ARN as
FunctionName), with LogType Tail: the response's request id (ResponseMetadata.RequestId, from x-amzn-RequestId)
must be the invocation's, the one its handler saw and its REPORT line names, and the handler's
context.invoked_function_arn carries the qualifier used (Lambda developer guide, "Using the Lambda context
object to retrieve Python function information": invoked_function_arn "Indicates if the invoker specified a
version number or alias"). Argument: the endpoint, the function's name. Prints "ok"."""
import base64
import json
import sys

import boto3

endpoint, name = sys.argv[1], sys.argv[2]
arn = 'arn:aws:lambda:us-east-1:000000000000:function:' + name
lam = boto3.client('lambda', endpoint_url=endpoint, region_name='us-east-1',
                   aws_access_key_id='test', aws_secret_access_key='test')
for params, invoked in [({'FunctionName': name}, arn),
                        ({'FunctionName': name, 'Qualifier': 'live'}, arn + ':live'),
                        ({'FunctionName': arn + ':1'}, arn + ':1')]:
    response = lam.invoke(LogType='Tail', Payload=b'{}', **params)
    seen = json.loads(response['Payload'].read())
    request_id = response['ResponseMetadata']['RequestId']
    log = base64.b64decode(response['LogResult']).decode()
    assert seen['arn'] == invoked, (params, seen)
    assert seen['requestId'] == request_id, (request_id, seen)
    assert 'REPORT RequestId: ' + request_id in log, (request_id, log)
print('ok')
