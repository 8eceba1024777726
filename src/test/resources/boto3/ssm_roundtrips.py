"""Issue 17 section 3: SSM Parameter Store through boto3 as its users call it. Expected values come from the SSM API
Reference and botocore's ssm/2014-11-06 model: PutParameter answers Version and Tier; a SecureString read without
WithDecryption is not its value; GetParameters names what it did not find in InvalidParameters; GetParametersByPath pages
by MaxResults (at most 10) and NextToken; DescribeParameters gives ParameterMetadata (KeyId alias/aws/ssm for a
SecureString, never a value); errors by the model's codes (ParameterAlreadyExists, ParameterNotFound,
ParameterVersionNotFound, HierarchyLevelLimitExceededException, ValidationException); GetParameterHistory oldest first, with each version's Labels; labels through LabelParameterVersion and
UnlabelParameterVersion, read as name:label; tags through AddTagsToResource, RemoveTagsFromResource, ListTagsForResource
(InvalidResourceId for a parameter that is not there); ARNs as AWS makes them
(arn:aws:ssm:REGION:ACCOUNT:parameter/NAME, the name's leading slash not doubled). A role session without ssm:GetParameter
is refused with AccessDeniedException, as the IAM User Guide words the message."""
import json

import boto3
import botocore.exceptions

from localcloud import ACCOUNT, ENDPOINT, TRUST, check, client, error, pages

ssm = client('ssm')
ARN = f'arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/'

check(ssm.put_parameter(Name='/b3/app/url', Value='https://example.com', Type='String', Description='the url',
                        Tags=[{'Key': 'team', 'Value': 'b3'}])['Version'], 1, 'a new parameter is version 1')
put = ssm.put_parameter(Name='/b3/app/url', Value='https://example.org', Type='String', Overwrite=True)
check((put['Version'], put['Tier']), (2, 'Standard'), 'an overwrite is the next version, Standard tier')
check(error(ssm.put_parameter, Name='/b3/app/url', Value='x', Type='String'), ('ParameterAlreadyExists', 400), 'without Overwrite')
ssm.put_parameter(Name='/b3/app/hosts', Value='a,b,c', Type='StringList')
ssm.put_parameter(Name='/b3/app/db/password', Value='s3cr3t-b3', Type='SecureString')
ssm.put_parameter(Name='b3-top', Value='top', Type='String')

got = ssm.get_parameter(Name='/b3/app/url')['Parameter']
check((got['Name'], got['Type'], got['Value'], got['Version'], got['ARN'], got['DataType']),
      ('/b3/app/url', 'String', 'https://example.org', 2, ARN + 'b3/app/url', 'text'), 'GetParameter')
check(ssm.get_parameter(Name='b3-top')['Parameter']['ARN'], ARN + 'b3-top', 'the ARN of a name without a slash')
check(ssm.get_parameter(Name='/b3/app/url:1')['Parameter']['Value'], 'https://example.com', 'name:version reads that version')
check(ssm.get_parameter(Name='/b3/app/url:1')['Parameter']['Selector'], ':1', 'the selector asked for')
check(ssm.get_parameter(Name=ARN + 'b3/app/url')['Parameter']['Name'], '/b3/app/url', 'a parameter named by its ARN')
check(error(ssm.get_parameter, Name='/b3/app/url:9'), ('ParameterVersionNotFound', 400), 'a version it never had')
check(error(ssm.get_parameter, Name='/b3/nothing'), ('ParameterNotFound', 400), 'GetParameter of nothing')

secret = ssm.get_parameter(Name='/b3/app/db/password')['Parameter']
assert secret['Value'] != 's3cr3t-b3' and 's3cr3t' not in secret['Value'], 'a SecureString without WithDecryption'
check(secret['Type'], 'SecureString', 'the type')
check(ssm.get_parameter(Name='/b3/app/db/password', WithDecryption=True)['Parameter']['Value'], 's3cr3t-b3', 'WithDecryption')

