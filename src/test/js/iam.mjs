// IAM through the AWS SDK for JavaScript v3: roles, their policies and tags, the RoleExists waiter, the ListRoles
// paginator, errors; inline role policies, instance profiles of a role, customer managed policies and their versions,
// and the documents of the AWS managed policies lamb attaches (issue 14). Expected values from the IAM API reference and
// its service model (iam 2010-05-08: error shapes, whose awsQueryError code and HTTP status the SDK maps to the shape's
// name).
import {
    AttachRolePolicyCommand, CreatePolicyCommand, CreatePolicyVersionCommand, CreateRoleCommand, DeletePolicyCommand,
    DeletePolicyVersionCommand, DeleteRoleCommand, DeleteRolePolicyCommand, DetachRolePolicyCommand, GetPolicyCommand,
    GetPolicyVersionCommand, GetRoleCommand, GetRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand,
    ListInstanceProfilesForRoleCommand, ListPolicyVersionsCommand, ListRolePoliciesCommand, ListRoleTagsCommand,
    ListRolesCommand, ListUsersCommand, PutRolePolicyCommand, TagRoleCommand, UntagRoleCommand, paginateListRolePolicies, paginateListRoles,
    waitUntilRoleExists,
} from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { ACCOUNT, TRUST, check, client, error, pages } from './localcloud.mjs';

const iam = client(IAMClient);
const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

const created = (await iam.send(new CreateRoleCommand({
    RoleName: 'js-a', Path: '/js/', AssumeRolePolicyDocument: TRUST, Description: 'made by the JS SDK',
    Tags: [{ Key: 'team', Value: 'lamb' }],
}))).Role;
check(created.Arn, `arn:aws:iam::${ACCOUNT}:role/js/js-a`, 'Arn');
check(created.Path, '/js/', 'Path');
assert.ok(created.RoleId.startsWith('AROA'), created.RoleId);
assert.ok(created.CreateDate instanceof Date && !Number.isNaN(created.CreateDate.getTime()), `CreateDate ${created.CreateDate}`);
check(await error(iam.send(new CreateRoleCommand({ RoleName: 'js-a', AssumeRolePolicyDocument: TRUST }))),
    ['EntityAlreadyExistsException', 409], 'CreateRole again');

// RoleExists polls GetRole until it stops answering NoSuchEntity.
check((await waitUntilRoleExists({ client: iam, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { RoleName: 'js-a' })).state,
    'SUCCESS', 'waitUntilRoleExists');
const role = (await iam.send(new GetRoleCommand({ RoleName: 'js-a' }))).Role;
check(role.Description, 'made by the JS SDK', 'Description');
// IAM sends policy documents URL-encoded (RFC 3986); unlike boto3, the JS SDK hands them over as sent.
check(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument)), JSON.parse(TRUST), 'AssumeRolePolicyDocument');
check(await error(iam.send(new GetRoleCommand({ RoleName: 'js-none' }))), ['NoSuchEntityException', 404], 'GetRole of none');

await iam.send(new AttachRolePolicyCommand({ RoleName: 'js-a', PolicyArn: BASIC }));
check((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'js-a' }))).AttachedPolicies,
    [{ PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: BASIC }], 'ListAttachedRolePolicies');
check(await error(iam.send(new DeleteRoleCommand({ RoleName: 'js-a' }))), ['DeleteConflictException', 409], 'DeleteRole with a policy attached');

await iam.send(new TagRoleCommand({ RoleName: 'js-a', Tags: [{ Key: 'stage', Value: 'dev' }] }));
await iam.send(new UntagRoleCommand({ RoleName: 'js-a', TagKeys: ['team'] }));
check((await iam.send(new ListRoleTagsCommand({ RoleName: 'js-a' }))).Tags, [{ Key: 'stage', Value: 'dev' }], 'ListRoleTags');

for (const name of ['js-b', 'js-c']) {
    await iam.send(new CreateRoleCommand({ RoleName: name, Path: '/js/', AssumeRolePolicyDocument: TRUST }));
}
// paginateListRoles follows Marker while IsTruncated, with MaxItems as the page size: three roles, two to a page.
const listed = await pages(paginateListRoles({ client: iam, pageSize: 2 }, { PathPrefix: '/js/' }), 'Roles');
check(listed.map((page) => page.length), [2, 1], 'ListRoles page sizes');
check(listed.flat().map((r) => r.RoleName).sort(), ['js-a', 'js-b', 'js-c'], 'ListRoles');

await iam.send(new DetachRolePolicyCommand({ RoleName: 'js-a', PolicyArn: BASIC }));
for (const name of ['js-a', 'js-b', 'js-c']) {
    await iam.send(new DeleteRoleCommand({ RoleName: name }));
}
check(await error(iam.send(new GetRoleCommand({ RoleName: 'js-a' }))), ['NoSuchEntityException', 404], 'GetRole after delete');
check((await iam.send(new ListRolesCommand({ PathPrefix: '/js/' }))).Roles, [], 'ListRoles after delete');

// Inline role policies (issue 14: Terraform reads them on every refresh). IAM sends documents URL-encoded (RFC 3986).
const DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }] };
await iam.send(new CreateRoleCommand({ RoleName: 'js-pol', AssumeRolePolicyDocument: TRUST }));
for (const name of ['inline-1', 'inline-2', 'inline-3']) {
    await iam.send(new PutRolePolicyCommand({ RoleName: 'js-pol', PolicyName: name, PolicyDocument: JSON.stringify(DOC) }));
}
const inline = await iam.send(new GetRolePolicyCommand({ RoleName: 'js-pol', PolicyName: 'inline-1' }));
check([inline.RoleName, inline.PolicyName, JSON.parse(decodeURIComponent(inline.PolicyDocument))], ['js-pol', 'inline-1', DOC],
    'GetRolePolicy');
