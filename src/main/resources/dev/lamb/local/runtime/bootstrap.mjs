// lamb's Lambda runtime for Node.js: a Runtime API client that behaves like AWS's
// (aws-lambda-nodejs-runtime-interface-client).
//
// Started by lamb's local engine as `node bootstrap.mjs` with the Lambda environment (_HANDLER,
// AWS_LAMBDA_RUNTIME_API, LAMBDA_TASK_ROOT...). It loads the handler, then loops: get the next event,
// call the handler (async, callback or plain return), post the result or the error. No dependencies.

import fs from 'node:fs';
import http from 'node:http';
import * as nodeModule from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import util from 'node:util';

const API = '/2018-06-01/runtime/';
const ERROR_TYPE_HEADER = 'Lambda-Runtime-Function-Error-Type';
const REQUEST_ID = Symbol.for('aws.lambda.runtime.requestId');
const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const env = process.env;

// --- Errors, named as AWS's runtime names them ------------------------------------------------------

const runtimeErrors = {};
for (const name of ['ImportModuleError', 'HandlerNotFound', 'MalformedHandlerName', 'UserCodeSyntaxError',
  'UnhandledPromiseRejection', 'NodeJsExit']) {
  const cls = class extends Error {};
  Object.defineProperty(cls, 'name', { value: name });
  cls.prototype.name = `Runtime.${name}`;
  runtimeErrors[name] = cls;
}

function isError(obj) {
  return obj && typeof obj.name === 'string' && typeof obj.message === 'string' && typeof obj.stack === 'string';
}

/** The body the runtime posts for an error: errorType, errorMessage and trace, as AWS's does. */
function toRapidResponse(error) {
  try {
    if (util.types.isNativeError(error) || isError(error)) {
      return { errorType: error.name, errorMessage: error.message, trace: error.stack.split('\n') };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more '
        + 'of its message, name, and stack',
    };
  }
}

function withEnumerableProperties(value) {
  if (value instanceof Error) {
    const ret = Object.assign({ errorType: value.name, errorMessage: value.message, code: value.code }, value);
    if (typeof value.stack === 'string') {
      ret.stack = value.stack.split('\n');
    }
    return ret;
  }
  return value;
}

/** The error as the log shows it after "Invoke Error": a tab, then JSON with the stack as lines. */
function toFormatted(error) {
  try {
    return '\t' + JSON.stringify(error, (_k, v) => withEnumerableProperties(v));
  } catch {
    return '\t' + JSON.stringify(toRapidResponse(error));
  }
}

const intoError = (err) => (err instanceof Error ? err : new Error(err));

// --- Logging: console patched as AWS patches it -----------------------------------------------------

const jsonLogs = (env.AWS_LAMBDA_LOG_FORMAT || '').toUpperCase() === 'JSON';

function setBlocking(stream) {
  // As Lambda's log pipe, writes complete before the runtime posts its answer.
  try {
    stream._handle?.setBlocking?.(true);
  } catch {
    // a stream that cannot block is drained before each post instead
  }
}
setBlocking(process.stdout);
setBlocking(process.stderr);

function jsonErrorReplacer(_key, value) {
  if (value instanceof Error) {
    return Object.assign({
      errorType: value?.constructor?.name ?? 'UnknownError',
      errorMessage: value.message,
      stackTrace: typeof value.stack === 'string' ? value.stack.split('\n') : value.stack,
    }, value);
  }
  return value;
}

function formatJson(requestId, timestamp, level, params) {
  const result = { timestamp, level, requestId };
  if (params.length === 1) {
    result.message = params[0];
    try {
      return JSON.stringify(result, jsonErrorReplacer);
    } catch {
      result.message = util.format(result.message);
      return JSON.stringify(result);
    }
  }
  result.message = util.format(...params);
  for (const param of params) {
    if (param instanceof Error) {
      result.errorType = param?.constructor?.name ?? 'UnknownError';
      result.errorMessage = param.message;
      result.stackTrace = typeof param.stack === 'string' ? param.stack.split('\n') : [];
      break;
    }
  }
  return JSON.stringify(result);
}