many = ssm.get_parameters(Names=['/b3/app/url', '/b3/app/db/password', '/b3/missing'], WithDecryption=True)
check(sorted(p['Name'] for p in many['Parameters']), ['/b3/app/db/password', '/b3/app/url'], 'GetParameters found')
check(many['InvalidParameters'], ['/b3/missing'], 'GetParameters InvalidParameters')

one_level = ssm.get_parameters_by_path(Path='/b3/app')['Parameters']
check(sorted(p['Name'] for p in one_level), ['/b3/app/hosts', '/b3/app/url'], 'one level of /b3/app')
paged = pages(ssm.get_paginator('get_parameters_by_path'), 'Parameters', Path='/b3', Recursive=True, WithDecryption=True,
              PaginationConfig={'PageSize': 2})
check([len(p) for p in paged], [2, 1], 'three parameters under /b3, two a page')
check({p['Name']: p['Value'] for page in paged for p in page}['/b3/app/db/password'], 's3cr3t-b3', 'decrypted by path')
check(error(ssm.get_parameters_by_path, Path='/b3', MaxResults=11)[0], 'ValidationException', 'MaxResults over 10')
hidden = ssm.get_parameters_by_path(Path='/b3/app/db')['Parameters'][0]['Value']
assert 's3cr3t' not in hidden, 'by path without WithDecryption'

described = ssm.describe_parameters(ParameterFilters=[{'Key': 'Name', 'Option': 'BeginsWith', 'Values': ['/b3/']}])['Parameters']
check([p['Name'] for p in described], ['/b3/app/db/password', '/b3/app/hosts', '/b3/app/url'], 'Name BeginsWith')
by_name = {p['Name']: p for p in described}
check(by_name['/b3/app/db/password']['KeyId'], 'alias/aws/ssm', 'the default key of a SecureString')
check('KeyId' in by_name['/b3/app/url'], False, 'a String has no key')
check((by_name['/b3/app/url']['Version'], by_name['/b3/app/url']['Description'], by_name['/b3/app/url']['ARN']),
      (2, 'the url', ARN + 'b3/app/url'), 'the metadata')
assert 'Value' not in by_name['/b3/app/db/password'], 'DescribeParameters gives no value'
secure = ssm.describe_parameters(ParameterFilters=[{'Key': 'Type', 'Values': ['SecureString']},
                                                   {'Key': 'Path', 'Option': 'Recursive', 'Values': ['/b3']}])['Parameters']
check([p['Name'] for p in secure], ['/b3/app/db/password'], 'Type and Path filters')
tagged = ssm.describe_parameters(ParameterFilters=[{'Key': 'tag:team', 'Values': ['b3']}])['Parameters']
check([p['Name'] for p in tagged], ['/b3/app/url'], 'the tags given on create')
check(error(ssm.describe_parameters, Filters=[{'Key': 'Name', 'Values': ['x']}],
            ParameterFilters=[{'Key': 'Name', 'Values': ['x']}])[0], 'ValidationException', 'Filters and ParameterFilters')
check(error(ssm.describe_parameters, ParameterFilters=[{'Key': 'Name', 'Option': 'Sideways', 'Values': ['x']}])[0],
      'InvalidFilterOption', 'an option Name has not')

check(error(ssm.put_parameter, Name='/' + '/'.join(['l'] * 16), Value='x', Type='String'),
      ('HierarchyLevelLimitExceededException', 400), 'a hierarchy 16 levels deep')
check(error(ssm.put_parameter, Name='b3/no-slash', Value='x', Type='String')[0], 'ValidationException', 'a path without its /')
check(error(ssm.put_parameter, Name='/b3/sp ace', Value='x', Type='String')[0], 'ValidationException', 'a space in a name')
check(error(ssm.put_parameter, Name='ssm-mine', Value='x', Type='String')[0], 'ValidationException', 'the ssm prefix')

