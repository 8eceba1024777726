"""Reads each secret lamb points the function at (NAME_SECRET_ARN: a Secrets Manager secret's or a Parameter Store
parameter's ARN), and the one ?arn= names, with the boto3 the runtime provides, and answers with each one's length or
the error code: never a value."""
import json
import os

import boto3


def value(arn):
    if ':ssm:' in arn:
        return boto3.client('ssm').get_parameter(Name=arn, WithDecryption=True)['Parameter']['Value']
    return boto3.client('secretsmanager').get_secret_value(SecretId=arn.split('#')[0])['SecretString']


def read(arn):
    try:
        return {'length': len(value(arn))}
    except Exception as e:  # the answer names the error the service gave
        return {'error': getattr(e, 'response', {}).get('Error', {}).get('Code', type(e).__name__)}


def handler(event, context):
    seen = {k: read(v) for k, v in sorted(os.environ.items()) if k.endswith('_SECRET_ARN')}
    arn = (event.get('queryStringParameters') or {}).get('arn')
    if arn:
        seen['arn'] = read(arn)
    return {'statusCode': 200, 'body': json.dumps(seen)}
