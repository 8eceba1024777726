"""Sets up what TemplateSecretHelpersIT's probes read, on the cloud at argv[1]: a JSON secret, a SecureString and a
secret the role may not read, and a role granted exactly the first two; prints the ARNs and the role's temporary
credentials as JSON. Argument: the endpoint, then the three values."""
import json
import sys

import boto3

endpoint, password, signing_key, ungranted = sys.argv[1:5]
clients = {name: boto3.client(name, endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
                              aws_secret_access_key="test") for name in ("secretsmanager", "ssm", "iam", "sts")}
secret_arn = clients["secretsmanager"].create_secret(
    Name="tpl/db", SecretString=json.dumps({"user": "ada", "password": password}))["ARN"]
ungranted_arn = clients["secretsmanager"].create_secret(Name="tpl/other", SecretString=ungranted)["ARN"]
clients["ssm"].put_parameter(Name="/tpl/signing-key", Type="SecureString", Value=signing_key)
parameter_arn = clients["ssm"].get_parameter(Name="/tpl/signing-key")["Parameter"]["ARN"]

trust = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
role_arn = clients["iam"].create_role(RoleName="tpl-reader", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
grant = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": secret_arn},
    {"Effect": "Allow", "Action": "ssm:GetParameter", "Resource": parameter_arn}]}
clients["iam"].put_role_policy(RoleName="tpl-reader", PolicyName="lamb-secrets", PolicyDocument=json.dumps(grant))
credentials = clients["sts"].assume_role(RoleArn=role_arn, RoleSessionName="greeter")["Credentials"]

print(json.dumps({"secret": secret_arn, "ungranted": ungranted_arn, "parameter": parameter_arn, "role": role_arn,
                  "AWS_ACCESS_KEY_ID": credentials["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": credentials["SecretAccessKey"],
                  "AWS_SESSION_TOKEN": credentials["SessionToken"]}))
