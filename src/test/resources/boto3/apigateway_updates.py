"""API Gateway's PATCH operations, method and integration responses, stage variables, CreateDeployment without an
integration, and paging that skips nothing while a script deletes what it lists, through boto3.
Usage: apigateway_updates.py ENDPOINT ACCOUNT CHECK[,CHECK...] (moto's server serves only some of the checks).
Expected values from botocore's apigateway/2015-07-09 service model (shapes, paginators-1.json) and the API Gateway
reference (PatchOperation paths per Update* operation, stage variables, CreateDeployment's errors)."""
import io
import json
import sys
import urllib.request
import zipfile

from localcloud import ENDPOINT, TRUST, check, client, error, pages

ACCOUNT = sys.argv[2]
CHECKS = sys.argv[3].split(',')
apigw = client('apigateway')


def lambda_uri(function):
    arn = f'arn:aws:lambda:us-east-1:{ACCOUNT}:function:{function}'
    return f'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations'


def api_with_method(name, integrated=True):
    """An API with /items and GET on it (with a Lambda proxy integration unless told not to): (api id, resource id)."""
    api = apigw.create_rest_api(name=name)['id']
    root = apigw.get_resources(restApiId=api)['items'][0]['id']
    items = apigw.create_resource(restApiId=api, parentId=root, pathPart='items')['id']
    apigw.put_method(restApiId=api, resourceId=items, httpMethod='GET', authorizationType='NONE')
    if integrated:
        apigw.put_integration(restApiId=api, resourceId=items, httpMethod='GET', type='AWS_PROXY',
                              integrationHttpMethod='POST', uri=lambda_uri('patched'))
    return api, items


def patch(op, path, value=None):
    operation = {'op': op, 'path': path}
    if value is not None:
        operation['value'] = value
    return operation


def rest_api_patches():
    api, _ = api_with_method('patch-api')
    updated = apigw.update_rest_api(restApiId=api, patchOperations=[
        patch('replace', '/name', 'renamed'), patch('replace', '/description', 'patched')])
    check((updated['name'], updated['description']), ('renamed', 'patched'), 'UpdateRestApi answer')
    check(apigw.get_rest_api(restApiId=api)['name'], 'renamed', 'GetRestApi after UpdateRestApi')
    apigw.delete_rest_api(restApiId=api)


def paths_not_patchable():
    """Paths the reference does not list for the operation answer 400 BadRequestException."""
    api, items = api_with_method('not-patchable')
    apigw.create_deployment(restApiId=api, stageName='dev')
    check(error(apigw.update_rest_api, restApiId=api, patchOperations=[patch('replace', '/rootResourceId', 'x')]),
          ('BadRequestException', 400), 'UpdateRestApi /rootResourceId')
    check(error(apigw.update_stage, restApiId=api, stageName='dev', patchOperations=[patch('replace', '/stageName', 'x')]),
          ('BadRequestException', 400), 'UpdateStage /stageName')
    check(error(apigw.update_method, restApiId=api, resourceId=items, httpMethod='GET',
                patchOperations=[patch('replace', '/httpMethod', 'POST')]), ('BadRequestException', 400),
          'UpdateMethod /httpMethod')
    check(error(apigw.update_resource, restApiId=api, resourceId=items, patchOperations=[patch('replace', '/path', '/x')]),
          ('BadRequestException', 400), 'UpdateResource /path')
    check(error(apigw.update_stage, restApiId=api, stageName='dev', patchOperations=[patch('move', '/description')]),
          ('BadRequestException', 400), 'UpdateStage move without from')
    apigw.delete_rest_api(restApiId=api)


def binary_media_type_patch():
    """The reference's path for a binary media type is /binaryMediaTypes/<type, with ~1 for its slash>."""
    api = apigw.create_rest_api(name='patch-binary')['id']
    updated = apigw.update_rest_api(restApiId=api, patchOperations=[patch('add', '/binaryMediaTypes/image~1png')])
    check(updated['binaryMediaTypes'], ['image/png'], 'UpdateRestApi binaryMediaTypes')
    apigw.delete_rest_api(restApiId=api)


