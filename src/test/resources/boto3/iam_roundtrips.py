"""IAM through boto3: roles, their policies and tags, a waiter, a paginator, errors.
Expected values from botocore's iam/2010-05-08 service model, waiters-2.json and paginators-1.json."""
import json

from localcloud import ACCOUNT, TRUST, check, client, error, pages

iam = client('iam')
BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'

created = iam.create_role(RoleName='boto3-a', Path='/boto3/', AssumeRolePolicyDocument=TRUST,
                          Description='made by boto3', Tags=[{'Key': 'team', 'Value': 'lamb'}])['Role']
check(created['Arn'], f'arn:aws:iam::{ACCOUNT}:role/boto3/boto3-a', 'Arn')
check(created['Path'], '/boto3/', 'Path')
assert created['RoleId'].startswith('AROA'), created['RoleId']
check(error(iam.create_role, RoleName='boto3-a', AssumeRolePolicyDocument=TRUST), ('EntityAlreadyExists', 409),
      'CreateRole again')

# RoleExists polls GetRole until it stops answering NoSuchEntity (waiters-2.json).
iam.get_waiter('role_exists').wait(RoleName='boto3-a')
role = iam.get_role(RoleName='boto3-a')['Role']
check(role['Description'], 'made by boto3', 'Description')
# IAM sends policy documents URL-encoded; botocore decodes them back into the document.
check(role['AssumeRolePolicyDocument'], json.loads(TRUST), 'AssumeRolePolicyDocument')
check(error(iam.get_role, RoleName='boto3-none'), ('NoSuchEntity', 404), 'GetRole of none')

iam.attach_role_policy(RoleName='boto3-a', PolicyArn=BASIC)
attached = iam.list_attached_role_policies(RoleName='boto3-a')['AttachedPolicies']
check(attached, [{'PolicyName': 'AWSLambdaBasicExecutionRole', 'PolicyArn': BASIC}], 'ListAttachedRolePolicies')
check(error(iam.delete_role, RoleName='boto3-a'), ('DeleteConflict', 409), 'DeleteRole with a policy attached')

iam.tag_role(RoleName='boto3-a', Tags=[{'Key': 'stage', 'Value': 'dev'}])
iam.untag_role(RoleName='boto3-a', TagKeys=['team'])
check(iam.list_role_tags(RoleName='boto3-a')['Tags'], [{'Key': 'stage', 'Value': 'dev'}], 'ListRoleTags')

for name in ('boto3-b', 'boto3-c'):
    iam.create_role(RoleName=name, Path='/boto3/', AssumeRolePolicyDocument=TRUST)
# ListRoles pages with Marker and IsTruncated (paginators-1.json): three roles under /boto3/, two to a page.
listed = pages(iam.get_paginator('list_roles'), 'Roles', PathPrefix='/boto3/', PaginationConfig={'PageSize': 2})
check([len(page) for page in listed], [2, 1], 'ListRoles page sizes')
check(sorted(r['RoleName'] for page in listed for r in page), ['boto3-a', 'boto3-b', 'boto3-c'], 'ListRoles')

iam.detach_role_policy(RoleName='boto3-a', PolicyArn=BASIC)
for name in ('boto3-a', 'boto3-b', 'boto3-c'):
    iam.delete_role(RoleName=name)
check(error(iam.get_role, RoleName='boto3-a'), ('NoSuchEntity', 404), 'GetRole after delete')
check(iam.list_roles(PathPrefix='/boto3/')['Roles'], [], 'ListRoles after delete')
print('ok iam')
