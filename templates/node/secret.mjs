// Secrets from lamb.toml's [function.secrets]: read once per container, kept for a TTL, never in the environment.
//
// For each NAME in [function.secrets], lamb deploy sets NAME_SECRET_ARN to where the secret lives: a Secrets Manager
// secret's ARN (with "#key" after it for one key of a JSON secret) or an SSM parameter's ARN (a SecureString is
// decrypted). The value is read here with the function's own role, through the AWS SDK for JavaScript v3, which
// Lambda's Node.js runtimes provide; throttling, 5xx answers and network errors are retried with resilience.mjs's backoff.
//
//   import { secret } from "./secret.mjs";
//   export async function handler(event) {
//     const password = await secret("DB_PASSWORD"); // fetched on the first call, then served from memory for 5 minutes
//   }

import { Backoff, retry } from "./resilience.mjs";

export const DEFAULT_TTL_MS = 300_000;
const ATTEMPTS = 4;
// Error names of Secrets Manager and SSM that mean "slow down", so a later try may succeed.
const THROTTLING = new Set(["ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded"]);
// Node's network failures, which reach the caller without an HTTP status.
const NETWORK = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "TimeoutError"]);

/** A secret that cannot be read; the message names its variable and says why, never the value. */
export class SecretError extends Error {}

/** The environment variable through which the function finds the secret it calls `name`. */
export const variable = (name) => `${name}_SECRET_ARN`;

/** Whether lamb.toml's [function.secrets] gives the function a secret called `name`. */
export const configured = (name, env = process.env) => Boolean(env[variable(name)]);

/** Throttling, a 5xx answer or a network failure: worth another try. AccessDenied, not found: not. */
export function retryable(err) {
  const status = err?.$metadata?.httpStatusCode;
  if (status) return THROTTLING.has(err.name) || status === 429 || status >= 500;
  return NETWORK.has(err?.code) || NETWORK.has(err?.name);
}

const clients = new Map();

/** The secret at `arn`, read through the SDK with its own retries off, so that the backoff here is the only one. */
export async function awsFetch(arn) {
  const [, , service, region] = arn.split(":");
  const key = `${service} ${region}`;
  if (service === "ssm") {
    const { SSMClient, GetParameterCommand } = await import("@aws-sdk/client-ssm");
    if (!clients.has(key)) clients.set(key, new SSMClient({ region, maxAttempts: 1 }));
    const answer = await clients.get(key).send(new GetParameterCommand({ Name: arn, WithDecryption: true }));
    return answer.Parameter.Value;
  }
  const { SecretsManagerClient, GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
  if (!clients.has(key)) clients.set(key, new SecretsManagerClient({ region, maxAttempts: 1 }));
  const answer = await clients.get(key).send(new GetSecretValueCommand({ SecretId: arn }));
  return answer.SecretString ?? answer.SecretBinary;
}

/**
 * Values by ARN, each fetched again once `ttlMs` has passed. Keep one at module level, so that it lives as long as the
 * warm instance; fetch, clock, environment and sleep are injected by tests. Calls waiting on the same fetch share it.
 */
export class SecretCache {
  constructor({ ttlMs = DEFAULT_TTL_MS, fetch = awsFetch, now = Date.now, env = process.env, attempts = ATTEMPTS, backoff = new Backoff(), sleep } = {}) {
    Object.assign(this, { ttlMs, fetch, now, env, attempts, backoff, sleep });
    this.entries = new Map(); // ARN -> { value: Promise, expiry }
  }

  async get(name) {
    const reference = this.env[variable(name)] ?? "";
    if (!reference) {
      throw new SecretError(`${variable(name)} is not set: add ${name} to [function.secrets] in lamb.toml, then run lamb deploy`);
    }
    const [arn, key] = splitKey(reference);
    const parts = arn.split(":");
    const resource = parts.slice(5).join(":");
    const known = (parts[2] === "secretsmanager" && resource.startsWith("secret:")) || (parts[2] === "ssm" && resource.startsWith("parameter"));
    if (parts.length < 6 || parts[0] !== "arn" || !known) {
      throw new SecretError(`${variable(name)} must hold a Secrets Manager secret ARN (with #key for one key of a JSON secret) `
        + `or an SSM parameter ARN, not ${JSON.stringify(reference)}`);
    }
    const now = this.now();
    let entry = this.entries.get(arn);
    if (!entry || now >= entry.expiry) {
      const { attempts, backoff, sleep } = this;
      const value = retry(() => this.fetch(arn), { attempts, backoff, retryable, ...(sleep && { sleep }) }).catch((err) => {
        this.entries.delete(arn);
        throw new SecretError(`cannot read ${name} (${variable(name)} = ${arn}): ${err?.name}: ${err?.message}`, { cause: err });
      });
      entry = { value, expiry: now + this.ttlMs };
      this.entries.set(arn, entry);
    }
    return pick(name, await entry.value, key);
  }
}

function splitKey(reference) {
  const hash = reference.indexOf("#");
  return hash < 0 ? [reference, ""] : [reference.slice(0, hash), reference.slice(hash + 1)];
}

/** The whole value, or one key of it when the reference names one. */
function pick(name, value, key) {
  if (!key) return value;
  let document;
  try {
    document = JSON.parse(typeof value === "string" ? value : new TextDecoder().decode(value));
  } catch {
    document = null;
  }
  if (document === null || typeof document !== "object" || !(key in document)) {
    throw new SecretError(`${variable(name)} names the key ${JSON.stringify(key)}, which the secret (a JSON object?) does not have`);
  }
  return document[key];
}

/** The function's cache: handler tests give it their own fetch and env. */
export const secrets = new SecretCache();

/** The value of the secret lamb.toml's [function.secrets] calls `name`, fetched at most once per TTL. */
export const secret = (name) => secrets.get(name);