def resource_patch():
    api, items = api_with_method('patch-resource')
    child = apigw.create_resource(restApiId=api, parentId=items, pathPart='{id}')['id']
    check(apigw.update_resource(restApiId=api, resourceId=items, patchOperations=[patch('replace', '/pathPart', 'things')])
          ['path'], '/things', 'UpdateResource path')
    check(apigw.get_resource(restApiId=api, resourceId=child)['path'], '/things/{id}', 'the child moves with its parent')
    apigw.delete_rest_api(restApiId=api)


def method_integration_patches():
    api, items = api_with_method('patch-method')
    method = apigw.update_method(restApiId=api, resourceId=items, httpMethod='GET', patchOperations=[
        patch('replace', '/apiKeyRequired', 'true'), patch('add', '/requestParameters/method.request.querystring.q', 'true')])
    check((method['apiKeyRequired'], method['requestParameters']), (True, {'method.request.querystring.q': True}),
          'UpdateMethod answer')
    integration = apigw.update_integration(restApiId=api, resourceId=items, httpMethod='GET', patchOperations=[
        patch('replace', '/timeoutInMillis', '5000')])
    check(integration['timeoutInMillis'], 5000, 'UpdateIntegration answer')
    check(apigw.get_integration(restApiId=api, resourceId=items, httpMethod='GET')['timeoutInMillis'], 5000,
          'GetIntegration after UpdateIntegration')
    apigw.delete_rest_api(restApiId=api)


def deployment_patch():
    api, _ = api_with_method('patch-deployment')
    deployment = apigw.create_deployment(restApiId=api, stageName='dev')['id']
    check(apigw.update_deployment(restApiId=api, deploymentId=deployment,
                                  patchOperations=[patch('replace', '/description', 'described')])['description'],
          'described', 'UpdateDeployment answer')
    check(apigw.get_deployment(restApiId=api, deploymentId=deployment)['description'], 'described',
          'GetDeployment after UpdateDeployment')
    apigw.delete_rest_api(restApiId=api)


def stage_patches():
    api, _ = api_with_method('patch-stage')
    apigw.create_deployment(restApiId=api, stageName='dev', variables={'fn': 'one', 'gone': 'x'})
    stage = apigw.update_stage(restApiId=api, stageName='dev', patchOperations=[
        patch('replace', '/variables/fn', 'two'), patch('add', '/variables/extra', 'x'), patch('remove', '/variables/gone'),
        patch('replace', '/description', 'staged'), patch('replace', '/*/*/logging/loglevel', 'INFO'),
        patch('replace', '/*/*/metrics/enabled', 'true')])
    check(stage['variables'], {'fn': 'two', 'extra': 'x'}, 'UpdateStage variables')
    check(stage['description'], 'staged', 'UpdateStage description')
    settings = apigw.get_stage(restApiId=api, stageName='dev')['methodSettings']['*/*']
    check((settings['loggingLevel'], settings['metricsEnabled']), ('INFO', True), 'methodSettings */*')
    apigw.delete_rest_api(restApiId=api)


