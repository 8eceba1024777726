"""What the boto3 scripts here share: clients of the local cloud named on the command line, as a boto3 user
makes them, and the error a failed call gives, read the way boto3 users read it. A script that also runs
against moto's server takes its account as a second argument."""
import io
import sys
import zipfile

import boto3
import botocore.exceptions
import botocore.parsers

ENDPOINT = sys.argv[1]
ACCOUNT = sys.argv[2] if len(sys.argv) > 2 else '000000000000'
# Run against moto's server as a second opinion: where moto answers otherwise than the reference, say so.
MOTO = len(sys.argv) > 3 and sys.argv[3] == 'moto'
TRUST = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},'
         '"Action":"sts:AssumeRole"}]}')


def client(service, config=None, region='us-east-1'):
    return boto3.client(service, endpoint_url=ENDPOINT, region_name=region,
                        aws_access_key_id='test', aws_secret_access_key='test', config=config)


def handler_zip(source):
    """A deployment package with handler.py holding source."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, 'w') as z:
        z.writestr('handler.py', source)
    return data.getvalue()


def error(call, **params):
    """(Error.Code, HTTP status) of the ClientError that call(**params) raises."""
    try:
        call(**params)
    except botocore.exceptions.ClientError as e:
        return e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']
    raise AssertionError(f'{call.__name__}({params}) succeeded where an error was expected')


def check(actual, expected, what):
    assert actual == expected, f'{what}: expected {expected!r}, got {actual!r}'


def pages(paginator, key, **params):
    """The items of each page, one list a page."""
    return [page[key] for page in paginator.paginate(**params)]


def outcome(call, **params):
    """(Error.Code, HTTP status) of the call's ClientError, 'succeeded', or 'unparsable answer'."""
    try:
        call(**params)
    except botocore.exceptions.ClientError as e:
        return e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']
    except botocore.parsers.ResponseParserError:
        return 'unparsable answer'
    return 'succeeded'


def reference(actual, expected, what):
    """A check where moto is known to answer otherwise than the reference: said, not failed, against moto."""
    if MOTO and actual != expected:
        print(f'moto differs: {what}: reference {expected!r}, moto {actual!r}')
    else:
        check(actual, expected, what)
