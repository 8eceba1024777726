// API Gateway (REST APIs) through the AWS SDK for JavaScript v3: an API, its resources, a method with a Lambda proxy
// integration, a deployment and its stage, paginators, errors, delete; the PATCH operations, method and integration
// responses, stage variables resolved by the data plane, and CreateDeployment without an integration (issue 14).
// Expected values from the API Gateway API reference and its service model (apigateway 2015-07-09).
import {
    APIGatewayClient, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, CreateStageCommand,
    DeleteIntegrationResponseCommand, DeleteMethodResponseCommand, DeleteRestApiCommand, GetDeploymentCommand,
    GetDeploymentsCommand, GetIntegrationCommand, GetIntegrationResponseCommand, GetMethodCommand, GetMethodResponseCommand,
    GetResourceCommand, GetResourcesCommand, GetRestApiCommand, GetRestApisCommand, GetStageCommand, PutIntegrationCommand,
    PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand, UpdateDeploymentCommand,
    UpdateIntegrationCommand, UpdateIntegrationResponseCommand, UpdateMethodCommand, UpdateMethodResponseCommand,
    UpdateResourceCommand, UpdateRestApiCommand, UpdateStageCommand, paginateGetResources, paginateGetRestApis,
} from '@aws-sdk/client-api-gateway';
import { AddPermissionCommand, CreateFunctionCommand, DeleteFunctionCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { CreateRoleCommand, DeleteRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { ACCOUNT, ENDPOINT, TRUST, check, client, error, pages, zipped } from './localcloud.mjs';

const apigw = client(APIGatewayClient);
const FUNCTION = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:js-api`;
const URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FUNCTION}/invocations`;

const api = await apigw.send(new CreateRestApiCommand({
    name: 'js-api', description: 'made by the JS SDK', endpointConfiguration: { types: ['REGIONAL'] },
}));
check(api.$metadata.httpStatusCode, 201, 'CreateRestApi answers 201');
check([api.name, api.endpointConfiguration.types], ['js-api', ['REGIONAL']], 'CreateRestApi');
check((await apigw.send(new GetRestApiCommand({ restApiId: api.id }))).description, 'made by the JS SDK', 'GetRestApi description');
const root = (await apigw.send(new GetResourcesCommand({ restApiId: api.id }))).items;
check(root.map((r) => r.path), ['/'], 'GetResources of a new API');

const items = await apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: root[0].id, pathPart: 'items' }));
check(items.path, '/items', 'CreateResource path');
check(await error(apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: root[0].id, pathPart: 'items' }))),
    ['ConflictException', 409], 'CreateResource again');
const item = await apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: items.id, pathPart: '{id}' }));
check(item.path, '/items/{id}', 'CreateResource of a parameter');

const at = { restApiId: api.id, resourceId: item.id, httpMethod: 'GET' };
await apigw.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
await apigw.send(new PutIntegrationCommand({ ...at, type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: URI }));
const method = await apigw.send(new GetMethodCommand(at));
check([method.httpMethod, method.authorizationType], ['GET', 'NONE'], 'GetMethod');
check([method.methodIntegration.type, method.methodIntegration.uri], ['AWS_PROXY', URI], 'methodIntegration');
check(await error(apigw.send(new GetMethodCommand({ ...at, httpMethod: 'POST' }))), ['NotFoundException', 404], 'GetMethod of none');

const deployment = await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' }));
check((await apigw.send(new GetStageCommand({ restApiId: api.id, stageName: 'dev' }))).deploymentId, deployment.id,
    'the stage points at the deployment');
check((await apigw.send(new GetDeploymentsCommand({ restApiId: api.id }))).items.map((d) => d.id), [deployment.id], 'GetDeployments');

// paginateGetResources and paginateGetRestApis follow position, with limit as the page size.
const resources = await pages(paginateGetResources({ client: apigw, pageSize: 2 }, { restApiId: api.id }), 'items');
check(resources.map((page) => page.length), [2, 1], 'GetResources page sizes');
check(resources.flat().map((r) => r.path).sort(), ['/', '/items', '/items/{id}'], 'GetResources');
const other = await apigw.send(new CreateRestApiCommand({ name: 'js-other' }));
const apis = await pages(paginateGetRestApis({ client: apigw, pageSize: 1 }, {}), 'items');
check(apis.flat().map((a) => a.name).sort(), ['js-api', 'js-other'], 'GetRestApis');
check(apis.length, 2, 'GetRestApis pages of one');

