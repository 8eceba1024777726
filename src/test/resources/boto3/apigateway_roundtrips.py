"""API Gateway (REST APIs) through boto3: an API, its resources, a method with a Lambda proxy integration,
a deployment and its stage, paginators, errors, delete.
Expected values from botocore's apigateway/2015-07-09 service model and paginators-1.json."""
from localcloud import ACCOUNT, check, client, error, pages

apigw = client('apigateway')
FUNCTION = f'arn:aws:lambda:us-east-1:{ACCOUNT}:function:boto3-api'
URI = f'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{FUNCTION}/invocations'

api = apigw.create_rest_api(name='boto3-api', description='made by boto3', endpointConfiguration={'types': ['REGIONAL']})
check(api['name'], 'boto3-api', 'name')
check(api['endpointConfiguration']['types'], ['REGIONAL'], 'endpointConfiguration')
check(apigw.get_rest_api(restApiId=api['id'])['description'], 'made by boto3', 'GetRestApi description')
root = apigw.get_resources(restApiId=api['id'])['items']
check([r['path'] for r in root], ['/'], 'GetResources of a new API')

items = apigw.create_resource(restApiId=api['id'], parentId=root[0]['id'], pathPart='items')
check(items['path'], '/items', 'CreateResource path')
check(error(apigw.create_resource, restApiId=api['id'], parentId=root[0]['id'], pathPart='items'), ('ConflictException', 409),
      'CreateResource again')
item = apigw.create_resource(restApiId=api['id'], parentId=items['id'], pathPart='{id}')
check(item['path'], '/items/{id}', 'CreateResource of a parameter')

apigw.put_method(restApiId=api['id'], resourceId=item['id'], httpMethod='GET', authorizationType='NONE')
apigw.put_integration(restApiId=api['id'], resourceId=item['id'], httpMethod='GET', type='AWS_PROXY',
                      integrationHttpMethod='POST', uri=URI)
method = apigw.get_method(restApiId=api['id'], resourceId=item['id'], httpMethod='GET')
check((method['httpMethod'], method['authorizationType']), ('GET', 'NONE'), 'GetMethod')
check((method['methodIntegration']['type'], method['methodIntegration']['uri']), ('AWS_PROXY', URI), 'methodIntegration')
check(error(apigw.get_method, restApiId=api['id'], resourceId=item['id'], httpMethod='POST'), ('NotFoundException', 404),
      'GetMethod of none')

deployment = apigw.create_deployment(restApiId=api['id'], stageName='dev')
stage = apigw.get_stage(restApiId=api['id'], stageName='dev')
check(stage['deploymentId'], deployment['id'], 'the stage points at the deployment')
check([d['id'] for d in apigw.get_deployments(restApiId=api['id'])['items']], [deployment['id']], 'GetDeployments')

# GetResources and GetRestApis page with position and limit (paginators-1.json).
resources = pages(apigw.get_paginator('get_resources'), 'items', restApiId=api['id'], PaginationConfig={'PageSize': 2})
check([len(page) for page in resources], [2, 1], 'GetResources page sizes')
check(sorted(r['path'] for page in resources for r in page), ['/', '/items', '/items/{id}'], 'GetResources')
other = apigw.create_rest_api(name='boto3-other')
apis = pages(apigw.get_paginator('get_rest_apis'), 'items', PaginationConfig={'PageSize': 1})
check(sorted(a['name'] for page in apis for a in page), ['boto3-api', 'boto3-other'], 'GetRestApis')
check(len(apis), 2, 'GetRestApis pages of one')

for gone in (api['id'], other['id']):
    apigw.delete_rest_api(restApiId=gone)
check(error(apigw.get_rest_api, restApiId=api['id']), ('NotFoundException', 404), 'GetRestApi after delete')
check(apigw.get_rest_apis()['items'], [], 'GetRestApis after delete')
print('ok apigateway')
