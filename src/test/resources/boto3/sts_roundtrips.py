"""STS through boto3: GetCallerIdentity, AssumeRole of a role the local IAM holds, and the identity of the
credentials it hands out. Run against the local cloud and, as a second opinion, moto's server:
`sts_roundtrips.py ENDPOINT ACCOUNT [moto]`. Expected values from botocore's sts/2011-06-15 service model and
the STS API reference (AssumeRole: ASIA keys, Expiration DurationSeconds away, the assumed-role ARN; a role that
does not exist or may not be assumed answers AccessDenied)."""
import datetime

import boto3

from localcloud import ACCOUNT, ENDPOINT, TRUST, check, client, outcome, reference

sts = client('sts')
iam = client('iam')

check(sts.get_caller_identity()['Account'], ACCOUNT, 'GetCallerIdentity Account')

role = iam.create_role(RoleName='sts-role', Path='/sts/', AssumeRolePolicyDocument=TRUST, MaxSessionDuration=7200)['Role']
before = datetime.datetime.now(datetime.timezone.utc)
assumed = sts.assume_role(RoleArn=role['Arn'], RoleSessionName='session-1', DurationSeconds=1800)
credentials = assumed['Credentials']
assert credentials['AccessKeyId'].startswith('ASIA'), credentials['AccessKeyId']
assert credentials['SecretAccessKey'] and credentials['SessionToken'], credentials
lifetime = (credentials['Expiration'] - before).total_seconds()
assert 1790 <= lifetime <= 1810, f'Expiration {credentials["Expiration"]} is {lifetime}s away, not 1800'
user = assumed['AssumedRoleUser']
check(user['Arn'], f'arn:aws:sts::{ACCOUNT}:assumed-role/sts-role/session-1', 'AssumedRoleUser Arn')
check(user['AssumedRoleId'], role['RoleId'] + ':session-1', 'AssumedRoleId')

# The temporary credentials are the role's session: GetCallerIdentity names it.
session = boto3.client('sts', endpoint_url=ENDPOINT, region_name='us-east-1',
                       aws_access_key_id=credentials['AccessKeyId'],
                       aws_secret_access_key=credentials['SecretAccessKey'],
                       aws_session_token=credentials['SessionToken'])
identity = session.get_caller_identity()
check((identity['Account'], identity['Arn'], identity['UserId']), (ACCOUNT, user['Arn'], user['AssumedRoleId']),
      'GetCallerIdentity of the role session')


reference(outcome(sts.assume_role, RoleArn=role['Arn'], RoleSessionName='long', DurationSeconds=7201),
          ('ValidationError', 400), 'AssumeRole past MaxSessionDuration')
reference(outcome(sts.assume_role, RoleArn=f'arn:aws:iam::{ACCOUNT}:role/no-such-role', RoleSessionName='s1'),
          ('AccessDenied', 403), 'AssumeRole of no role')

iam.delete_role(RoleName='sts-role')
print('ok sts')
