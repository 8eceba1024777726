"""Secrets Manager through boto3, which speaks awsJson1_1 to it (botocore's secretsmanager/2017-10-17 model: targetPrefix
secretsmanager, signingName secretsmanager): secrets, versions and their staging labels (moved by UpdateSecretVersionStage too), lookups by name, ARN and partial
ARN, ListSecrets' filters and paginator, deletion with a recovery window and restore, tags, and the errors by their codes.
Expected values from that model and the Secrets Manager API Reference (each operation's page, the Filter shape's key
rules, "Finding a secret from a partial ARN", the ARN format arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-XXXXXX).
Run as: secretsmanager_roundtrips.py ENDPOINT."""
import base64
import os
import re
import uuid

import botocore.exceptions

from localcloud import ACCOUNT, check, client, error

sm = client('secretsmanager')
sent = []
sm.meta.events.register('before-send.secrets-manager', lambda request, **_: sent.append(request.headers.get('X-Amz-Target')))
PREFIX = f'boto3-{os.getpid()}'
NAME = f'{PREFIX}/db-password'


def message(call, **params):
    try:
        call(**params)
    except botocore.exceptions.ClientError as e:
        return e.response['Error']['Code'], e.response['Error']['Message']
    raise AssertionError(f'{call.__name__}({params}) succeeded where an error was expected')


created = sm.create_secret(Name=NAME, SecretString='first-value', Description='The database password',
                           Tags=[{'Key': 'team', 'Value': 'payments'}])
check(sent, [b'secretsmanager.CreateSecret'], 'the protocol boto3 sends: awsJson1_1')
arn = created['ARN']
assert re.fullmatch(rf'arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:{re.escape(NAME)}-[A-Za-z0-9]{{6}}', arn), arn
check(created['Name'], NAME, 'CreateSecret Name')
first = created['VersionId']

got = sm.get_secret_value(SecretId=NAME)
check((got['SecretString'], got['VersionId'], got['VersionStages'], got['ARN']), ('first-value', first, ['AWSCURRENT'], arn),
      'GetSecretValue by name')
check(sm.get_secret_value(SecretId=arn)['SecretString'], 'first-value', 'by ARN')
check(sm.get_secret_value(SecretId=arn[:-7])['SecretString'], 'first-value', 'by partial ARN (without -XXXXXX)')

# The same ClientRequestToken and value again: the operation succeeds and does nothing (PutSecretValue's reference).
token = str(uuid.uuid4())
put = sm.put_secret_value(SecretId=NAME, SecretString='second-value', ClientRequestToken=token)
check((put['VersionId'], put['VersionStages']), (token, ['AWSCURRENT']), 'PutSecretValue')
check(sm.put_secret_value(SecretId=NAME, SecretString='second-value', ClientRequestToken=token)['VersionId'], token, 'a retry')
check(error(sm.put_secret_value, SecretId=NAME, SecretString='other', ClientRequestToken=token), ('ResourceExistsException', 400),
      'the same token with another value')
check(sm.get_secret_value(SecretId=NAME)['SecretString'], 'second-value', 'AWSCURRENT moved to the new version')
previous = sm.get_secret_value(SecretId=NAME, VersionStage='AWSPREVIOUS')
check((previous['SecretString'], previous['VersionId']), ('first-value', first), 'the old one is AWSPREVIOUS')
check(sm.get_secret_value(SecretId=NAME, VersionId=first)['SecretString'], 'first-value', 'by VersionId')
check(message(sm.get_secret_value, SecretId=NAME, VersionId=first, VersionStage='AWSCURRENT')[0], 'InvalidRequestException',
      'a VersionId and a VersionStage of different versions')
check(message(sm.get_secret_value, SecretId=NAME, VersionStage='AWSPENDING'),
      ('ResourceNotFoundException', "Secrets Manager can't find the specified secret value for staging label: AWSPENDING"),
      'a label no version has')
staged = sm.put_secret_value(SecretId=NAME, SecretString='pending-value', VersionStages=['AWSPENDING'])
check(staged['VersionStages'], ['AWSPENDING'], 'VersionStages given: AWSCURRENT stays')
check(sm.get_secret_value(SecretId=NAME)['SecretString'], 'second-value', 'AWSCURRENT unmoved')