def responses():
    """Put and get; the deletes are in responses_updated_and_deleted."""
    api, items = api_with_method('responses')
    put = apigw.put_method_response(restApiId=api, resourceId=items, httpMethod='GET', statusCode='200',
                                    responseModels={'application/json': 'Empty'},
                                    responseParameters={'method.response.header.X-Id': False})
    check((put['statusCode'], put['responseModels']), ('200', {'application/json': 'Empty'}), 'PutMethodResponse')
    got = apigw.get_method_response(restApiId=api, resourceId=items, httpMethod='GET', statusCode='200')
    check(got['responseParameters'], {'method.response.header.X-Id': False}, 'GetMethodResponse')
    integration = apigw.put_integration_response(restApiId=api, resourceId=items, httpMethod='GET', statusCode='200',
                                                 selectionPattern='', responseTemplates={'application/json': '{}'})
    check(integration['statusCode'], '200', 'PutIntegrationResponse')
    check(apigw.get_integration_response(restApiId=api, resourceId=items, httpMethod='GET', statusCode='200')
          ['responseTemplates'], {'application/json': '{}'}, 'GetIntegrationResponse')
    method = apigw.get_method(restApiId=api, resourceId=items, httpMethod='GET')
    check(list(method['methodResponses']), ['200'], 'GetMethod methodResponses')
    check(list(method['methodIntegration']['integrationResponses']), ['200'], 'GetMethod integrationResponses')
    check(list(apigw.get_integration(restApiId=api, resourceId=items, httpMethod='GET')['integrationResponses']), ['200'],
          'GetIntegration integrationResponses')
    apigw.delete_rest_api(restApiId=api)


def responses_updated_and_deleted():
    api, items = api_with_method('responses-deleted')
    apigw.put_method_response(restApiId=api, resourceId=items, httpMethod='GET', statusCode='200')
    check(error(apigw.put_integration_response, restApiId=api, resourceId=items, httpMethod='GET', statusCode='404'),
          ('NotFoundException', 404), 'PutIntegrationResponse without its method response')
    apigw.put_integration_response(restApiId=api, resourceId=items, httpMethod='GET', statusCode='200')
    updated = apigw.update_method_response(restApiId=api, resourceId=items, httpMethod='GET', statusCode='200',
                                           patchOperations=[patch('add', '/responseModels/application~1json', 'Empty')])
    check(updated['responseModels'], {'application/json': 'Empty'}, 'UpdateMethodResponse')
    updated = apigw.update_integration_response(restApiId=api, resourceId=items, httpMethod='GET', statusCode='200',
                                                patchOperations=[patch('replace', '/selectionPattern', '2\\d{2}')])
    check(updated['selectionPattern'], '2\\d{2}', 'UpdateIntegrationResponse')
    apigw.delete_integration_response(restApiId=api, resourceId=items, httpMethod='GET', statusCode='200')
    apigw.delete_method_response(restApiId=api, resourceId=items, httpMethod='GET', statusCode='200')
    check(error(apigw.get_method_response, restApiId=api, resourceId=items, httpMethod='GET', statusCode='200'),
          ('NotFoundException', 404), 'GetMethodResponse after delete')
    check(error(apigw.get_integration_response, restApiId=api, resourceId=items, httpMethod='GET', statusCode='200'),
          ('NotFoundException', 404), 'GetIntegrationResponse after delete')
    check('methodResponses' in apigw.get_method(restApiId=api, resourceId=items, httpMethod='GET'), False,
          'GetMethod without responses')
    apigw.delete_rest_api(restApiId=api)


def deployment_without_integration():
    api, _ = api_with_method('no-integration', integrated=False)
    check(error(apigw.create_deployment, restApiId=api, stageName='dev'), ('BadRequestException', 400),
          'CreateDeployment with a method without integration')
    apigw.delete_rest_api(restApiId=api)


def delete_while_paging():
    """A cleanup script: it deletes each API of a page before it asks for the next page."""
    made = {apigw.create_rest_api(name=f'cleanup-{i}')['id'] for i in range(5)}
    deleted = []
    for page in apigw.get_paginator('get_rest_apis').paginate(PaginationConfig={'PageSize': 2}):
        for api in page['items']:
            if api['id'] in made:
                apigw.delete_rest_api(restApiId=api['id'])
                deleted.append(api['id'])
    check(sorted(deleted), sorted(made), 'GetRestApis paged while deleting: every API deleted')
    api = apigw.create_rest_api(name='cleanup-resources')['id']
    root = apigw.get_resources(restApiId=api)['items'][0]['id']
    parts = {apigw.create_resource(restApiId=api, parentId=root, pathPart=f'r{i}')['id'] for i in range(5)}
    gone = []
    for page in apigw.get_paginator('get_resources').paginate(restApiId=api, PaginationConfig={'PageSize': 2}):
        for resource in page['items']:
            if resource['id'] in parts:
                apigw.delete_resource(restApiId=api, resourceId=resource['id'])
                gone.append(resource['id'])
    check(sorted(gone), sorted(parts), 'GetResources paged while deleting: every resource deleted')
    apigw.delete_rest_api(restApiId=api)