// The PATCH operations, with the patch paths the API Gateway reference lists per Update* operation.
const replace = (path, value) => ({ op: 'replace', path, value });
const renamed = await apigw.send(new UpdateRestApiCommand({
    restApiId: api.id, patchOperations: [replace('/name', 'js-renamed'), { op: 'add', path: '/binaryMediaTypes/image~1png' }],
}));
check([renamed.name, renamed.binaryMediaTypes], ['js-renamed', ['image/png']], 'UpdateRestApi');
check(await error(apigw.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [replace('/rootResourceId', 'x')] }))),
    ['BadRequestException', 400], 'UpdateRestApi of a path the reference does not list');
check((await apigw.send(new UpdateResourceCommand({ restApiId: api.id, resourceId: items.id, patchOperations: [replace('/pathPart', 'things')] })))
    .path, '/things', 'UpdateResource');
check((await apigw.send(new GetResourceCommand({ restApiId: api.id, resourceId: item.id }))).path, '/things/{id}',
    'the child moves with its parent');
const patchedMethod = await apigw.send(new UpdateMethodCommand({
    ...at,
    patchOperations: [replace('/apiKeyRequired', 'true'), { op: 'add', path: '/requestParameters/method.request.querystring.q', value: 'true' }],
}));
check([patchedMethod.apiKeyRequired, patchedMethod.requestParameters], [true, { 'method.request.querystring.q': true }], 'UpdateMethod');
await apigw.send(new UpdateMethodCommand({ ...at, patchOperations: [replace('/apiKeyRequired', 'false')] }));
check((await apigw.send(new UpdateIntegrationCommand({ ...at, patchOperations: [replace('/timeoutInMillis', '5000')] }))).timeoutInMillis,
    5000, 'UpdateIntegration');
check((await apigw.send(new GetIntegrationCommand(at))).timeoutInMillis, 5000, 'GetIntegration after UpdateIntegration');
check((await apigw.send(new UpdateDeploymentCommand({
    restApiId: api.id, deploymentId: deployment.id, patchOperations: [replace('/description', 'described')],
}))).description, 'described', 'UpdateDeployment');
check((await apigw.send(new GetDeploymentCommand({ restApiId: api.id, deploymentId: deployment.id }))).description, 'described',
    'GetDeployment after UpdateDeployment');
const stage = await apigw.send(new UpdateStageCommand({
    restApiId: api.id, stageName: 'dev',
    patchOperations: [replace('/variables/color', 'blue'), replace('/description', 'staged'), replace('/*/*/logging/loglevel', 'INFO')],
}));
check([stage.variables, stage.description, stage.methodSettings['*/*'].loggingLevel], [{ color: 'blue' }, 'staged', 'INFO'], 'UpdateStage');

// Method and integration responses: put, get, update, delete; GetMethod shows them.
const response = { ...at, statusCode: '200' };
const methodResponse = await apigw.send(new PutMethodResponseCommand({
    ...response, responseModels: { 'application/json': 'Empty' }, responseParameters: { 'method.response.header.X-Id': false },
}));
check([methodResponse.$metadata.httpStatusCode, methodResponse.statusCode], [201, '200'], 'PutMethodResponse answers 201');
check((await apigw.send(new GetMethodResponseCommand(response))).responseParameters, { 'method.response.header.X-Id': false },
    'GetMethodResponse');
check(await error(apigw.send(new PutIntegrationResponseCommand({ ...at, statusCode: '404' }))), ['NotFoundException', 404],
    'PutIntegrationResponse without its method response');
await apigw.send(new PutIntegrationResponseCommand({ ...response, selectionPattern: '', responseTemplates: { 'application/json': '{}' } }));
check((await apigw.send(new GetIntegrationResponseCommand(response))).responseTemplates, { 'application/json': '{}' },
    'GetIntegrationResponse');
const withResponses = await apigw.send(new GetMethodCommand(at));
check([Object.keys(withResponses.methodResponses), Object.keys(withResponses.methodIntegration.integrationResponses)], [['200'], ['200']],
    'GetMethod methodResponses and integrationResponses');
