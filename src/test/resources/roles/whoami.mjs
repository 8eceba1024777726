// whoami.py's twin for Node.js: what the function runs as, through the AWS SDK for JavaScript v3 the engine provides.
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';

const SHOWN = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_REGION',
  'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'HOME', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'];

export const handler = async () => {
  const out = { env: Object.fromEntries(SHOWN.map((k) => [k, process.env[k] ?? null])) };
  try {
    out.arn = (await new STSClient({}).send(new GetCallerIdentityCommand({}))).Arn;
    out.functions = (await new LambdaClient({}).send(new ListFunctionsCommand({}))).Functions.map((f) => f.FunctionName);
  } catch (e) {
    out.error = String(e);
  }
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(out) };
};
