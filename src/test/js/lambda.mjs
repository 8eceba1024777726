// Lambda through the AWS SDK for JavaScript v3: create, waiters, Invoke with its log tail, update, publish, an alias,
// the ListFunctions paginator, errors, delete; and the control-plane operations Terraform calls (issue 14): code
// signing, reserved concurrency enforced at Invoke, event-invoke configs, account settings, recursion config, function
// URL configs and a request through a URL. Expected values from the Lambda API reference and its service model
// (lambda 2015-03-31: shapes, error shapes and their HTTP statuses, the FunctionActiveV2 and FunctionUpdatedV2 waiters).
import {
    AddPermissionCommand, CreateAliasCommand, CreateFunctionCommand, CreateFunctionUrlConfigCommand, DeleteFunctionCommand,
    DeleteFunctionConcurrencyCommand, DeleteFunctionEventInvokeConfigCommand, DeleteFunctionUrlConfigCommand,
    GetAccountSettingsCommand, GetFunctionCodeSigningConfigCommand, GetFunctionCommand, GetFunctionConcurrencyCommand,
    GetFunctionConfigurationCommand, GetFunctionEventInvokeConfigCommand, GetFunctionRecursionConfigCommand,
    GetFunctionUrlConfigCommand, InvokeCommand, LambdaClient, ListFunctionsCommand, ListTagsCommand, PublishVersionCommand,
    PutFunctionConcurrencyCommand, PutFunctionEventInvokeConfigCommand, PutFunctionRecursionConfigCommand,
    ResourceNotFoundException, TagResourceCommand, UntagResourceCommand, UpdateFunctionConfigurationCommand,
    UpdateFunctionEventInvokeConfigCommand, UpdateFunctionUrlConfigCommand, paginateListFunctionEventInvokeConfigs,
    paginateListFunctionUrlConfigs, paginateListFunctions, waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { CreateRoleCommand, DeleteRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { request } from 'node:http';
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

// GetFunctionCodeSigningConfig of a function without one: 200 with FunctionName and an empty CodeSigningConfigArn (both
// members are required by the model's GetFunctionCodeSigningConfigResponse).
const signing = await lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'js-fn' }));
check([signing.FunctionName, signing.CodeSigningConfigArn ?? ''], ['js-fn', ''], 'GetFunctionCodeSigningConfig');
check(await error(lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'js-none' }))), ['ResourceNotFoundException', 404],
    'GetFunctionCodeSigningConfig of no function');

// Reserved concurrency is enforced: past it, Invoke answers 429 TooManyRequestsException with the model's Reason.
const before = (await lambda.send(new GetAccountSettingsCommand({}))).AccountLimit;
await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'js-fn', ReservedConcurrentExecutions: 0 }));
try {
    await lambda.send(new InvokeCommand({ FunctionName: 'js-fn', Payload: '{"name": "Cy"}' }));
    assert.fail('Invoke past reserved concurrency 0 succeeded');
} catch (e) {
    check([e.name, e.$metadata?.httpStatusCode, e.Reason], ['TooManyRequestsException', 429, 'ReservedFunctionConcurrentInvocationLimitExceeded'],
        'Invoke past reserved concurrency');
}
// GetAccountSettings: UnreservedConcurrentExecutions is ConcurrentExecutions less what functions reserve; the code size
// quotas are Lambda's (50 MB zipped, 250 MB unzipped).
await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'js-fn', ReservedConcurrentExecutions: 2 }));
const settings = await lambda.send(new GetAccountSettingsCommand({}));
check([settings.AccountLimit.UnreservedConcurrentExecutions, settings.AccountLimit.ConcurrentExecutions],
    [before.UnreservedConcurrentExecutions - 2, before.ConcurrentExecutions], 'GetAccountSettings concurrency');
check([settings.AccountLimit.CodeSizeZipped, settings.AccountLimit.CodeSizeUnzipped], [52428800, 262144000], 'GetAccountSettings code sizes');
assert.ok(settings.AccountUsage.FunctionCount >= 1, JSON.stringify(settings.AccountUsage));
await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'js-fn' }));

// Event-invoke configs (model: MaximumRetryAttempts 0..2, MaximumEventAgeInSeconds 60..21600): Put replaces, Update
// changes only what it names, one config per qualifier, listed a page at a time while they are deleted.
const put = await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'js-fn', MaximumRetryAttempts: 1 }));
check([put.FunctionArn, put.MaximumRetryAttempts], [`${created.FunctionArn}:$LATEST`, 1], 'PutFunctionEventInvokeConfig');
assert.ok(put.LastModified instanceof Date, `LastModified ${put.LastModified}`);
const merged = await lambda.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'js-fn', MaximumEventAgeInSeconds: 600 }));
check([merged.MaximumRetryAttempts, merged.MaximumEventAgeInSeconds], [1, 600], 'UpdateFunctionEventInvokeConfig merges');
check((await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'js-fn' }))).MaximumEventAgeInSeconds, 600,
    'GetFunctionEventInvokeConfig');
check(await error(lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'js-fn', MaximumRetryAttempts: 3 }))),
    ['ValidationException', 400], 'MaximumRetryAttempts 3');
