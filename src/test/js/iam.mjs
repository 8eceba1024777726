// IAM through the AWS SDK for JavaScript v3: roles, their policies and tags, the RoleExists waiter, the ListRoles
// paginator, errors. Expected values from the IAM API reference and its service model (iam 2010-05-08: error shapes,
// whose awsQueryError code and HTTP status the SDK maps to the shape's name).
import {
    AttachRolePolicyCommand, CreateRoleCommand, DeleteRoleCommand, DetachRolePolicyCommand, GetRoleCommand, IAMClient,
    ListAttachedRolePoliciesCommand, ListRoleTagsCommand, ListRolesCommand, TagRoleCommand, UntagRoleCommand,
    paginateListRoles, waitUntilRoleExists,
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
console.log('ok iam');