def unknown_position():
    check(error(apigw.get_rest_apis, position='not-a-position'), ('BadRequestException', 400), 'GetRestApis unknown position')


def deployments_paged():
    api, _ = api_with_method('paged-deployments')
    made = [apigw.create_deployment(restApiId=api)['id'] for _ in range(3)]
    listed = pages(apigw.get_paginator('get_deployments'), 'items', restApiId=api, PaginationConfig={'PageSize': 2})
    check([len(page) for page in listed], [2, 1], 'GetDeployments page sizes')
    check(sorted(d['id'] for page in listed for d in page), sorted(made), 'GetDeployments')
    apigw.delete_rest_api(restApiId=api)


def zipped(source):
    data = io.BytesIO()
    with zipfile.ZipFile(data, 'w') as z:
        z.writestr('handler.py', source)
    return data.getvalue()


def stage_variables():
    """${stageVariables.fn} in the integration URI picks the function per stage; the event carries the variables."""
    lam = client('lambda')
    role = client('iam').create_role(RoleName='stagevars', AssumeRolePolicyDocument=TRUST)['Role']['Arn']
    for name in ('stagevars-blue', 'stagevars-green'):
        code = zipped('import json\ndef handler(event, context):\n    return {"statusCode": 200, "body": json.dumps('
                      '{"function": "%s", "stageVariables": event["stageVariables"]})}\n' % name)
        lam.create_function(FunctionName=name, Runtime='python3.12', Role=role, Handler='handler.handler',
                            Code={'ZipFile': code})
        lam.get_waiter('function_active_v2').wait(FunctionName=name)
    api = apigw.create_rest_api(name='stagevars')['id']
    root = apigw.get_resources(restApiId=api)['items'][0]['id']
    apigw.put_method(restApiId=api, resourceId=root, httpMethod='GET', authorizationType='NONE')
    apigw.put_integration(restApiId=api, resourceId=root, httpMethod='GET', type='AWS_PROXY', integrationHttpMethod='POST',
                          uri=lambda_uri('stagevars-${stageVariables.color}'))
    for name in ('stagevars-blue', 'stagevars-green'):
        lam.add_permission(FunctionName=name, StatementId='apigw', Action='lambda:InvokeFunction',
                           Principal='apigateway.amazonaws.com', SourceArn=f'arn:aws:execute-api:us-east-1:{ACCOUNT}:{api}/*')
    deployment = apigw.create_deployment(restApiId=api, stageName='blue', variables={'color': 'blue'})['id']
    apigw.create_stage(restApiId=api, stageName='green', deploymentId=deployment, variables={'color': 'green'})

    def call(stage):
        with urllib.request.urlopen(f'{ENDPOINT}/restapis/{api}/{stage}/_user_request_/') as answer:
            return json.loads(answer.read())
    check(call('blue'), {'function': 'stagevars-blue', 'stageVariables': {'color': 'blue'}}, 'blue stage')
    check(call('green'), {'function': 'stagevars-green', 'stageVariables': {'color': 'green'}}, 'green stage')
    apigw.update_stage(restApiId=api, stageName='green', patchOperations=[patch('replace', '/variables/color', 'blue')])
    check(call('green')['function'], 'stagevars-blue', 'green stage after UpdateStage')
    apigw.delete_rest_api(restApiId=api)


for name in CHECKS:
    globals()[name]()
print('ok ' + ','.join(CHECKS))
