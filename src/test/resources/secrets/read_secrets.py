"""Reads each secret lamb points the function at (NAME_SECRET_ARN), and the one ?arn= names, with the boto3 the
runtime provides, and answers with each one's length or the error code: never a value."""
import json
import os

import boto3


def read(client, arn):
    try:
        return {'length': len(client.get_secret_value(SecretId=arn.split('#')[0])['SecretString'])}
    except Exception as e:  # the answer names the error the service gave
        return {'error': getattr(e, 'response', {}).get('Error', {}).get('Code', type(e).__name__)}


def handler(event, context):
    client = boto3.client('secretsmanager')
    seen = {k: read(client, v) for k, v in sorted(os.environ.items()) if k.endswith('_SECRET_ARN')}
    arn = (event.get('queryStringParameters') or {}).get('arn')
    if arn:
        seen['arn'] = read(client, arn)
    return {'statusCode': 200, 'body': json.dumps(seen)}
