"""Reads each secret lamb points the function at (NAME_SECRET_ARN: a Secrets Manager secret's or a Parameter Store
parameter's ARN), and the one ?arn= names, through the Python template's helper (secret.py, with boto3 as the runtime
provides it), and answers with each one's length or the error code the service gave: never a value."""
import json
import os

from secret import SecretCache, SecretError, secret


def read(name, environ=None):
    try:
        return {'length': len(secret(name) if environ is None else SecretCache(environ=environ).get(name))}
    except SecretError as e:  # the helper's error; the service's answer is its cause
        cause = e.__cause__
        return {'error': getattr(cause, 'response', {}).get('Error', {}).get('Code', type(cause or e).__name__)}


def handler(event, context):
    suffix = '_SECRET_ARN'
    seen = {k: read(k[:-len(suffix)]) for k in sorted(os.environ) if k.endswith(suffix)}
    arn = (event.get('queryStringParameters') or {}).get('arn')
    if arn:
        seen['arn'] = read('PROBE', {'PROBE' + suffix: arn})
    return {'statusCode': 200, 'body': json.dumps(seen)}