check((await apigw.send(new UpdateMethodResponseCommand({
    ...response, patchOperations: [{ op: 'add', path: '/responseModels/text~1plain', value: 'Empty' }],
}))).responseModels, { 'application/json': 'Empty', 'text/plain': 'Empty' }, 'UpdateMethodResponse');
check((await apigw.send(new UpdateIntegrationResponseCommand({ ...response, patchOperations: [replace('/selectionPattern', '2\\d{2}')] })))
    .selectionPattern, '2\\d{2}', 'UpdateIntegrationResponse');
await apigw.send(new DeleteIntegrationResponseCommand(response));
await apigw.send(new DeleteMethodResponseCommand(response));
check(await error(apigw.send(new GetMethodResponseCommand(response))), ['NotFoundException', 404], 'GetMethodResponse after delete');
check(await error(apigw.send(new GetIntegrationResponseCommand(response))), ['NotFoundException', 404], 'GetIntegrationResponse after delete');

// CreateDeployment of an API with a method that has no integration: 400 BadRequestException, as API Gateway answers.
const bare = await apigw.send(new CreateRestApiCommand({ name: 'js-bare' }));
const bareRoot = (await apigw.send(new GetResourcesCommand({ restApiId: bare.id }))).items[0].id;
await apigw.send(new PutMethodCommand({ restApiId: bare.id, resourceId: bareRoot, httpMethod: 'GET', authorizationType: 'NONE' }));
check(await error(apigw.send(new CreateDeploymentCommand({ restApiId: bare.id, stageName: 'dev' }))), ['BadRequestException', 400],
    'CreateDeployment with a method without integration');

// Stage variables: ${stageVariables.color} in the integration URI picks the function per stage, and the proxy event
// carries the stage's variables (API Gateway developer guide, "Setting stage variables").
const lambda = client(LambdaClient);
const iam = client(IAMClient);
const role = (await iam.send(new CreateRoleCommand({ RoleName: 'js-stagevars', AssumeRolePolicyDocument: TRUST }))).Role.Arn;
for (const color of ['blue', 'green']) {
    const code = zipped('handler.py', 'import json\ndef handler(event, context):\n    return {"statusCode": 200, "body": json.dumps('
        + `{"function": "js-${color}", "stageVariables": event["stageVariables"]})}\n`);
    await lambda.send(new CreateFunctionCommand({
        FunctionName: `js-${color}`, Runtime: 'python3.12', Role: role, Handler: 'handler.handler', Code: { ZipFile: code },
    }));
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { FunctionName: `js-${color}` });
    await lambda.send(new AddPermissionCommand({
        FunctionName: `js-${color}`, StatementId: 'apigw', Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com',
        SourceArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:${bare.id}/*`,
    }));
}
const colored = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:${ACCOUNT}:function:`
    + 'js-${stageVariables.color}/invocations';
await apigw.send(new PutIntegrationCommand({
    restApiId: bare.id, resourceId: bareRoot, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: colored,
}));
const blue = await apigw.send(new CreateDeploymentCommand({ restApiId: bare.id, stageName: 'blue', variables: { color: 'blue' } }));
await apigw.send(new CreateStageCommand({ restApiId: bare.id, stageName: 'green', deploymentId: blue.id, variables: { color: 'green' } }));
const call = async (stageName) => (await fetch(`${ENDPOINT}/restapis/${bare.id}/${stageName}/_user_request_/`)).json();
check(await call('blue'), { function: 'js-blue', stageVariables: { color: 'blue' } }, 'the blue stage');
check(await call('green'), { function: 'js-green', stageVariables: { color: 'green' } }, 'the green stage');
await apigw.send(new UpdateStageCommand({ restApiId: bare.id, stageName: 'green', patchOperations: [replace('/variables/color', 'blue')] }));
check((await call('green')).function, 'js-blue', 'the green stage after UpdateStage');
for (const color of ['blue', 'green']) {
    await lambda.send(new DeleteFunctionCommand({ FunctionName: `js-${color}` }));
}
await iam.send(new DeleteRoleCommand({ RoleName: 'js-stagevars' }));

for (const gone of [api.id, other.id, bare.id]) {
    check((await apigw.send(new DeleteRestApiCommand({ restApiId: gone }))).$metadata.httpStatusCode, 202, 'DeleteRestApi answers 202');
}
check(await error(apigw.send(new GetRestApiCommand({ restApiId: api.id }))), ['NotFoundException', 404], 'GetRestApi after delete');
check((await apigw.send(new GetRestApisCommand({}))).items, [], 'GetRestApis after delete');
console.log('ok apigateway');