function log(level, params) {
  const time = new Date().toISOString();
  const requestId = globalThis[REQUEST_ID];
  const line = jsonLogs
    ? formatJson(requestId, time, level, params).replace(/\n/g, '\r')
    : `${time}\t${requestId}\t${level}\t${util.format(...params)}`;
  process.stdout.write(line + '\n');
}

function patchConsole() {
  const levels = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
  const wanted = (env.AWS_LAMBDA_LOG_LEVEL || '').toUpperCase();
  const minimum = Math.max(0, levels.indexOf(wanted));
  const logger = (level) => (levels.indexOf(level) >= minimum ? (msg, ...params) => log(level, [msg, ...params]) : () => {});
  console.trace = logger('TRACE');
  console.debug = logger('DEBUG');
  console.info = logger('INFO');
  console.log = console.info;
  console.warn = logger('WARN');
  console.error = logger('ERROR');
  console.fatal = (msg, ...params) => log('FATAL', [msg, ...params]);
}

function logError(message, err) {
  if (jsonLogs) {
    console.error(intoError(err));
  } else {
    console.error(message, toFormatted(intoError(err)));
  }
}

// --- The Runtime API client -------------------------------------------------------------------------

// host:port, and a path the engine may put after it (its per-instance token): paths are appended to it.
const [apiHost, apiPort, apiBase] = (() => {
  const address = env.AWS_LAMBDA_RUNTIME_API || '127.0.0.1:9001';
  const slash = address.indexOf('/');
  const authority = slash < 0 ? address : address.slice(0, slash);
  const base = slash < 0 ? '' : address.slice(slash).replace(/\/+$/, '');
  const colon = authority.lastIndexOf(':');
  return [authority.slice(0, colon) || '127.0.0.1', Number(authority.slice(colon + 1)), base];
})();
// One kept-alive connection; no timeout, since `next` waits as long as there is no event.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function request(method, urlPath, body, headers, retried = false) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: apiHost, port: apiPort, method, path: apiBase + urlPath, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', (err) => {
      // The server may have closed the kept-alive connection while the handler ran: send once more.
      if (req.reusedSocket && !retried && ['ECONNRESET', 'EPIPE', 'ECONNREFUSED'].includes(err.code)) {
        request(method, urlPath, body, headers, true).then(resolve, reject);
      } else {
        reject(err);
      }
    });
    req.end(body);
  });
}

async function flushOutput() {
  // The engine reads the invocation's log up to the moment of the post.
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.writableLength > 0) {
      await new Promise((resolve) => stream.once('drain', resolve));
    }
  }
}

async function post(urlPath, bodyText, headers) {
  await flushOutput();
  const body = Buffer.from(bodyText, 'utf8');
  return request('POST', urlPath, body, { 'Content-Type': 'application/json', 'Content-Length': body.length, ...headers });
}

function serialize(result) {
  try {
    return JSON.stringify(result === undefined ? null : result);
  } catch {
    throw new Error('Unable to stringify response body');
  }
}

const postInitError = (error) => {
  const response = toRapidResponse(error);
  return post(API + 'init/error', JSON.stringify(response), { [ERROR_TYPE_HEADER]: response.errorType });
};

const postInvocationError = (error, id) =>
  post(API + `invocation/${encodeURIComponent(id)}/error`, JSON.stringify(toRapidResponse(error)),
    { [ERROR_TYPE_HEADER]: 'Unhandled' });

// --- Loading the handler ----------------------------------------------------------------------------

const requireFrom = nodeModule.createRequire(import.meta.url);

function packageTypeIsModule(folder) {
  // The nearest package.json decides whether .js is ESM; node_modules or / ends the search.
  for (let dir = folder; ; dir = path.dirname(dir)) {
    if (dir.endsWith('/node_modules')) {
      return false;
    }
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        return JSON.parse(fs.readFileSync(pj, 'utf8'))?.type === 'module';
      } catch {
        return false;
      }
    }
    if (dir === path.dirname(dir)) {
      return false;
    }
  }
}

