"""IAM's policies through boto3: inline role policies, customer managed policies and their versions, the AWS
managed policies lamb attaches, instance profiles of a role, and paging that survives deletions. Run against the
local cloud and, as a second opinion, moto's server: `iam_policies.py ENDPOINT ACCOUNT [moto]`. Expected values
come from botocore's iam/2010-05-08 service model and paginators-1.json, and from the IAM API reference (error
codes and statuses). Where moto answers otherwise than the reference, the check is named on a 'moto differs'
line instead of failing, so that the test can say which."""
import json

from localcloud import ACCOUNT, TRUST, check, client, outcome, pages, reference

iam = client('iam')
BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'
XRAY = 'arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess'
DOC = json.dumps({'Version': '2012-10-17', 'Statement': [
    {'Effect': 'Allow', 'Action': ['logs:CreateLogStream', 'logs:PutLogEvents'], 'Resource': '*'}]})
DOC2 = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Deny', 'Action': 's3:*', 'Resource': '*'}]})


iam.create_role(RoleName='pol-a', AssumeRolePolicyDocument=TRUST)

# Inline policies: PutRolePolicy, GetRolePolicy (document URL-encoded by IAM, decoded by botocore), ListRolePolicies.
iam.put_role_policy(RoleName='pol-a', PolicyName='inline-1', PolicyDocument=DOC)
got = iam.get_role_policy(RoleName='pol-a', PolicyName='inline-1')
check((got['RoleName'], got['PolicyName'], got['PolicyDocument']), ('pol-a', 'inline-1', json.loads(DOC)),
      'GetRolePolicy')
reference(outcome(iam.get_role_policy, RoleName='pol-a', PolicyName='none'), ('NoSuchEntity', 404), 'GetRolePolicy of none')
reference(outcome(iam.put_role_policy, RoleName='pol-a', PolicyName='bad', PolicyDocument='{"Statement": ['),
      ('MalformedPolicyDocument', 400), 'PutRolePolicy of invalid JSON')
reference(outcome(iam.put_role_policy, RoleName='none', PolicyName='p', PolicyDocument=DOC), ('NoSuchEntity', 404),
      'PutRolePolicy on no role')
for name in ('inline-2', 'inline-3'):
    iam.put_role_policy(RoleName='pol-a', PolicyName=name, PolicyDocument=DOC)
listed = pages(iam.get_paginator('list_role_policies'), 'PolicyNames', RoleName='pol-a',
               PaginationConfig={'PageSize': 2})
reference(listed, [['inline-1', 'inline-2'], ['inline-3']], 'ListRolePolicies pages')
reference(outcome(iam.delete_role, RoleName='pol-a'), ('DeleteConflict', 409), 'DeleteRole with inline policies')

# Terraform lists a role's instance profiles before deleting it.
check(iam.list_instance_profiles_for_role(RoleName='pol-a')['InstanceProfiles'], [], 'ListInstanceProfilesForRole')
reference(outcome(iam.list_instance_profiles_for_role, RoleName='none'), ('NoSuchEntity', 404),
      'ListInstanceProfilesForRole of no role')

# Customer managed policies and their versions.
policy = iam.create_policy(PolicyName='pol-managed', Path='/lamb/', PolicyDocument=DOC, Description='made by boto3')['Policy']
arn = f'arn:aws:iam::{ACCOUNT}:policy/lamb/pol-managed'
check((policy['Arn'], policy['Path'], policy['DefaultVersionId'], policy['AttachmentCount'], policy['IsAttachable']),
      (arn, '/lamb/', 'v1', 0, True), 'CreatePolicy')
reference(policy['PolicyId'][:4], 'ANPA', 'PolicyId prefix')
reference(outcome(iam.create_policy, PolicyName='pol-managed', Path='/lamb/', PolicyDocument=DOC), ('EntityAlreadyExists', 409),
      'CreatePolicy again')
reference(outcome(iam.create_policy, PolicyName='pol-bad', PolicyDocument='[1]'), ('MalformedPolicyDocument', 400),
      'CreatePolicy of a document that is not an object')
check(iam.get_policy(PolicyArn=arn)['Policy']['Description'], 'made by boto3', 'GetPolicy Description')
# Terraform reads a policy's tags with ListPolicyTags on every refresh.
iam.tag_policy(PolicyArn=arn, Tags=[{'Key': 'team', 'Value': 'lamb'}, {'Key': 'stage', 'Value': 'dev'}])
iam.untag_policy(PolicyArn=arn, TagKeys=['stage'])
check(iam.list_policy_tags(PolicyArn=arn)['Tags'], [{'Key': 'team', 'Value': 'lamb'}], 'ListPolicyTags')
# The marker names the last tag returned, so it resumes after it even when that tag was removed meanwhile.
iam.tag_policy(PolicyArn=arn, Tags=[{'Key': k, 'Value': 'v'} for k in ('a', 'b', 'c')])
seen, marker = [], None
while True:
    page = iam.list_policy_tags(PolicyArn=arn, MaxItems=1, **({'Marker': marker} if marker else {}))
    seen += [t['Key'] for t in page['Tags']]
    iam.untag_policy(PolicyArn=arn, TagKeys=[t['Key'] for t in page['Tags'] if t['Key'] != 'team'] or ['none'])
    marker = page.get('Marker') if page['IsTruncated'] else None
    if not marker or len(seen) > 10:
        break
