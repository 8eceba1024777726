// Handlers for NodeRuntimeTest (ES module).
console.log('init: module loaded');

export const handler = async (event, context) => {
  console.log('hello %s', event.name ?? 'stranger', { n: 42 });
  console.warn('a warning');
  process.stdout.write('a raw stdout line\n');
  await new Promise((resolve) => setTimeout(resolve, 5));
  return {
    functionName: context.functionName,
    functionVersion: context.functionVersion,
    memoryLimitInMB: context.memoryLimitInMB,
    invokedFunctionArn: context.invokedFunctionArn,
    awsRequestId: context.awsRequestId,
    logGroupName: context.logGroupName,
    logStreamName: context.logStreamName,
    remainingMs: context.getRemainingTimeInMillis(),
    callbackWaitsForEmptyEventLoop: context.callbackWaitsForEmptyEventLoop,
    env: {
      AWS_LAMBDA_FUNCTION_NAME: process.env.AWS_LAMBDA_FUNCTION_NAME,
      AWS_REGION: process.env.AWS_REGION,
      AWS_EXECUTION_ENV: process.env.AWS_EXECUTION_ENV,
      _HANDLER: process.env._HANDLER,
      _X_AMZN_TRACE_ID: process.env._X_AMZN_TRACE_ID,
      LAMBDA_TASK_ROOT: process.env.LAMBDA_TASK_ROOT,
      TZ: process.env.TZ,
      GREETING_STYLE: process.env.GREETING_STYLE,
    },
  };
};

export const fail = async () => {
  throw new TypeError('boom');
};

export const throwString = async () => {
  throw 'plain string';
};

export const multiLine = async () => {
  console.log('first line\nsecond line');
  return 'ok';
};
