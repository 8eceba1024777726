"""S3 through boto3, as its users call it, path-style and virtual-host. Expected values from the S3 API reference and
botocore's s3/2006-03-01 service-2.json: ETags (MD5; multipart the MD5 of the parts' MD5s, "-N"), error codes and
statuses ("Error responses": NoSuchBucket 404, NoSuchKey 404, BucketAlreadyOwnedByYou 409, BucketNotEmpty 409,
InvalidRange 416, NoSuchUpload 404, EntityTooSmall 400), versioning's delete markers and the bucket settings lamb's
own deployment bucket uses."""
import base64
import hashlib
import socket

import boto3
import botocore.config
import botocore.exceptions
from localcloud import ENDPOINT, TRUST, check, client, error, handler_zip, pages

s3 = client('s3')
s3.create_bucket(Bucket='boto-objects')
check(s3.head_bucket(Bucket='boto-objects')['ResponseMetadata']['HTTPHeaders']['x-amz-bucket-region'], 'us-east-1', 'bucket region')
check('boto-objects' in [b['Name'] for b in s3.list_buckets()['Buckets']], True, 'ListBuckets lists it')
check(s3.get_bucket_location(Bucket='boto-objects')['LocationConstraint'], None, 'us-east-1 is the empty constraint')

# Objects: put, get (whole and a range), head, copy, delete.
put = s3.put_object(Bucket='boto-objects', Key='dir/hello world.txt', Body=b'hello, world', ContentType='text/plain',
                    Metadata={'Owner': 'lamb'})
check(put['ETag'], '"%s"' % hashlib.md5(b'hello, world').hexdigest(), 'ETag is the MD5')
got = s3.get_object(Bucket='boto-objects', Key='dir/hello world.txt')
check((got['Body'].read(), got['ContentType'], got['Metadata']), (b'hello, world', 'text/plain', {'owner': 'lamb'}), 'GetObject')
ranged = s3.get_object(Bucket='boto-objects', Key='dir/hello world.txt', Range='bytes=7-')
check((ranged['Body'].read(), ranged['ContentRange'], ranged['ResponseMetadata']['HTTPStatusCode']),
      (b'world', 'bytes 7-11/12', 206), 'a range')
check(s3.head_object(Bucket='boto-objects', Key='dir/hello world.txt')['ContentLength'], 12, 'HeadObject')

# The bucket owner condition (ExpectedBucketOwner on each operation in service-2.json): "If the account ID that you
# provide does not match the actual owner of the bucket, the request fails with the HTTP status code 403 Forbidden".
# The local cloud is the one account 000000000000.
check(s3.head_bucket(Bucket='boto-objects', ExpectedBucketOwner='000000000000')['ResponseMetadata']['HTTPStatusCode'], 200,
      'the owner expected')
check(error(s3.head_bucket, Bucket='boto-objects', ExpectedBucketOwner='111111111111')[1], 403, 'HeadBucket of another owner')
check(error(s3.head_object, Bucket='boto-objects', Key='dir/hello world.txt', ExpectedBucketOwner='111111111111')[1], 403,
      'HeadObject of another owner')
check(error(s3.put_object, Bucket='boto-objects', Key='sniped', Body=b'x', ExpectedBucketOwner='111111111111'),
      ('AccessDenied', 403), 'PutObject into another owner\'s bucket')
check(error(s3.create_multipart_upload, Bucket='boto-objects', Key='sniped', ExpectedBucketOwner='111111111111'),
      ('AccessDenied', 403), 'CreateMultipartUpload into another owner\'s bucket')
check(error(s3.copy_object, Bucket='boto-objects', Key='copied', ExpectedSourceBucketOwner='111111111111',
            CopySource={'Bucket': 'boto-objects', 'Key': 'dir/hello world.txt'}), ('AccessDenied', 403), 'a copy source of another owner')
check(error(s3.get_object, Bucket='no-such-bucket', Key='k', ExpectedBucketOwner='111111111111'), ('NoSuchBucket', 404),
      'a missing bucket whatever the owner expected')
s3.copy_object(Bucket='boto-objects', Key='copy.txt', CopySource={'Bucket': 'boto-objects', 'Key': 'dir/hello world.txt'})
check(s3.get_object(Bucket='boto-objects', Key='copy.txt')['Body'].read(), b'hello, world', 'CopyObject')
s3.delete_object(Bucket='boto-objects', Key='copy.txt')
check(error(s3.get_object, Bucket='boto-objects', Key='copy.txt'), ('NoSuchKey', 404), 'a deleted key')
check(error(s3.get_object, Bucket='boto-objects', Key='dir/hello world.txt', Range='bytes=50-60'), ('InvalidRange', 416), 'range')
check(error(s3.get_object, Bucket='no-such-bucket', Key='k'), ('NoSuchBucket', 404), 'a missing bucket')

# Listing: the paginator follows NextContinuationToken; a delimiter folds keys into common prefixes.
for i in range(5):
    s3.put_object(Bucket='boto-objects', Key=f'many/{i}', Body=b'x')
