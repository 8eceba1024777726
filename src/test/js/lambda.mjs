// Lambda through the AWS SDK for JavaScript v3: create, waiters, Invoke with its log tail, update, publish, an alias,
// the ListFunctions paginator, errors, delete. Expected values from the Lambda API reference and its service model
// (lambda 2015-03-31: shapes, error shapes and their HTTP statuses, the FunctionActiveV2 and FunctionUpdatedV2 waiters).
import {
    CreateAliasCommand, CreateFunctionCommand, DeleteFunctionCommand, DeleteFunctionConcurrencyCommand, GetFunctionCommand,
    GetFunctionConcurrencyCommand, GetFunctionConfigurationCommand, InvokeCommand, LambdaClient, ListFunctionsCommand,
    ListTagsCommand, PublishVersionCommand, PutFunctionConcurrencyCommand, ResourceNotFoundException, TagResourceCommand,
    UntagResourceCommand, UpdateFunctionConfigurationCommand, paginateListFunctions, waitUntilFunctionActiveV2,
    waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { CreateRoleCommand, DeleteRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { ACCOUNT, TRUST, check, client, error, pages, zipped } from './localcloud.mjs';

const iam = client(IAMClient);
const lambda = client(LambdaClient);
const CODE = zipped('handler.py',
    "def handler(event, context):\n    if 'fail' in event:\n        raise ValueError(event['fail'])\n"
    + "    print('greeting', event['name'])\n    return {'hello': event['name']}\n");
const WAIT = { client: lambda, maxWaitTime: 30, minDelay: 1, maxDelay: 1 };

const role = (await iam.send(new CreateRoleCommand({ RoleName: 'js-lambda', AssumeRolePolicyDocument: TRUST }))).Role.Arn;
const definition = (name) => ({ FunctionName: name, Runtime: 'python3.12', Role: role, Handler: 'handler.handler', Code: { ZipFile: CODE } });

const created = await lambda.send(new CreateFunctionCommand({ ...definition('js-fn'), MemorySize: 256, Timeout: 10, Tags: { team: 'lamb' } }));
check(created.FunctionArn, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:js-fn`, 'FunctionArn');
check(created.Version, '$LATEST', 'Version');
check(created.$metadata.httpStatusCode, 201, 'CreateFunction answers 201 (the model\'s http.responseCode)');
assert.ok(['Pending', 'Active'].includes(created.State), created.State);
check(await error(lambda.send(new CreateFunctionCommand(definition('js-fn')))), ['ResourceConflictException', 409], 'CreateFunction again');

// FunctionActiveV2 polls GetFunction until Configuration.State is Active.
check((await waitUntilFunctionActiveV2(WAIT, { FunctionName: 'js-fn' })).state, 'SUCCESS', 'waitUntilFunctionActiveV2');
const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'js-fn' }));
check(got.Configuration.State, 'Active', 'State after waitUntilFunctionActiveV2');
check(got.Configuration.MemorySize, 256, 'MemorySize');
check(got.Tags, { team: 'lamb' }, 'Tags');

const invoked = await lambda.send(new InvokeCommand({ FunctionName: 'js-fn', Payload: JSON.stringify({ name: 'Ada' }), LogType: 'Tail' }));
check(invoked.StatusCode, 200, 'Invoke StatusCode');
check(invoked.ExecutedVersion, '$LATEST', 'ExecutedVersion (X-Amz-Executed-Version)');
check(JSON.parse(Buffer.from(invoked.Payload).toString()), { hello: 'Ada' }, 'Invoke Payload');
assert.equal(invoked.FunctionError, undefined, 'no FunctionError on success');
const tail = Buffer.from(invoked.LogResult, 'base64').toString();
assert.ok(tail.includes('greeting Ada') && tail.includes('REPORT RequestId: '), tail);

// A handler's exception: the call still answers 200, with FunctionError Unhandled and the error as the payload.
const failed = await lambda.send(new InvokeCommand({ FunctionName: 'js-fn', Payload: JSON.stringify({ fail: 'boom' }) }));
check([failed.StatusCode, failed.FunctionError], [200, 'Unhandled'], 'Invoke of a handler that raises');
const thrown = JSON.parse(Buffer.from(failed.Payload).toString());
check([thrown.errorType, thrown.errorMessage], ['ValueError', 'boom'], 'the error payload');
// InvocationType Event answers 202, DryRun 204 (the Invoke response's StatusCode).
check((await lambda.send(new InvokeCommand({ FunctionName: 'js-fn', InvocationType: 'Event', Payload: '{"name": "Bo"}' }))).StatusCode,
    202, 'Invoke Event');
check((await lambda.send(new InvokeCommand({ FunctionName: 'js-fn', InvocationType: 'DryRun' }))).StatusCode, 204, 'Invoke DryRun');

await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'js-fn', MemorySize: 512 }));
check((await waitUntilFunctionUpdatedV2(WAIT, { FunctionName: 'js-fn' })).state, 'SUCCESS', 'waitUntilFunctionUpdatedV2');
const updated = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'js-fn' }));
check([updated.MemorySize, updated.LastUpdateStatus], [512, 'Successful'], 'after waitUntilFunctionUpdatedV2');

check((await lambda.send(new PublishVersionCommand({ FunctionName: 'js-fn' }))).Version, '1', 'PublishVersion');
const alias = await lambda.send(new CreateAliasCommand({ FunctionName: 'js-fn', Name: 'live', FunctionVersion: '1' }));
check(alias.AliasArn, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:js-fn:live`, 'AliasArn');

// Reserved concurrency: Put answers the value set, Get reads it back, Delete answers 204 (the model's responseCode) and
// leaves no ReservedConcurrentExecutions.
const reserved = await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'js-fn', ReservedConcurrentExecutions: 5 }));
check(reserved.ReservedConcurrentExecutions, 5, 'PutFunctionConcurrency');
check((await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'js-fn' }))).ReservedConcurrentExecutions, 5,
    'GetFunctionConcurrency');