history = ssm.get_parameter_history(Name='/b3/app/url')['Parameters']
check([(h['Version'], h['Value']) for h in history], [(1, 'https://example.com'), (2, 'https://example.org')], 'GetParameterHistory')
check(error(ssm.get_parameter_history, Name='/b3/none'), ('ParameterNotFound', 400), 'the history of nothing')
assert all('s3cr3t' not in h['Value'] for h in ssm.get_parameter_history(Name='/b3/app/db/password')['Parameters']), 'history hides it'
# Labels (LabelParameterVersion, UnlabelParameterVersion; the User Guide's "Working with parameter labels"): a label names one
# version, read as name:label; attaching it to another version moves it; one starting with a digit, aws or ssm is answered in
# InvalidLabels, not attached; a version carries at most 10 (ParameterVersionLabelLimitExceeded).
labelled = ssm.label_parameter_version(Name='/b3/app/url', ParameterVersion=1, Labels=['prod', '1st', 'awsy'])
check((labelled['ParameterVersion'], labelled['InvalidLabels']), (1, ['1st', 'awsy']), 'LabelParameterVersion')
by_label = ssm.get_parameter(Name='/b3/app/url:prod')['Parameter']
check((by_label['Version'], by_label['Value'], by_label['Selector']), (1, 'https://example.com', ':prod'), 'name:label')
by_path_label = ssm.get_parameters_by_path(Path='/b3/app', ParameterFilters=[{'Key': 'Label', 'Values': ['prod']}])['Parameters']
check([(p['Name'], p['Version'], p['Value']) for p in by_path_label], [('/b3/app/url', 1, 'https://example.com')],
      'GetParametersByPath with a Label filter: the labelled version of each parameter that has the label')
check(ssm.label_parameter_version(Name='/b3/app/url', Labels=['prod'])['ParameterVersion'], 2, 'the latest without a version')
check(ssm.get_parameter(Name='/b3/app/url:prod')['Parameter']['Version'], 2, 'the label moved to version 2')
check([h['Labels'] for h in ssm.get_parameter_history(Name='/b3/app/url')['Parameters']], [[], ['prod']], 'labels in the history')
check(ssm.get_parameters(Names=['/b3/app/url:prod', '/b3/app/url:none'])['InvalidParameters'], ['/b3/app/url:none'],
      'GetParameters of a label no version has')
check(error(ssm.get_parameter, Name='/b3/app/url:none'), ('ParameterNotFound', 400), 'GetParameter of a label no version has')
check(error(ssm.label_parameter_version, Name='/b3/app/url', ParameterVersion=9, Labels=['x']), ('ParameterVersionNotFound', 400),
      'a label on a version it never had')
check(error(ssm.label_parameter_version, Name='/b3/app/url', Labels=[f'l{n}' for n in range(10)]),
      ('ParameterVersionLabelLimitExceeded', 400), 'an eleventh label on version 2')
unlabelled = ssm.unlabel_parameter_version(Name='/b3/app/url', ParameterVersion=2, Labels=['prod', 'never'])
check((unlabelled['RemovedLabels'], unlabelled['InvalidLabels']), (['prod'], ['never']), 'UnlabelParameterVersion')
check(error(ssm.get_parameter, Name='/b3/app/url:prod')[0], 'ParameterNotFound', 'an unlabelled label names nothing')

ssm.add_tags_to_resource(ResourceType='Parameter', ResourceId='/b3/app/url', Tags=[{'Key': 'env', 'Value': 'dev'}])
ssm.remove_tags_from_resource(ResourceType='Parameter', ResourceId='/b3/app/url', TagKeys=['team'])
check(ssm.list_tags_for_resource(ResourceType='Parameter', ResourceId='/b3/app/url')['TagList'], [{'Key': 'env', 'Value': 'dev'}],
      'AddTagsToResource, RemoveTagsFromResource')
check(error(ssm.list_tags_for_resource, ResourceType='Parameter', ResourceId='/b3/none'), ('InvalidResourceId', 400), 'tags of nothing')