for (const qualifier of ['1', 'live']) {
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'js-fn', Qualifier: qualifier, MaximumRetryAttempts: 0 }));
}
const configured = [];
for await (const page of paginateListFunctionEventInvokeConfigs({ client: lambda, pageSize: 1 }, { FunctionName: 'js-fn' })) {
    for (const config of page.FunctionEventInvokeConfigs) {
        const qualifier = config.FunctionArn.slice(created.FunctionArn.length + 1);
        configured.push(qualifier);
        await lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'js-fn', Qualifier: qualifier }));
    }
}
check(configured.sort(), ['$LATEST', '1', 'live'], 'ListFunctionEventInvokeConfigs while deleting');
check(await error(lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'js-fn' }))), ['ResourceNotFoundException', 404],
    'GetFunctionEventInvokeConfig after delete');

// Recursive loop detection: Terminate unless told otherwise (the model's RecursiveLoop enum: Allow|Terminate).
check((await lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: 'js-fn' }))).RecursiveLoop, 'Terminate',
    'default RecursiveLoop');
check((await lambda.send(new PutFunctionRecursionConfigCommand({ FunctionName: 'js-fn', RecursiveLoop: 'Allow' }))).RecursiveLoop, 'Allow',
    'PutFunctionRecursionConfig');
check((await lambda.send(new GetFunctionRecursionConfigCommand({ FunctionName: 'js-fn' }))).RecursiveLoop, 'Allow',
    'RecursiveLoop after put');

// Function URL configs: one per function and qualifier; Create answers 201 (the model's responseCode), a second Create
// 409 ResourceConflictException, Update keeps what it is not given, Get after Delete 404.
const url = await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'js-fn', AuthType: 'NONE', Cors: { MaxAge: 60 } }));
check([url.$metadata.httpStatusCode, url.AuthType, url.FunctionArn], [201, 'NONE', created.FunctionArn], 'CreateFunctionUrlConfig');
check(await error(lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'js-fn', AuthType: 'NONE' }))),
    ['ResourceConflictException', 409], 'CreateFunctionUrlConfig again');
const urlUpdated = await lambda.send(new UpdateFunctionUrlConfigCommand({ FunctionName: 'js-fn', AuthType: 'AWS_IAM' }));
check([urlUpdated.FunctionUrl, urlUpdated.AuthType, urlUpdated.Cors.MaxAge, urlUpdated.InvokeMode], [url.FunctionUrl, 'AWS_IAM', 60, 'BUFFERED'],
    'UpdateFunctionUrlConfig');
check((await lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'js-fn' }))).AuthType, 'AWS_IAM', 'GetFunctionUrlConfig');
await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'js-fn', Qualifier: 'live', AuthType: 'AWS_IAM' }));
check((await pages(paginateListFunctionUrlConfigs({ client: lambda, pageSize: 1 }, { FunctionName: 'js-fn' }), 'FunctionUrlConfigs'))
    .map((page) => page.map((c) => c.FunctionArn.slice(created.FunctionArn.length))), [[''], [':live']], 'ListFunctionUrlConfigs, one a page');
for (const qualifier of [undefined, 'live']) {
    check((await lambda.send(new DeleteFunctionUrlConfigCommand({ FunctionName: 'js-fn', Qualifier: qualifier }))).$metadata.httpStatusCode,
        204, 'DeleteFunctionUrlConfig');
}
check(await error(lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: 'js-fn' }))), ['ResourceNotFoundException', 404],
    'GetFunctionUrlConfig after delete');

// A request through a function URL (Lambda developer guide, "Invoking Lambda function URLs"): the function gets the
// payload format 2.0 event, whose requestContext.requestId is the invocation's request id, the handler's
// context.aws_request_id and the answer's x-amzn-RequestId.
const ECHO = zipped('handler.py', "import json\ndef handler(event, context):\n"
    + "    return {'statusCode': 200, 'headers': {'x-context-request-id': context.aws_request_id}, 'body': json.dumps(event)}\n");
await lambda.send(new CreateFunctionCommand({ ...definition('js-url'), Code: { ZipFile: ECHO } }));
await waitUntilFunctionActiveV2(WAIT, { FunctionName: 'js-url' });
const address = new URL((await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'js-url', AuthType: 'NONE' }))).FunctionUrl);
await lambda.send(new AddPermissionCommand({
    FunctionName: 'js-url', StatementId: 'url', Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE',
}));
// Since October 2025 a public URL needs lambda:InvokeFunction for everyone too ("Control access to Lambda function URLs").
await lambda.send(new AddPermissionCommand({ FunctionName: 'js-url', StatementId: 'url-invoke', Action: 'lambda:InvokeFunction', Principal: '*',
    InvokedViaFunctionUrl: true }));
// The URL's host is <url-id>.lambda-url.<region>.localhost, which the system resolver may not know: connect to the
// loopback address and send the URL's host.
const answer = await new Promise((resolve, reject) => {
    const sent = request({ host: '127.0.0.1', port: address.port, path: '/orders?n=1', method: 'POST', headers: { host: address.host } },
        (response) => {
            const chunks = [];
            response.on('data', (chunk) => chunks.push(chunk));
            response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks).toString() }));
        });
    sent.on('error', reject);
    sent.end('{"n": 1}');
});
check(answer.status, 200, 'the function URL answer');
const urlEvent = JSON.parse(answer.body);
check([urlEvent.version, urlEvent.rawPath, urlEvent.body], ['2.0', '/orders', '{"n": 1}'], 'payload format 2.0 event');
check([answer.headers['x-context-request-id'], answer.headers['x-amzn-requestid']],
    [urlEvent.requestContext.requestId, urlEvent.requestContext.requestId], 'the function URL invocation\'s request id');
await lambda.send(new DeleteFunctionCommand({ FunctionName: 'js-url' }));

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
