// SSM Parameter Store through the AWS SDK for JavaScript v3, as its users call it. Expected values from the SSM API
// reference and its model (ssm 2014-11-06): PutParameter answers Version and Tier, Overwrite makes the next version and
// without it a name in use is ParameterAlreadyExists; a SecureString reads as its value only WithDecryption; name:version
// and name:label read one version; GetParametersByPath pages (the SDK's paginator) and recurses; DeleteParameter of
// nothing is ParameterNotFound. awsJson1.1 answers client errors 400.
import {
    DeleteParameterCommand, DeleteParametersCommand, DescribeParametersCommand, GetParameterCommand, GetParametersCommand,
    LabelParameterVersionCommand, PutParameterCommand, SSMClient, paginateGetParametersByPath,
} from '@aws-sdk/client-ssm';
import assert from 'node:assert/strict';
import { ACCOUNT, check, client, error, pages } from './localcloud.mjs';

const ssm = client(SSMClient);

check((await ssm.send(new PutParameterCommand({ Name: '/js/db/password', Value: 'one', Type: 'SecureString' }))).Version, 1, 'v1');
check(await error(ssm.send(new PutParameterCommand({ Name: '/js/db/password', Value: 'x', Type: 'SecureString' }))),
    ['ParameterAlreadyExists', 400], 'without Overwrite');
const put = await ssm.send(new PutParameterCommand({ Name: '/js/db/password', Value: 'two', Overwrite: true }));
check([put.Version, put.Tier], [2, 'Standard'], 'Overwrite: the next version');
const hidden = (await ssm.send(new GetParameterCommand({ Name: '/js/db/password' }))).Parameter;
assert.notEqual(hidden.Value, 'two', 'a SecureString without WithDecryption');
const read = (await ssm.send(new GetParameterCommand({ Name: '/js/db/password', WithDecryption: true }))).Parameter;
check([read.Value, read.Type, read.Version, read.ARN], ['two', 'SecureString', 2, `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/js/db/password`],
    'GetParameter WithDecryption');
assert.ok(read.LastModifiedDate instanceof Date, `LastModifiedDate ${read.LastModifiedDate}`);
check((await ssm.send(new GetParameterCommand({ Name: '/js/db/password:1', WithDecryption: true }))).Parameter.Value, 'one', 'name:version');
await ssm.send(new LabelParameterVersionCommand({ Name: '/js/db/password', ParameterVersion: 1, Labels: ['stable'] }));
check((await ssm.send(new GetParameterCommand({ Name: '/js/db/password:stable', WithDecryption: true }))).Parameter.Value, 'one',
    'name:label');

await ssm.send(new PutParameterCommand({ Name: '/js/db/host', Value: 'h', Type: 'String' }));
await ssm.send(new PutParameterCommand({ Name: '/js/cache/host', Value: 'c', Type: 'String' }));
const many = await ssm.send(new GetParametersCommand({ Names: ['/js/db/host', '/js/none'] }));
check([many.Parameters.map(p => p.Name), many.InvalidParameters], [['/js/db/host'], ['/js/none']], 'GetParameters');
const byPath = await pages(paginateGetParametersByPath({ client: ssm, pageSize: 2 }, { Path: '/js', Recursive: true }), 'Parameters');
check(byPath.map(p => p.map(q => q.Name)), [['/js/cache/host', '/js/db/host'], ['/js/db/password']], 'GetParametersByPath pages');
const described = await ssm.send(new DescribeParametersCommand({
    ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: ['/js/db'] }],
}));
check(described.Parameters.map(p => [p.Name, p.Type]), [['/js/db/host', 'String'], ['/js/db/password', 'SecureString']],
    'DescribeParameters');

await ssm.send(new DeleteParameterCommand({ Name: '/js/db/host' }));
check(await error(ssm.send(new DeleteParameterCommand({ Name: '/js/db/host' }))), ['ParameterNotFound', 400], 'deleted twice');
check((await ssm.send(new DeleteParametersCommand({ Names: ['/js/db/password', '/js/cache/host'] }))).DeletedParameters,
    ['/js/db/password', '/js/cache/host'], 'DeleteParameters');
console.log('ok ssm');