described = sm.describe_secret(SecretId=arn)
check((described['ARN'], described['Name'], described['Description']), (arn, NAME, 'The database password'), 'DescribeSecret')
check(described['VersionIdsToStages'], {first: ['AWSPREVIOUS'], token: ['AWSCURRENT'], staged['VersionId']: ['AWSPENDING']},
      'VersionIdsToStages')
check(described['Tags'], [{'Key': 'team', 'Value': 'payments'}], 'Tags')
assert 'KmsKeyId' not in described, 'omitted for the AWS managed key aws/secretsmanager'
assert 'DeletedDate' not in described, 'omitted when not scheduled for deletion'
for date in ('CreatedDate', 'LastChangedDate', 'LastAccessedDate'):
    assert date in described, date
check(described['LastAccessedDate'].hour, 0, 'LastAccessedDate is a day')

versions = sm.list_secret_version_ids(SecretId=NAME, MaxResults=2)
check([(v['VersionId'], v['VersionStages']) for v in versions['Versions']], [(first, ['AWSPREVIOUS']), (token, ['AWSCURRENT'])],
      'ListSecretVersionIds, oldest first')
check(sm.list_secret_version_ids(SecretId=NAME, NextToken=versions['NextToken'])['Versions'][0]['VersionId'], staged['VersionId'],
      'its next page')

# Rotation's last step, UpdateSecretVersionStage (its reference): AWSCURRENT moves to the pending version, AWSPREVIOUS follows
# to the version it left, and a label on another version must be named in RemoveFromVersionId; without MoveToVersionId a
# label only leaves its version.
ROTATED = f'{PREFIX}/rotated'
old_version = sm.create_secret(Name=ROTATED, SecretString='old')['VersionId']
new_version = sm.put_secret_value(SecretId=ROTATED, SecretString='new', VersionStages=['AWSPENDING'])['VersionId']
check(message(sm.update_secret_version_stage, SecretId=ROTATED, VersionStage='AWSCURRENT', MoveToVersionId=new_version),
      ('InvalidParameterException', "The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached "
       f"to version {old_version}, so you must explicitly reference that version in RemoveFromVersionId."), 'AWSCURRENT elsewhere')
moved = sm.update_secret_version_stage(SecretId=ROTATED, VersionStage='AWSCURRENT', MoveToVersionId=new_version,
                                       RemoveFromVersionId=old_version)
check(moved['Name'], ROTATED, 'UpdateSecretVersionStage answers the secret')
sm.update_secret_version_stage(SecretId=ROTATED, VersionStage='AWSPENDING', RemoveFromVersionId=new_version)
check(sm.describe_secret(SecretId=ROTATED)['VersionIdsToStages'], {old_version: ['AWSPREVIOUS'], new_version: ['AWSCURRENT']},
      'AWSCURRENT moved, AWSPREVIOUS followed, AWSPENDING gone')
check((sm.get_secret_value(SecretId=ROTATED)['SecretString'], sm.get_secret_value(SecretId=ROTATED, VersionStage='AWSPREVIOUS')
       ['SecretString']), ('new', 'old'), 'the values follow their labels')
