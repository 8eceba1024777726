"""boto3 invokes a function of the local cloud whose handler is whoami.py and prints the body it answered.
Arguments: the endpoint, the function's name."""
import json
import sys

import boto3

endpoint, name = sys.argv[1], sys.argv[2]
lam = boto3.client('lambda', endpoint_url=endpoint, region_name='us-east-1',
                   aws_access_key_id='test', aws_secret_access_key='test')
response = lam.invoke(FunctionName=name, Payload=b'{}')
print(json.loads(response['Payload'].read())['body'])
