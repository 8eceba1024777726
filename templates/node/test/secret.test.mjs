import assert from "node:assert/strict";
import { test } from "node:test";

import { Backoff } from "../resilience.mjs";
import { SecretCache, SecretError, configured, retryable } from "../secret.mjs";

const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf";
const PARAMETER_ARN = "arn:aws:ssm:us-east-1:123456789012:parameter/app/key";

/** What the AWS SDK v3 throws when the service answers with an error: its name and $metadata.httpStatusCode. */
function awsError(name, httpStatusCode) {
  return Object.assign(new Error("from the service"), { name, $metadata: { httpStatusCode } });
}

/** An injected fetch: answers in turn (an Error is thrown; the last answer repeats), recording each ARN asked for. */
function fetches(...answers) {
  const fetch = async (arn) => {
    fetch.arns.push(arn);
    const answer = answers.length > 1 ? answers.shift() : answers[0];
    if (answer instanceof Error) throw answer;
    return answer;
  };
  fetch.arns = [];
  return fetch;
}

function cache(fetch, { clock = { now: 0 }, sleeps = [], env = { DB_PASSWORD_SECRET_ARN: SECRET_ARN } } = {}) {
  return new SecretCache({
    ttlMs: 300_000, fetch, now: () => clock.now, env,
    backoff: new Backoff({ baseMs: 100, capMs: 2000, random: () => 0.999999 }), sleep: async (ms) => sleeps.push(ms),
  });
}

test("one fetch within the TTL, and a new one after", async () => {
  const clock = { now: 0 };
  const fetch = fetches("s3cr3t", "rotated");
  const secrets = cache(fetch, { clock });
  assert.equal(await secrets.get("DB_PASSWORD"), "s3cr3t");
  clock.now = 299_999;
  assert.equal(await secrets.get("DB_PASSWORD"), "s3cr3t");
  assert.deepEqual(fetch.arns, [SECRET_ARN]);
  clock.now = 300_000;
  assert.equal(await secrets.get("DB_PASSWORD"), "rotated");
  assert.deepEqual(fetch.arns, [SECRET_ARN, SECRET_ARN]);
});

test("calls at the same time share one fetch", async () => {
  const fetch = fetches("s3cr3t");
  const secrets = cache(fetch);
  assert.deepEqual(await Promise.all([secrets.get("DB_PASSWORD"), secrets.get("DB_PASSWORD")]), ["s3cr3t", "s3cr3t"]);
  assert.equal(fetch.arns.length, 1);
});

test("throttling, 5xx and network errors are retried within the backoff's bounds", async () => {
  const sleeps = [];
  const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
  const fetch = fetches(awsError("ThrottlingException", 400), awsError("InternalServiceError", 500), reset, "s3cr3t");
  assert.equal(await cache(fetch, { sleeps }).get("DB_PASSWORD"), "s3cr3t");
  assert.equal(fetch.arns.length, 4);
  // Full jitter: the delay before retry n is within [0, min(cap, base * 2^n)].
  assert.equal(sleeps.length, 3);
  sleeps.forEach((delay, n) => assert.ok(delay >= 0 && delay <= Math.min(2000, 100 * 2 ** n), `retry ${n}: ${delay}`));
});

test("it gives up after its attempts, naming the variable", async () => {
  const fetch = fetches(awsError("ThrottlingException", 400));
  await assert.rejects(cache(fetch).get("DB_PASSWORD"), (err) => err instanceof SecretError && /DB_PASSWORD_SECRET_ARN/.test(err.message));
  assert.equal(fetch.arns.length, 4);
});

test("AccessDenied and not found fail at once, naming the variable", async () => {
  for (const name of ["AccessDeniedException", "ResourceNotFoundException", "ParameterNotFound"]) {
    const sleeps = [];
    const fetch = fetches(awsError(name, 400));
    await assert.rejects(cache(fetch, { sleeps }).get("DB_PASSWORD"),
      (err) => err instanceof SecretError && err.message.includes("DB_PASSWORD_SECRET_ARN") && err.message.includes(name));
    assert.deepEqual([fetch.arns.length, sleeps], [1, []], `${name} is not retried`);
  }
});

test("a missing variable says how to configure it", async () => {
  assert.equal(configured("DB_PASSWORD", {}), false);
  await assert.rejects(cache(fetches("unused"), { env: {} }).get("DB_PASSWORD"),
    /DB_PASSWORD_SECRET_ARN is not set: add DB_PASSWORD to \[function.secrets]/);
});

test("one key of a JSON secret, and one fetch for two keys", async () => {
  const fetch = fetches('{"user": "ada", "password": "s3cr3t"}');
  const env = { DB_USER_SECRET_ARN: `${SECRET_ARN}#user`, DB_PASSWORD_SECRET_ARN: `${SECRET_ARN}#password`, DB_HOST_SECRET_ARN: `${SECRET_ARN}#host` };
  const secrets = cache(fetch, { env });
  assert.deepEqual([await secrets.get("DB_USER"), await secrets.get("DB_PASSWORD")], ["ada", "s3cr3t"]);
  assert.deepEqual(fetch.arns, [SECRET_ARN]);
  await assert.rejects(secrets.get("DB_HOST"), (err) => /DB_HOST_SECRET_ARN names the key "host"/.test(err.message) && !err.message.includes("s3cr3t"));
});

test("an SSM parameter ARN is fetched as given", async () => {
  const fetch = fetches("p4r4m");
  assert.equal(await cache(fetch, { env: { API_KEY_SECRET_ARN: PARAMETER_ARN } }).get("API_KEY"), "p4r4m");
  assert.deepEqual(fetch.arns, [PARAMETER_ARN]);
});

test("a variable that is not an ARN is refused", async () => {
  await assert.rejects(cache(fetches("unused"), { env: { DB_PASSWORD_SECRET_ARN: "db-password" } }).get("DB_PASSWORD"),
    /must hold a Secrets Manager secret ARN/);
});

test("which errors are retried", () => {
  assert.equal(retryable(awsError("TooManyRequestsException", 429)), true);
  assert.equal(retryable(Object.assign(new Error("timed out"), { name: "TimeoutError" })), true);
  assert.equal(retryable(awsError("AccessDeniedException", 400)), false);
  assert.equal(retryable(awsError("DecryptionFailure", 400)), false);
  assert.equal(retryable(new TypeError("a bug")), false);
});