deleted = ssm.delete_parameters(Names=['b3-top', 'b3-never'])
check((deleted['DeletedParameters'], deleted['InvalidParameters']), (['b3-top'], ['b3-never']), 'DeleteParameters')
ssm.delete_parameter(Name='/b3/app/hosts')
check(error(ssm.delete_parameter, Name='/b3/app/hosts'), ('ParameterNotFound', 400), 'DeleteParameter twice')

# Each region keeps its own parameters, and names itself in their ARNs.
west = client('ssm', region='eu-west-1')
west.put_parameter(Name='/b3/app/url', Value='west', Type='String')
check(west.get_parameter(Name='/b3/app/url')['Parameter']['ARN'], f'arn:aws:ssm:eu-west-1:{ACCOUNT}:parameter/b3/app/url', 'eu-west-1')
check(ssm.get_parameter(Name='/b3/app/url')['Parameter']['Value'], 'https://example.org', 'us-east-1 keeps its own')
west.delete_parameter(Name='/b3/app/url')

# A role session may read what its role's policies grant, and nothing else.
iam = client('iam')
role = iam.create_role(RoleName='ssm-reader', AssumeRolePolicyDocument=TRUST)['Role']['Arn']
ssm.put_parameter(Name='/b3/cmk', Value='under-a-team-key', Type='SecureString', KeyId='alias/b3-team')
iam.put_role_policy(RoleName='ssm-reader', PolicyName='read-url', PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [
    {'Effect': 'Allow', 'Action': 'ssm:GetParameter', 'Resource': [ARN + 'b3/app/url', ARN + 'b3/cmk']}]}))
keys = client('sts').assume_role(RoleArn=role, RoleSessionName='reader')['Credentials']
as_role = boto3.client('ssm', endpoint_url=ENDPOINT, region_name='us-east-1', aws_access_key_id=keys['AccessKeyId'],
                       aws_secret_access_key=keys['SecretAccessKey'], aws_session_token=keys['SessionToken'])
check(as_role.get_parameter(Name='/b3/app/url')['Parameter']['Value'], 'https://example.org', 'granted')
try:
    as_role.get_parameter(Name='/b3/app/db/password', WithDecryption=True)
    raise AssertionError('a role without ssm:GetParameter on the password read it')
except botocore.exceptions.ClientError as e:
    check((e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']), ('AccessDeniedException', 400),
          'not granted (awsJson1.1 answers client errors 400)')
    check(e.response['Error']['Message'], f'User: arn:aws:sts::{ACCOUNT}:assumed-role/ssm-reader/reader is not authorized to perform: '
          f'ssm:GetParameter on resource: {ARN}b3/app/db/password because no identity-based policy allows the ssm:GetParameter '
          'action', 'the message')

# A customer managed key: reading decrypted needs kms:Decrypt on it too (the local cloud judges an alias by its alias ARN).
KEY = f'arn:aws:kms:us-east-1:{ACCOUNT}:alias/b3-team'
assert 'under-a-team-key' not in as_role.get_parameter(Name='/b3/cmk')['Parameter']['Value'], 'read, not decrypted'
try:
    as_role.get_parameter(Name='/b3/cmk', WithDecryption=True)
    raise AssertionError('decrypted without kms:Decrypt')
except botocore.exceptions.ClientError as e:
    check(e.response['Error']['Message'], f'User: arn:aws:sts::{ACCOUNT}:assumed-role/ssm-reader/reader is not authorized to perform: '
          f'kms:Decrypt on resource: {KEY} because no identity-based policy allows the kms:Decrypt action', 'kms:Decrypt')
iam.put_role_policy(RoleName='ssm-reader', PolicyName='decrypt', PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [
    {'Effect': 'Allow', 'Action': 'kms:Decrypt', 'Resource': KEY}]}))
check(as_role.get_parameter(Name='/b3/cmk', WithDecryption=True)['Parameter']['Value'], 'under-a-team-key', 'with kms:Decrypt')
print('ok ssm')