check([[o['Key'] for o in p] for p in pages(s3.get_paginator('list_objects_v2'), 'Contents', Bucket='boto-objects',
                                           Prefix='many/', PaginationConfig={'PageSize': 2})],
      [['many/0', 'many/1'], ['many/2', 'many/3'], ['many/4']], 'pages of two')
listed = s3.list_objects_v2(Bucket='boto-objects', Delimiter='/')
check([p['Prefix'] for p in listed['CommonPrefixes']], ['dir/', 'many/'], 'common prefixes')
deleted = s3.delete_objects(Bucket='boto-objects', Delete={'Objects': [{'Key': f'many/{i}'} for i in range(5)]})
check(len(deleted['Deleted']), 5, 'DeleteObjects')
check(error(s3.delete_bucket, Bucket='boto-objects'), ('BucketNotEmpty', 409), 'a bucket holding objects')

# Multipart: parts but the last at least 5 MiB; the ETag of the whole.
part1, part2 = b'a' * (5 * 1024 * 1024), b'b' * 1000
upload = s3.create_multipart_upload(Bucket='boto-objects', Key='multi')['UploadId']
check([u['UploadId'] for u in s3.list_multipart_uploads(Bucket='boto-objects')['Uploads']], [upload], 'uploads in progress')
e1 = s3.upload_part(Bucket='boto-objects', Key='multi', UploadId=upload, PartNumber=1, Body=part1)['ETag']
e2 = s3.upload_part(Bucket='boto-objects', Key='multi', UploadId=upload, PartNumber=2, Body=part2)['ETag']
check([p['PartNumber'] for p in s3.list_parts(Bucket='boto-objects', Key='multi', UploadId=upload)['Parts']], [1, 2], 'ListParts')
done = s3.complete_multipart_upload(Bucket='boto-objects', Key='multi', UploadId=upload, MultipartUpload={
    'Parts': [{'PartNumber': 1, 'ETag': e1}, {'PartNumber': 2, 'ETag': e2}]})
whole = hashlib.md5(hashlib.md5(part1).digest() + hashlib.md5(part2).digest()).hexdigest()
check(done['ETag'], f'"{whole}-2"', 'multipart ETag')
check(s3.head_object(Bucket='boto-objects', Key='multi')['ContentLength'], len(part1) + len(part2), 'the joined size')
small = s3.create_multipart_upload(Bucket='boto-objects', Key='small')['UploadId']
s1 = s3.upload_part(Bucket='boto-objects', Key='small', UploadId=small, PartNumber=1, Body=b'tiny')['ETag']
s2 = s3.upload_part(Bucket='boto-objects', Key='small', UploadId=small, PartNumber=2, Body=b'tiny')['ETag']
check(error(s3.complete_multipart_upload, Bucket='boto-objects', Key='small', UploadId=small, MultipartUpload={
    'Parts': [{'PartNumber': 1, 'ETag': s1}, {'PartNumber': 2, 'ETag': s2}]}), ('EntityTooSmall', 400), 'a small first part')
s3.abort_multipart_upload(Bucket='boto-objects', Key='small', UploadId=small)
check(error(s3.list_parts, Bucket='boto-objects', Key='small', UploadId=small), ('NoSuchUpload', 404), 'an aborted upload')

# Versioning: every put a version, a delete a marker, an old version still readable.
s3.create_bucket(Bucket='boto-versions')
s3.put_bucket_versioning(Bucket='boto-versions', VersioningConfiguration={'Status': 'Enabled'})
v1 = s3.put_object(Bucket='boto-versions', Key='k', Body=b'one')['VersionId']
s3.put_object(Bucket='boto-versions', Key='k', Body=b'two')
marker = s3.delete_object(Bucket='boto-versions', Key='k')
check(marker['DeleteMarker'], True, 'a delete marker')
versions = s3.list_object_versions(Bucket='boto-versions')
check((len(versions['Versions']), len(versions['DeleteMarkers'])), (2, 1), 'versions and markers')
check(s3.get_object(Bucket='boto-versions', Key='k', VersionId=v1)['Body'].read(), b'one', 'an old version')
check(error(s3.head_object, Bucket='boto-versions', Key='k'), ('404', 404), 'a key whose current version is a delete marker')
# S3's GetObject reference: a current delete marker answers 404 NoSuchKey with x-amz-delete-marker: true (and the marker's id).
try:
    s3.get_object(Bucket='boto-versions', Key='k')
    raise AssertionError('a deleted key was read')
except botocore.exceptions.ClientError as e:
    headers = e.response['ResponseMetadata']['HTTPHeaders']
    check((e.response['Error']['Code'], headers.get('x-amz-delete-marker'), headers.get('x-amz-version-id')),
          ('NoSuchKey', 'true', marker['VersionId']), 'a deleted key says it is a delete marker')

# The settings lamb's own bucket gets.
s3.put_public_access_block(Bucket='boto-versions', PublicAccessBlockConfiguration={
    'BlockPublicAcls': True, 'IgnorePublicAcls': True, 'BlockPublicPolicy': True, 'RestrictPublicBuckets': True})