check((await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'js-fn' }))).$metadata.httpStatusCode, 204,
    'DeleteFunctionConcurrency');
check((await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'js-fn' }))).ReservedConcurrentExecutions, undefined,
    'GetFunctionConcurrency after delete');

await lambda.send(new TagResourceCommand({ Resource: created.FunctionArn, Tags: { stage: 'dev' } }));
await lambda.send(new UntagResourceCommand({ Resource: created.FunctionArn, TagKeys: ['team'] }));
check((await lambda.send(new ListTagsCommand({ Resource: created.FunctionArn }))).Tags, { stage: 'dev' }, 'ListTags');

for (const name of ['js-fn-2', 'js-fn-3']) {
    await lambda.send(new CreateFunctionCommand(definition(name)));
}
// paginateListFunctions follows NextMarker with MaxItems as the page size: three functions, two to a page.
const listed = await pages(paginateListFunctions({ client: lambda, pageSize: 2 }, {}), 'Functions');
check(listed.map((page) => page.length), [2, 1], 'ListFunctions page sizes');
check(listed.flat().map((f) => f.FunctionName).sort(), ['js-fn', 'js-fn-2', 'js-fn-3'], 'ListFunctions');

try {
    await lambda.send(new GetFunctionCommand({ FunctionName: 'js-none' }));
    assert.fail('GetFunction of none succeeded');
} catch (e) {
    assert.ok(e instanceof ResourceNotFoundException, `GetFunction of none: ${e}`);
    check([e.name, e.$metadata.httpStatusCode, e.Type], ['ResourceNotFoundException', 404, 'User'], 'GetFunction of none');
}
check(await error(lambda.send(new InvokeCommand({ FunctionName: 'js-fn', Qualifier: '7' }))), ['ResourceNotFoundException', 404],
    'Invoke of no version');
check(await error(lambda.send(new CreateFunctionCommand({ ...definition('js-bad'), MemorySize: 10241 }))), ['ValidationException', 400],
    'MemorySize above the maximum 10240');

for (const name of ['js-fn', 'js-fn-2', 'js-fn-3']) {
    // The API reference's DeleteFunction answers 204; the model binds that status to the response's StatusCode.
    const deleted = await lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
    check([deleted.$metadata.httpStatusCode, deleted.StatusCode], [204, 204], 'DeleteFunction');
}
check(await error(lambda.send(new GetFunctionCommand({ FunctionName: 'js-fn' }))), ['ResourceNotFoundException', 404], 'GetFunction after delete');
check((await lambda.send(new ListFunctionsCommand({}))).Functions, [], 'ListFunctions after delete');
await iam.send(new DeleteRoleCommand({ RoleName: 'js-lambda' }));
console.log('ok lambda');