// As Lambda's Node.js runtimes do, an ES module's bare imports that Node cannot resolve from the task root
// are looked for in NODE_PATH's folders too (where the AWS SDK is): Node reads NODE_PATH for require only.
// The hook runs on a thread of its own, so it is registered only for a handler that is an ES module.
const NODE_PATH_HOOKS = `
import { pathToFileURL } from 'node:url';
const dirs = (process.env.NODE_PATH || '').split(':').filter(Boolean);
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (err) {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND' || /^([./]|[a-z][a-z0-9+.-]*:)/i.test(specifier)) {
      throw err;
    }
    for (const dir of dirs) {
      try {
        return await nextResolve(specifier, { ...context, parentURL: pathToFileURL(dir + '/_').href });
      } catch {
        // not in this folder
      }
    }
    throw err;
  }
}`;
let nodePathHooked = false;

function importFromNodePathToo() {
  if (!nodePathHooked && env.NODE_PATH && typeof nodeModule.register === 'function') {
    nodePathHooked = true;
    nodeModule.register('data:text/javascript,' + encodeURIComponent(NODE_PATH_HOOKS));
  }
}

async function loadModule(appRoot, moduleRoot, moduleName) {
  const base = path.resolve(appRoot, moduleRoot, moduleName);
  const importFile = (file) => {
    importFromNodePathToo();
    return import(pathToFileURL(file).href);
  };
  // As AWS's runtime: the bare name, then .js (CommonJS unless package.json says module), .mjs, .cjs.
  if (fs.existsSync(base)) {
    return requireFrom(base);
  }
  const esm = packageTypeIsModule(path.dirname(base));
  if (fs.existsSync(base + '.js')) {
    return esm ? importFile(base + '.js') : requireFrom(base + '.js');
  }
  if (fs.existsSync(base + '.mjs')) {
    return importFile(base + '.mjs');
  }
  if (fs.existsSync(base + '.cjs')) {
    return requireFrom(base + '.cjs');
  }
  // A module from node_modules, or the "Cannot find module" error AWS gives.
  return requireFrom(requireFrom.resolve(moduleName, { paths: [appRoot, path.join(appRoot, moduleRoot)] }));
}

async function loadHandler(appRoot, fullHandler) {
  if (fullHandler.includes('..')) {
    throw new runtimeErrors.MalformedHandlerName(`'${fullHandler}' is not a valid handler name. Use absolute `
      + 'paths when specifying root directories in handler names.');
  }
  const handlerString = path.basename(fullHandler);
  const moduleRoot = fullHandler.substring(0, fullHandler.indexOf(handlerString));
  const match = handlerString.match(/^([^.]*)\.(.*)$/);
  if (!match) {
    throw new runtimeErrors.MalformedHandlerName('Bad handler');
  }
  const [, moduleName, handlerPath] = match;
  let userModule;
  try {
    userModule = await loadModule(appRoot, moduleRoot, moduleName);
  } catch (e) {
    if (e instanceof SyntaxError) {
      throw new runtimeErrors.UserCodeSyntaxError(e);
    }
    if (e?.code === 'MODULE_NOT_FOUND' || e?.code === 'ERR_MODULE_NOT_FOUND') {
      throw new runtimeErrors.ImportModuleError(e);
    }
    throw e;
  }
  const handler = handlerPath.split('.').reduce((nested, key) => nested && nested[key], userModule);
  if (!handler) {
    throw new runtimeErrors.HandlerNotFound(`${fullHandler} is undefined or not exported`);
  }
  if (typeof handler !== 'function') {
    throw new runtimeErrors.HandlerNotFound(`${fullHandler} is not a function`);
  }
  return handler;
}

// Response streaming, as AWS's runtime does it: the response is posted with
// Lambda-Runtime-Function-Response-Mode: streaming, chunked, each write sent as it is made. The post opens
// with the first write (or the end), so that a handler that fails before writing posts its error instead.
class ResponseStream {
  constructor(id) {
    this.id = id;
    this.contentType = 'application/octet-stream';
    this.request = null;
    this.posted = null;
    this.writableFinished = false;
    this.finished = new Promise((resolve) => { this.resolveFinished = resolve; });
  }