reference(sorted(seen), ['a', 'b', 'c', 'team'], 'ListPolicyTags while untagging')
version = iam.get_policy_version(PolicyArn=arn, VersionId='v1')['PolicyVersion']
check((version['Document'], version['VersionId'], version['IsDefaultVersion']), (json.loads(DOC), 'v1', True),
      'GetPolicyVersion')
reference(outcome(iam.get_policy_version, PolicyArn=arn, VersionId='v9'), ('NoSuchEntity', 404), 'GetPolicyVersion of none')
made = iam.create_policy_version(PolicyArn=arn, PolicyDocument=DOC2, SetAsDefault=True)['PolicyVersion']
check((made['VersionId'], made['IsDefaultVersion']), ('v2', True), 'CreatePolicyVersion')
versions = iam.list_policy_versions(PolicyArn=arn)['Versions']
check(sorted((v['VersionId'], v['IsDefaultVersion']) for v in versions), [('v1', False), ('v2', True)],
      'ListPolicyVersions')
check(iam.get_policy(PolicyArn=arn)['Policy']['DefaultVersionId'], 'v2', 'GetPolicy after SetAsDefault')
for _ in range(3):
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=DOC)
reference(outcome(iam.create_policy_version, PolicyArn=arn, PolicyDocument=DOC), ('LimitExceeded', 409),
      'CreatePolicyVersion past 5 versions')
reference(outcome(iam.delete_policy_version, PolicyArn=arn, VersionId='v2'), ('DeleteConflict', 409),
      'DeletePolicyVersion of the default version')

iam.attach_role_policy(RoleName='pol-a', PolicyArn=arn)
check(iam.get_policy(PolicyArn=arn)['Policy']['AttachmentCount'], 1, 'AttachmentCount once attached')
local = [p['PolicyName'] for p in iam.list_policies(Scope='Local', OnlyAttached=True)['Policies']]
check(local, ['pol-managed'], 'ListPolicies Scope=Local OnlyAttached')
deleted = outcome(iam.delete_policy, PolicyArn=arn)
reference(deleted, ('DeleteConflict', 409), 'DeletePolicy while attached')
if deleted != 'succeeded':
    iam.detach_role_policy(RoleName='pol-a', PolicyArn=arn)
    deleted = outcome(iam.delete_policy, PolicyArn=arn)
    reference(deleted, ('DeleteConflict', 409), 'DeletePolicy with versions left')
if deleted != 'succeeded':
    # Terraform's destroy: delete every version but the default one, then the policy.
    for v in iam.list_policy_versions(PolicyArn=arn)['Versions']:
        if not v['IsDefaultVersion']:
            iam.delete_policy_version(PolicyArn=arn, VersionId=v['VersionId'])
    iam.delete_policy(PolicyArn=arn)
reference(outcome(iam.get_policy, PolicyArn=arn), ('NoSuchEntity', 404), 'GetPolicy after DeletePolicy')

# The AWS managed policies lamb attaches, read through GetPolicy and GetPolicyVersion.
for managed, action in ((BASIC, 'logs:PutLogEvents'), (XRAY, 'xray:PutTraceSegments')):
    read = iam.get_policy(PolicyArn=managed)['Policy']
    check(read['Arn'], managed, 'GetPolicy of an AWS managed policy')
    document = iam.get_policy_version(PolicyArn=managed, VersionId=read['DefaultVersionId'])['PolicyVersion']['Document']
    actions = [a for s in document['Statement'] for a in ([s['Action']] if isinstance(s['Action'], str) else s['Action'])]
    assert action in actions, f'{managed} allows {actions}, not {action}'
aws_names = [p['PolicyName'] for page in iam.get_paginator('list_policies').paginate(Scope='AWS') for p in page['Policies']]
assert 'AWSLambdaBasicExecutionRole' in aws_names, aws_names

# Paging resumes after the last item returned: deleting what was listed skips nothing (paginators-1.json: Marker).
names = [f'page-{i}' for i in range(1, 6)]
for name in names:
    iam.create_role(RoleName=name, Path='/paging/', AssumeRolePolicyDocument=TRUST)
seen = []
first = iam.list_roles(PathPrefix='/paging/', MaxItems=2)
check(first['IsTruncated'], True, 'ListRoles IsTruncated')
marker = first['Marker']
seen += [r['RoleName'] for r in first['Roles']]
for r in first['Roles']:
    iam.delete_role(RoleName=r['RoleName'])
while marker:
    page = iam.list_roles(PathPrefix='/paging/', MaxItems=2, Marker=marker)
    seen += [r['RoleName'] for r in page['Roles']]
    for r in page['Roles']:
        iam.delete_role(RoleName=r['RoleName'])
    marker = page.get('Marker') if page['IsTruncated'] else None
reference(seen, names, 'ListRoles while deleting what was listed')
for name in names:
    if name not in seen:
        iam.delete_role(RoleName=name)
reference(outcome(iam.list_roles, Marker='not-a-marker'), ('InvalidInput', 400), 'ListRoles with a marker IAM did not issue')

for name in ('inline-1', 'inline-2', 'inline-3'):
    iam.delete_role_policy(RoleName='pol-a', PolicyName=name)
reference(outcome(iam.delete_role_policy, RoleName='pol-a', PolicyName='inline-1'), ('NoSuchEntity', 404),
      'DeleteRolePolicy of none')
check(iam.list_role_policies(RoleName='pol-a')['PolicyNames'], [], 'ListRolePolicies after delete')
# moto keeps a policy deleted while attached on the role, which can then be neither detached nor deleted.
reference(outcome(iam.delete_role, RoleName='pol-a'), 'succeeded', 'DeleteRole once its policies are gone')
print('ok iam policies')
