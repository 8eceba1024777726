// API Gateway (REST APIs) through the AWS SDK for JavaScript v3: an API, its resources, a method with a Lambda proxy
// integration, a deployment and its stage, paginators, errors, delete. Expected values from the API Gateway API
// reference and its service model (apigateway 2015-07-09).
import {
    APIGatewayClient, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, DeleteRestApiCommand,
    GetDeploymentsCommand, GetMethodCommand, GetResourcesCommand, GetRestApiCommand, GetRestApisCommand, GetStageCommand,
    PutIntegrationCommand, PutMethodCommand, paginateGetResources, paginateGetRestApis,
} from '@aws-sdk/client-api-gateway';
import { ACCOUNT, check, client, error, pages } from './localcloud.mjs';

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

for (const gone of [api.id, other.id]) {
    check((await apigw.send(new DeleteRestApiCommand({ restApiId: gone }))).$metadata.httpStatusCode, 202, 'DeleteRestApi answers 202');
}
check(await error(apigw.send(new GetRestApiCommand({ restApiId: api.id }))), ['NotFoundException', 404], 'GetRestApi after delete');
check((await apigw.send(new GetRestApisCommand({}))).items, [], 'GetRestApis after delete');
console.log('ok apigateway');
