"""Services the local cloud does not serve, through boto3: each answers in its own protocol (S3's XML <Error>,
the query services' XML <ErrorResponse>, JSON for the JSON services), so that botocore parses the NotImplemented
code and the message naming the service instead of failing to read the answer."""
from localcloud import check, client
import botocore.exceptions

CALLS = {
    's3': lambda c: c.list_buckets(),
    'sns': lambda c: c.list_topics(),
    'sqs': lambda c: c.list_queues(),
    'dynamodb': lambda c: c.list_tables(),
    'ec2': lambda c: c.describe_regions(),
    'kinesis': lambda c: c.list_streams(),
}
for service, call in CALLS.items():
    try:
        call(client(service))
        raise AssertionError(f'{service} succeeded where NotImplemented was expected')
    except botocore.exceptions.ClientError as e:
        check(e.response['Error']['Code'], 'NotImplemented', f'{service} error code')
        message = e.response['Error']['Message']
        assert f'does not serve the {service} service' in message, f'{service}: {message}'
print('ok unserved')