# A version that loses its last label is deprecated, not gone (the versioning page of the User Guide: Secrets Manager removes
# deprecated versions only past 100): GetSecretValue still reads it by VersionId; DescribeSecret's VersionIdsToStages and
# ListSecretVersionIds leave it out unless IncludeDeprecated.
third = sm.put_secret_value(SecretId=ROTATED, SecretString='newer')['VersionId']
check(sm.get_secret_value(SecretId=ROTATED, VersionId=old_version)['SecretString'], 'old', 'a deprecated version by VersionId')
check(set(sm.describe_secret(SecretId=ROTATED)['VersionIdsToStages']), {new_version, third}, 'only versions with labels')
check([v['VersionId'] for v in sm.list_secret_version_ids(SecretId=ROTATED)['Versions']], [new_version, third], 'not deprecated')
with_deprecated = sm.list_secret_version_ids(SecretId=ROTATED, IncludeDeprecated=True)['Versions']
check([(v['VersionId'], v.get('VersionStages', [])) for v in with_deprecated][0], (old_version, []), 'IncludeDeprecated')
sm.delete_secret(SecretId=ROTATED, ForceDeleteWithoutRecovery=True)
managed = sm.create_secret(Name=f'{PREFIX}/managed-key', SecretString='m', KmsKeyId='alias/aws/secretsmanager')
assert 'KmsKeyId' not in sm.describe_secret(SecretId=managed['ARN']), 'aws/secretsmanager is the AWS managed key: omitted'
sm.delete_secret(SecretId=managed['ARN'], ForceDeleteWithoutRecovery=True)
binary = sm.create_secret(Name=f'{PREFIX}/certificate', SecretBinary=b'\x00\x01binary', KmsKeyId='alias/lamb-test')
check(sm.get_secret_value(SecretId=binary['ARN'])['SecretBinary'], b'\x00\x01binary', 'SecretBinary round trip')
check(sm.describe_secret(SecretId=binary['ARN'])['KmsKeyId'], 'alias/lamb-test', 'KmsKeyId when set')
empty = sm.create_secret(Name=f'{PREFIX}/later')
assert 'VersionId' not in empty, 'no value, no version'
check(message(sm.get_secret_value, SecretId=f'{PREFIX}/later'),
      ('ResourceNotFoundException', "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT"),
      'a secret without a value')

updated = sm.update_secret(SecretId=f'{PREFIX}/later', Description='filled in', SecretString='third-value')
check(sm.get_secret_value(SecretId=f'{PREFIX}/later')['VersionId'], updated['VersionId'], 'UpdateSecret with a value: a new version')
check(sm.describe_secret(SecretId=f'{PREFIX}/later')['Description'], 'filled in', 'UpdateSecret Description')
assert 'VersionId' not in sm.update_secret(SecretId=f'{PREFIX}/later', Description='again'), 'no value, no new version'

# Each region has its own secrets, as on AWS.
west = client('secretsmanager', region='eu-west-1')
check(error(west.describe_secret, SecretId=NAME), ('ResourceNotFoundException', 400), 'another region has its own secrets')
western = west.create_secret(Name=NAME, SecretString='west-value')['ARN']
assert western.startswith(f'arn:aws:secretsmanager:eu-west-1:{ACCOUNT}:secret:{NAME}-'), western
check(sm.get_secret_value(SecretId=NAME)['SecretString'], 'second-value', 'us-east-1 still has its own')
west.delete_secret(SecretId=western, ForceDeleteWithoutRecovery=True)

check(message(sm.create_secret, Name=NAME, SecretString='x'),
      ('ResourceExistsException', f'The operation failed because the secret {NAME} already exists.'), 'a name taken')
check(message(sm.get_secret_value, SecretId=f'{PREFIX}/missing'),
      ('ResourceNotFoundException', "Secrets Manager can't find the specified secret."), 'no such secret')
check(message(sm.describe_secret, SecretId=arn[:-1] + ('x' if arn[-1] != 'x' else 'y'))[0], 'ResourceNotFoundException',
      'another suffix is another secret')
check(error(sm.create_secret, Name=f'{PREFIX}/both', SecretString='a', SecretBinary=b'b'), ('InvalidParameterException', 400),
      'SecretString and SecretBinary')

# Filters: name and tag-key by prefix, case-sensitive; description by prefix, not case-sensitive; '!' negates (Filter).
def names(**params):
    listed = []
    for page in sm.get_paginator('list_secrets').paginate(**params):
        listed += [s['Name'] for s in page['SecretList'] if s['Name'].startswith(PREFIX)]
    return sorted(listed)


ALL = sorted([NAME, f'{PREFIX}/certificate', f'{PREFIX}/later'])
check(names(Filters=[{'Key': 'name', 'Values': [PREFIX]}]), ALL, 'name prefix')
check(names(Filters=[{'Key': 'name', 'Values': [PREFIX.upper()]}]), [], 'name is case-sensitive')
check(names(Filters=[{'Key': 'description', 'Values': ['THE DATABASE']}]), [NAME], 'description, not case-sensitive')
check(names(Filters=[{'Key': 'tag-key', 'Values': ['te']}]), [NAME], 'tag-key prefix')
check(names(Filters=[{'Key': 'tag-value', 'Values': ['payments']}, {'Key': 'name', 'Values': [PREFIX]}]), [NAME], 'both filters')
check(names(Filters=[{'Key': 'name', 'Values': [PREFIX]}, {'Key': 'tag-key', 'Values': ['!team']}]),
      [f'{PREFIX}/certificate', f'{PREFIX}/later'], 'negated')