check(await error(iam.send(new GetRolePolicyCommand({ RoleName: 'js-pol', PolicyName: 'none' }))), ['NoSuchEntityException', 404],
    'GetRolePolicy of none');
check(await error(iam.send(new PutRolePolicyCommand({ RoleName: 'js-pol', PolicyName: 'bad', PolicyDocument: '{"Statement": [' }))),
    ['MalformedPolicyDocumentException', 400], 'PutRolePolicy of invalid JSON');
// paginateListRolePolicies follows Marker while IsTruncated (paginators-1.json).
check(await pages(paginateListRolePolicies({ client: iam, pageSize: 2 }, { RoleName: 'js-pol' }), 'PolicyNames'),
    [['inline-1', 'inline-2'], ['inline-3']], 'ListRolePolicies pages');
check(await error(iam.send(new DeleteRoleCommand({ RoleName: 'js-pol' }))), ['DeleteConflictException', 409],
    'DeleteRole with inline policies');
// Terraform lists a role's instance profiles before deleting it.
check((await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'js-pol' }))).InstanceProfiles, [],
    'ListInstanceProfilesForRole');
check(await error(iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'js-none' }))), ['NoSuchEntityException', 404],
    'ListInstanceProfilesForRole of no role');

// Customer managed policies and their versions.
const policy = (await iam.send(new CreatePolicyCommand({
    PolicyName: 'js-managed', Path: '/lamb/', PolicyDocument: JSON.stringify(DOC), Description: 'made by the JS SDK',
}))).Policy;
const arn = `arn:aws:iam::${ACCOUNT}:policy/lamb/js-managed`;
check([policy.Arn, policy.DefaultVersionId, policy.AttachmentCount, policy.IsAttachable], [arn, 'v1', 0, true], 'CreatePolicy');
assert.ok(policy.PolicyId.startsWith('ANPA'), policy.PolicyId);
check(await error(iam.send(new CreatePolicyCommand({ PolicyName: 'js-managed', Path: '/lamb/', PolicyDocument: JSON.stringify(DOC) }))),
    ['EntityAlreadyExistsException', 409], 'CreatePolicy again');
check((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy.Description, 'made by the JS SDK', 'GetPolicy');
const v1 = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }))).PolicyVersion;
check([JSON.parse(decodeURIComponent(v1.Document)), v1.IsDefaultVersion], [DOC, true], 'GetPolicyVersion');
check(await error(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v9' }))), ['NoSuchEntityException', 404],
    'GetPolicyVersion of none');
const DENY = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] };
const v2 = (await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: JSON.stringify(DENY), SetAsDefault: true })))
    .PolicyVersion;
check([v2.VersionId, v2.IsDefaultVersion], ['v2', true], 'CreatePolicyVersion');
check((await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions.map((v) => [v.VersionId, v.IsDefaultVersion]).sort(),
    [['v1', false], ['v2', true]], 'ListPolicyVersions');
check(await error(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }))), ['DeleteConflictException', 409],
    'DeletePolicyVersion of the default version');
await iam.send(new AttachRolePolicyCommand({ RoleName: 'js-pol', PolicyArn: arn }));
check(await error(iam.send(new DeletePolicyCommand({ PolicyArn: arn }))), ['DeleteConflictException', 409], 'DeletePolicy while attached');
await iam.send(new DetachRolePolicyCommand({ RoleName: 'js-pol', PolicyArn: arn }));
await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
check(await error(iam.send(new GetPolicyCommand({ PolicyArn: arn }))), ['NoSuchEntityException', 404], 'GetPolicy after DeletePolicy');

// The AWS managed policies lamb attaches, read through GetPolicy and GetPolicyVersion.
const XRAY = 'arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess';
for (const [managed, action] of [[BASIC, 'logs:PutLogEvents'], [XRAY, 'xray:PutTraceSegments']]) {
    const read = (await iam.send(new GetPolicyCommand({ PolicyArn: managed }))).Policy;
    check(read.Arn, managed, 'GetPolicy of an AWS managed policy');
    const version = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: managed, VersionId: read.DefaultVersionId }))).PolicyVersion;
    const actions = JSON.parse(decodeURIComponent(version.Document)).Statement.flatMap((st) => [st.Action].flat());
    assert.ok(actions.includes(action), `${managed} allows ${actions}, not ${action}`);
}

for (const name of ['inline-1', 'inline-2', 'inline-3']) {
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'js-pol', PolicyName: name }));
}
check(await error(iam.send(new DeleteRolePolicyCommand({ RoleName: 'js-pol', PolicyName: 'inline-1' }))), ['NoSuchEntityException', 404],
    'DeleteRolePolicy of none');
check((await iam.send(new ListRolePoliciesCommand({ RoleName: 'js-pol' }))).PolicyNames, [], 'ListRolePolicies after delete');
await iam.send(new DeleteRoleCommand({ RoleName: 'js-pol' }));
// An operation the local cloud does not serve answers 400 NotImplemented in IAM's XML, which the SDK parses.
check(await error(iam.send(new ListUsersCommand({}))), ['NotImplemented', 400], 'an operation not served');
console.log('ok iam');
