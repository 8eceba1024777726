// STS through the AWS SDK for JavaScript v3: GetCallerIdentity, AssumeRole of a role the local IAM holds, and the
// identity of the credentials it hands out. Expected values from the STS API reference and its service model
// (sts 2011-06-15: AssumeRole hands out ASIA keys that expire DurationSeconds later and names the assumed-role ARN;
// a role that does not exist may not be assumed: AccessDenied, 403).
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateRoleCommand, DeleteRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { ACCOUNT, ENDPOINT, TRUST, check, client, error } from './localcloud.mjs';

const sts = client(STSClient);
const iam = client(IAMClient);

check((await sts.send(new GetCallerIdentityCommand({}))).Account, ACCOUNT, 'GetCallerIdentity Account');

const role = (await iam.send(new CreateRoleCommand({ RoleName: 'js-sts', AssumeRolePolicyDocument: TRUST }))).Role;
const before = Date.now();
const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: 'session-1', DurationSeconds: 1800 }));
const credentials = assumed.Credentials;
assert.ok(credentials.AccessKeyId.startsWith('ASIA'), credentials.AccessKeyId);
assert.ok(credentials.SecretAccessKey && credentials.SessionToken, 'a secret and a session token');
assert.ok(credentials.Expiration instanceof Date, `Expiration ${credentials.Expiration}`);
const lifetime = (credentials.Expiration.getTime() - before) / 1000;
assert.ok(lifetime >= 1790 && lifetime <= 1810, `Expiration is ${lifetime} s away, not 1800`);
check(assumed.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/js-sts/session-1`, 'AssumedRoleUser Arn');
check(assumed.AssumedRoleUser.AssumedRoleId, `${role.RoleId}:session-1`, 'AssumedRoleId');

// The temporary credentials are the role's session: GetCallerIdentity names it.
const session = new STSClient({
    endpoint: ENDPOINT, region: 'us-east-1', maxAttempts: 1,
    credentials: {
        accessKeyId: credentials.AccessKeyId, secretAccessKey: credentials.SecretAccessKey, sessionToken: credentials.SessionToken,
    },
});
const identity = await session.send(new GetCallerIdentityCommand({}));
check([identity.Account, identity.Arn, identity.UserId], [ACCOUNT, assumed.AssumedRoleUser.Arn, assumed.AssumedRoleUser.AssumedRoleId],
    'GetCallerIdentity of the role session');

check(await error(sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/js-none`, RoleSessionName: 's1' }))),
    ['AccessDenied', 403], 'AssumeRole of no role');

await iam.send(new DeleteRoleCommand({ RoleName: 'js-sts' }));
console.log('ok sts');