  setContentType(type) {
    this.contentType = type;
  }

  open() {
    if (!this.request) {
      this.request = http.request({
        host: apiHost, port: apiPort, method: 'POST', agent,
        path: apiBase + API + `invocation/${encodeURIComponent(this.id)}/response`,
        headers: {
          'Content-Type': this.contentType,
          'Lambda-Runtime-Function-Response-Mode': 'streaming',
          'Transfer-Encoding': 'chunked',
        },
      });
      this.posted = new Promise((resolve) => {
        this.request.on('response', (res) => res.resume().on('end', resolve));
        // A stream cut off (the caller went away, or the handler failed mid-stream) ends the invocation too.
        this.request.on('error', resolve);
      });
    }
    return this.request;
  }

  write(chunk, encoding, cb) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), typeof encoding === 'string' ? encoding : 'utf8');
    this.open().write(bytes, typeof encoding === 'function' ? encoding : cb);
    return true;
  }

  end(chunk, encoding, cb) {
    if (typeof chunk === 'function') {
      cb = chunk;
      chunk = undefined;
    }
    if (chunk !== undefined && chunk !== null) {
      this.write(chunk, encoding);
    }
    this.open().end();
    this.writableFinished = true;
    this.resolveFinished();
    (typeof encoding === 'function' ? encoding : cb)?.();
    return this;
  }

  /** The handler failed after it began to write: the post is broken off, which the engine reads as an error. */
  abort() {
    this.request.destroy(new Error('the handler failed mid-stream'));
  }

  on() {
    return this;
  }

  once() {
    return this;
  }
}

globalThis.awslambda = {
  streamifyResponse(handler) {
    handler[STREAMING] = 'response';
    return handler;
  },
  HttpResponseStream: class HttpResponseStream {
    static from(stream, prelude) {
      stream.setContentType('application/vnd.awslambda.http-integration-response');
      stream.write(JSON.stringify(prelude));
      stream.write(Buffer.alloc(8));
      return stream;
    }
  },
};

// --- The invoke loop --------------------------------------------------------------------------------

let onEmptyEventLoop = null; // what to do when the event loop runs dry mid-invocation
let currentId;

function fatal(err) {
  process.stderr.write(`lamb runtime: lost the Runtime API: ${err?.stack || err}\n`);
  process.exit(1);
}

function context(id, headers, callbackContext) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const parse = (value, name) => {
    if (value === undefined) {
      return undefined;
    }
    try {
      return JSON.parse(value);
    } catch (err) {
      throw new Error(`Cannot parse ${name} as json: ${err.toString()}`);
    }
  };
  return Object.assign(callbackContext, {
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: parse(headers['lambda-runtime-client-context'], 'ClientContext'),
    identity: parse(headers['lambda-runtime-cognito-identity'], 'CognitoIdentity'),
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    awsRequestId: id,
    tenantId: headers['lambda-runtime-aws-tenant-id'],
    getRemainingTimeInMillis: () => deadline - Date.now(),
  });
}

// A streaming handler's invocation: its stream's post is its answer; an error before the first write is posted as
// any error is, one after it breaks the post off.
function streamed(handler, event, ctx, id, finish) {
  const stream = new ResponseStream(id);
  Promise.resolve(handler(event, stream, ctx))
    .then(() => stream.finished)
    .then(() => stream.posted)
    .then(() => {
      onEmptyEventLoop = null;
      setImmediate(loop);
    }, (err) => {
      if (!stream.request) {
        finish(err);
        return;
      }
      logError('Invoke Error', err);
      onEmptyEventLoop = null;
      stream.abort();
      stream.posted.then(() => setImmediate(loop));
    });
}