check(s3.get_public_access_block(Bucket='boto-versions')['PublicAccessBlockConfiguration']['BlockPublicPolicy'], True, 'PAB')
check(s3.get_bucket_encryption(Bucket='boto-versions')['ServerSideEncryptionConfiguration']['Rules'][0]
      ['ApplyServerSideEncryptionByDefault']['SSEAlgorithm'], 'AES256', 'default encryption, SSE-S3 since 2023')
s3.put_bucket_lifecycle_configuration(Bucket='boto-versions', LifecycleConfiguration={'Rules': [{
    'ID': 'old', 'Status': 'Enabled', 'Filter': {'Prefix': ''}, 'NoncurrentVersionExpiration': {'NoncurrentDays': 30}}]})
check(s3.get_bucket_lifecycle_configuration(Bucket='boto-versions')['Rules'][0]['NoncurrentVersionExpiration'],
      {'NoncurrentDays': 30}, 'lifecycle')
s3.put_bucket_tagging(Bucket='boto-versions', Tagging={'TagSet': [{'Key': 'made-by', 'Value': 'lamb'}]})
check(s3.get_bucket_tagging(Bucket='boto-versions')['TagSet'], [{'Key': 'made-by', 'Value': 'lamb'}], 'bucket tags')

# Regions: a bucket made in eu-west-1 says so; asked again there, BucketAlreadyOwnedByYou.
eu = client('s3', region='eu-west-1')
eu.create_bucket(Bucket='boto-eu', CreateBucketConfiguration={'LocationConstraint': 'eu-west-1'})
check(eu.get_bucket_location(Bucket='boto-eu')['LocationConstraint'], 'eu-west-1', 'the bucket region')
check(error(eu.create_bucket, Bucket='boto-eu', CreateBucketConfiguration={'LocationConstraint': 'eu-west-1'}),
      ('BucketAlreadyOwnedByYou', 409), 'a bucket made again')

# Lambda takes code from S3 (Code.S3Bucket/S3Key/S3ObjectVersion; UpdateFunctionCode's S3Bucket/S3Key): CodeSha256 is
# the package's SHA-256 in base64 (Lambda API reference, FunctionConfiguration); a missing object is Lambda's
# InvalidParameterValueException carrying S3's error code.
iam, lam = client('iam'), client('lambda')
role = iam.create_role(RoleName='boto3-s3-code', AssumeRolePolicyDocument=TRUST)['Role']['Arn']
first, second = handler_zip('def handler(e, c):\n    return 1\n'), handler_zip('def handler(e, c):\n    return 2\n')
code_v1 = s3.put_object(Bucket='boto-versions', Key='code.zip', Body=first)['VersionId']
s3.put_object(Bucket='boto-versions', Key='code.zip', Body=second)
created = lam.create_function(FunctionName='boto3-from-s3', Runtime='python3.12', Role=role, Handler='handler.handler',
                              Code={'S3Bucket': 'boto-versions', 'S3Key': 'code.zip', 'S3ObjectVersion': code_v1})
check((created['CodeSha256'], created['CodeSize']), (base64.b64encode(hashlib.sha256(first).digest()).decode(), len(first)),
      'the version asked for')
lam.get_waiter('function_active_v2').wait(FunctionName='boto3-from-s3')
updated = lam.update_function_code(FunctionName='boto3-from-s3', S3Bucket='boto-versions', S3Key='code.zip')
check(updated['CodeSha256'], base64.b64encode(hashlib.sha256(second).digest()).decode(), 'the current version')
lam.get_waiter('function_updated_v2').wait(FunctionName='boto3-from-s3')
check(error(lam.update_function_code, FunctionName='boto3-from-s3', S3Bucket='boto-versions', S3Key='missing.zip'),
      ('InvalidParameterValueException', 400), 'a missing key')
try:
    lam.update_function_code(FunctionName='boto3-from-s3', S3Bucket='no-such-bucket', S3Key='code.zip')
except lam.exceptions.InvalidParameterValueException as e:
    message = e.response['Error']['Message']
    assert 'S3 Error Code: NoSuchBucket' in message and 'no-such-bucket' in message, message
else:
    raise AssertionError('code in a missing bucket was taken')

# Virtual-host addressing: BUCKET.localhost, resolved here as a browser or systemd-resolved resolves *.localhost.
resolve = socket.getaddrinfo
socket.getaddrinfo = lambda host, *a, **k: resolve('127.0.0.1' if host.endswith('.localhost') else host, *a, **k)
virtual = boto3.client('s3', endpoint_url=ENDPOINT.replace('127.0.0.1', 'localhost'), region_name='us-east-1',
                       aws_access_key_id='test', aws_secret_access_key='test',
                       config=botocore.config.Config(s3={'addressing_style': 'virtual'}))
virtual.put_object(Bucket='boto-objects', Key='by-host', Body=b'virtual')
check(s3.get_object(Bucket='boto-objects', Key='by-host')['Body'].read(), b'virtual',
      'put by host, read by path')
print('ok s3')
