// Secrets Manager through the AWS SDK for JavaScript v3, as its users call it. Expected values from the Secrets Manager
// API reference and its model (secretsmanager 2017-10-17): PutSecretValue makes the new version AWSCURRENT and the one
// before AWSPREVIOUS; GetSecretValue reads either by VersionStage or VersionId; ListSecrets pages with the SDK's paginator
// and filters by name prefix; DeleteSecret answers DeletionDate at the end of RecoveryWindowInDays, refuses reads until
// RestoreSecret (InvalidRequestException), and with ForceDeleteWithoutRecovery deletes at once (ResourceNotFoundException
// after); CreateSecret of a name in use is ResourceExistsException. awsJson1.1 answers client errors 400.
import {
    CreateSecretCommand, DeleteSecretCommand, DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand,
    RestoreSecretCommand, SecretsManagerClient, TagResourceCommand, UpdateSecretCommand, paginateListSecrets,
} from '@aws-sdk/client-secrets-manager';
import assert from 'node:assert/strict';
import { ACCOUNT, check, client, error, pages } from './localcloud.mjs';

const sm = client(SecretsManagerClient);

const created = await sm.send(new CreateSecretCommand({ Name: 'js/db', SecretString: 'v1', Description: 'the db' }));
assert.match(created.ARN, new RegExp(`^arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:js/db-[A-Za-z0-9]{6}$`), created.ARN);
check(await error(sm.send(new CreateSecretCommand({ Name: 'js/db', SecretString: 'x' }))), ['ResourceExistsException', 400],
    'CreateSecret of a name in use');
const put = await sm.send(new PutSecretValueCommand({ SecretId: 'js/db', SecretString: 'v2' }));
check(put.VersionStages, ['AWSCURRENT'], 'PutSecretValue VersionStages');
check((await sm.send(new GetSecretValueCommand({ SecretId: 'js/db' }))).SecretString, 'v2', 'AWSCURRENT by default');
const previous = await sm.send(new GetSecretValueCommand({ SecretId: created.ARN, VersionStage: 'AWSPREVIOUS' }));
check([previous.SecretString, previous.VersionId], ['v1', created.VersionId], 'AWSPREVIOUS is the version before');
assert.ok(previous.CreatedDate instanceof Date, `CreatedDate ${previous.CreatedDate}`);
check((await sm.send(new GetSecretValueCommand({ SecretId: 'js/db', VersionId: put.VersionId }))).SecretString, 'v2', 'by VersionId');
check(await error(sm.send(new GetSecretValueCommand({ SecretId: 'js/none' }))), ['ResourceNotFoundException', 400], 'no secret');

await sm.send(new UpdateSecretCommand({ SecretId: 'js/db', Description: 'the database' }));
await sm.send(new TagResourceCommand({ SecretId: 'js/db', Tags: [{ Key: 'team', Value: 'js' }] }));
const described = await sm.send(new DescribeSecretCommand({ SecretId: 'js/db' }));
check([described.Description, described.Tags], ['the database', [{ Key: 'team', Value: 'js' }]], 'UpdateSecret, TagResource');
check(described.VersionIdsToStages[put.VersionId], ['AWSCURRENT'], 'VersionIdsToStages');

for (const n of [1, 2, 3]) {
    await sm.send(new CreateSecretCommand({ Name: `js/page/${n}`, SecretString: 'p' }));
}
const listed = await pages(paginateListSecrets({ client: sm, pageSize: 2 }, { Filters: [{ Key: 'name', Values: ['js/page/'] }] }),
    'SecretList');
check(listed.map(p => p.map(s => s.Name)), [['js/page/1', 'js/page/2'], ['js/page/3']], 'ListSecrets pages, name filter');

const deleted = await sm.send(new DeleteSecretCommand({ SecretId: 'js/db', RecoveryWindowInDays: 7 }));
const days = (deleted.DeletionDate.getTime() - Date.now()) / 86400000;
assert.ok(days > 6.9 && days < 7.1, `DeletionDate ${deleted.DeletionDate}`);
check(await error(sm.send(new GetSecretValueCommand({ SecretId: 'js/db' }))), ['InvalidRequestException', 400], 'scheduled for deletion');
await sm.send(new RestoreSecretCommand({ SecretId: 'js/db' }));
check((await sm.send(new GetSecretValueCommand({ SecretId: 'js/db' }))).SecretString, 'v2', 'restored');
for (const id of ['js/db', 'js/page/1', 'js/page/2', 'js/page/3']) {
    await sm.send(new DeleteSecretCommand({ SecretId: id, ForceDeleteWithoutRecovery: true }));
}
check(await error(sm.send(new DescribeSecretCommand({ SecretId: 'js/db' }))), ['ResourceNotFoundException', 400], 'force-deleted');
console.log('ok secretsmanager');