function invoke(handler, next) {
  const { headers } = next;
  const id = headers['lambda-runtime-aws-request-id'];
  currentId = id;
  globalThis[REQUEST_ID] = id;
  if (headers['lambda-runtime-trace-id']) {
    env._X_AMZN_TRACE_ID = headers['lambda-runtime-trace-id'];
  } else {
    delete env._X_AMZN_TRACE_ID;
  }

  let finished = false;
  let waitForEmptyEventLoop = true;
  const finish = (err, result, bodyText) => {
    if (finished) {
      return;
    }
    finished = true;
    onEmptyEventLoop = null;
    let posting;
    if (err !== undefined && err !== null) {
      logError('Invoke Error', err);
      posting = postInvocationError(err, id);
    } else {
      let body;
      try {
        body = bodyText ?? serialize(result);
      } catch (serializeError) {
        finished = false;
        finish(serializeError);
        return;
      }
      posting = post(API + `invocation/${encodeURIComponent(id)}/response`, body, bodyText === undefined ? {}
        : { 'Content-Type': 'application/octet-stream' });
    }
    posting.then(() => setImmediate(loop), fatal);
  };
  const done = (err, result) => finish(err, result);
  const callback = (err, result) => {
    if (finished) {
      return;
    }
    if ((err !== undefined && err !== null) || !waitForEmptyEventLoop) {
      finish(err, result);
    } else {
      // As in Lambda, the answer goes when the event loop has nothing left to do.
      onEmptyEventLoop = () => setImmediate(() => finish(null, result));
    }
  };
  const callbackContext = {
    get callbackWaitsForEmptyEventLoop() {
      return waitForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value) {
      waitForEmptyEventLoop = value;
    },
    succeed: (result) => done(null, result),
    fail: (err) => done(err === undefined || err === null ? 'handled' : err),
    done,
  };

  const isAsync = handler.constructor?.name === 'AsyncFunction';
  // The handler neither answered nor left anything to wait for: an async one failed to settle, a plain
  // one answers null, as in Lambda.
  onEmptyEventLoop = () => {
    if (isAsync) {
      finish(new runtimeErrors.NodeJsExit('Error: Runtime exited without providing a reason'));
    } else {
      finish(null, null);
    }
  };

  try {
    const ctx = context(id, headers, callbackContext);
    const event = JSON.parse(next.body.toString('utf8'));
    if (handler[STREAMING] === 'response') {
      streamed(handler, event, ctx, id, finish);
      return;
    }
    const result = handler(event, ctx, callback);
    if (result && typeof result.then === 'function') {
      result.then(callbackContext.succeed, callbackContext.fail);
    } else if (result !== undefined && handler.length < 3) {
      callbackContext.succeed(result);
    }
  } catch (err) {
    callback(err);
  }
}

let userHandler;

function loop() {
  request('GET', API + 'invocation/next').then((next) => invoke(userHandler, next), fatal);
}

async function main() {
  patchConsole();
  let onUncaught = (err) => postInitError(err).finally(() => process.exit(129));
  let onRejected = (err) => postInitError(err).finally(() => process.exit(128));
  process.on('uncaughtException', (err) => {
    logError('Uncaught Exception', err);
    onUncaught(err);
  });
  process.on('unhandledRejection', (reason, promise) => {
    let message;
    try {
      message = String(reason);
    } catch {
      message = Object.prototype.toString.call(reason);
    }
    const err = new runtimeErrors.UnhandledPromiseRejection(message);
    err.reason = reason;
    err.promise = promise;
    logError('Unhandled Promise Rejection', err);
    onRejected(err);
  });
  process.on('beforeExit', () => {
    const action = onEmptyEventLoop;
    onEmptyEventLoop = null;
    action?.();
  });

  try {
    userHandler = await loadHandler(env.LAMBDA_TASK_ROOT || process.cwd(), env._HANDLER || '');
  } catch (err) {
    logError('Uncaught Exception', err);
    await postInitError(err).catch(() => {});
    process.exit(129);
  }
  // From now on a crash ends the invocation in progress.
  onUncaught = (err) => postInvocationError(err, currentId).finally(() => process.exit(129));
  onRejected = (err) => postInvocationError(err, currentId).finally(() => process.exit(128));
  loop();
}

main();