check(names(Filters=[{'Key': 'all', 'Values': ['payments']}]), [NAME], 'all')
listing = sm.list_secrets(Filters=[{'Key': 'name', 'Values': [PREFIX]}], MaxResults=2)
check((len(listing['SecretList']), 'NextToken' in listing), (2, True), 'MaxResults 2 of 3')
entry = next(s for s in listing['SecretList'] + sm.list_secrets(Filters=[{'Key': 'name', 'Values': [PREFIX]}],
                                                                 NextToken=listing['NextToken'])['SecretList'] if s['Name'] == NAME)
check(entry['SecretVersionsToStages'][token], ['AWSCURRENT'], 'SecretListEntry SecretVersionsToStages')
check(names(Filters=[{'Key': 'name', 'Values': [PREFIX]}], PaginationConfig={'PageSize': 1}), ALL, 'the paginator, one a page')
check(error(sm.list_secrets, NextToken='not-a-token'), ('InvalidNextTokenException', 400), 'an unknown NextToken')

sm.tag_resource(SecretId=NAME, Tags=[{'Key': 'stage', 'Value': 'prod'}, {'Key': 'team', 'Value': 'ledger'}])
check(sm.describe_secret(SecretId=NAME)['Tags'], [{'Key': 'team', 'Value': 'ledger'}, {'Key': 'stage', 'Value': 'prod'}],
      'TagResource appends, a key given again replaced')
sm.untag_resource(SecretId=NAME, TagKeys=['stage'])
check(sm.describe_secret(SecretId=NAME)['Tags'], [{'Key': 'team', 'Value': 'ledger'}], 'UntagResource')

check(error(sm.delete_secret, SecretId=NAME, RecoveryWindowInDays=7, ForceDeleteWithoutRecovery=True),
      ('InvalidParameterException', 400), 'a window and ForceDeleteWithoutRecovery')
check(error(sm.delete_secret, SecretId=NAME, RecoveryWindowInDays=31), ('InvalidParameterException', 400), 'a window over 30 days')
deleted = sm.delete_secret(SecretId=NAME, RecoveryWindowInDays=7)
described = sm.describe_secret(SecretId=NAME)
check(round((deleted['DeletionDate'] - described['DeletedDate']).total_seconds()), 7 * 86400, 'DeletionDate: 7 days on')
check(message(sm.get_secret_value, SecretId=NAME),
      ('InvalidRequestException', "You can't perform this operation on the secret because it was marked for deletion."),
      'a secret scheduled for deletion')
check(error(sm.create_secret, Name=NAME, SecretString='x'), ('InvalidRequestException', 400), 'its name, while scheduled')
check(names(Filters=[{'Key': 'name', 'Values': [NAME]}]), [], 'ListSecrets leaves it out')
check(names(Filters=[{'Key': 'name', 'Values': [NAME]}], IncludePlannedDeletion=True), [NAME], 'IncludePlannedDeletion')
check(sm.restore_secret(SecretId=NAME)['ARN'], arn, 'RestoreSecret')
check(sm.get_secret_value(SecretId=NAME)['SecretString'], 'second-value', 'readable again')
assert 'DeletedDate' not in sm.describe_secret(SecretId=NAME)

for name in ALL:
    sm.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)
check(error(sm.describe_secret, SecretId=NAME), ('ResourceNotFoundException', 400), 'ForceDeleteWithoutRecovery: gone at once')
sm.delete_secret(SecretId=NAME, ForceDeleteWithoutRecovery=True)  # no error for a secret not there (the reference)
sm.create_secret(Name=NAME, SecretString=base64.b64encode(b'reuse').decode())
sm.delete_secret(SecretId=NAME, ForceDeleteWithoutRecovery=True)
print('ok secretsmanager')
