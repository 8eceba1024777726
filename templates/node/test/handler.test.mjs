import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";

import { handler } from "../handler.mjs";
import { secrets } from "../secret.mjs";

const REQUEST_ID = "8f5b0c1e-2f7a-4c55-9d1e-0a6b3c2d1e00";

// Calls the handler with a fake context and returns its response and the lines it wrote to stdout.
async function invoke(event) {
  const written = [];
  const write = process.stdout.write;
  process.stdout.write = (chunk) => {
    written.push(String(chunk));
    return true;
  };
  try {
    const response = await handler(event, { awsRequestId: REQUEST_ID });
    return { response, lines: written.join("").split("\n").filter(Boolean) };
  } finally {
    process.stdout.write = write;
  }
}

// A REST API request (payload format 1.0).
const query = (params) => ({ httpMethod: "GET", path: "/hello", queryStringParameters: params });

// A function URL request (payload format 2.0); no queryStringParameters without a query string.
function urlQuery(params, method = "GET", path = "/") {
  const event = {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: new URLSearchParams(params).toString(),
    headers: { host: "abc123.lambda-url.us-east-1.on.aws" },
    requestContext: { http: { method, path } },
    isBase64Encoded: false,
  };
  if (Object.keys(params).length > 0) {
    event.queryStringParameters = params;
  }
  return event;
}

function assertError(response, fragment) {
  assert.equal(response.statusCode, 400);
  assert.match(JSON.parse(response.body).error, new RegExp(fragment));
}

test("greets by name", async () => {
  const { response } = await invoke(query({ name: "Ada" }));
  assert.equal(response.statusCode, 200);
  assert.equal(response.body, '"Hello, Ada!"');
});

test("answers the sample event", async () => {
  const url = new URL("../events/hello.json", import.meta.url);
  const { response } = await invoke(JSON.parse(await readFile(url, "utf8")));
  assert.equal(response.statusCode, 200);
  assert.equal(response.body, '"Hello, World!"');
});

test("escapes quotes and backslashes", async () => {
  const name = 'Ada "the first" \\ Lovelace\n';
  const { response } = await invoke(query({ name }));
  assert.equal(response.statusCode, 200);
  assert.equal(JSON.parse(response.body), `Hello, ${name}!`);
});

test("rejects a null query string", async () => {
  const { response } = await invoke({ httpMethod: "GET", queryStringParameters: null });
  assertError(response, "required");
});

test("rejects an absent query string", async () => {
  const { response } = await invoke({ httpMethod: "GET" });
  assertError(response, "required");
});

test("rejects a missing name", async () => {
  const { response } = await invoke(query({ other: "x" }));
  assertError(response, "required");
});

test("rejects an empty name", async () => {
  const { response } = await invoke(query({ name: "" }));
  assertError(response, "required");
});

test("rejects a name of 101 characters", async () => {
  const { response } = await invoke(query({ name: "a".repeat(101) }));
  assertError(response, "100");
});

test("accepts a name of 100 characters", async () => {
  const { response } = await invoke(query({ name: "a".repeat(100) }));
  assert.equal(response.statusCode, 200);
  assert.equal(JSON.parse(response.body), `Hello, ${"a".repeat(100)}!`);
});

test("counts characters, not UTF-16 units", async () => {
  const { response } = await invoke(query({ name: "😀".repeat(100) }));
  assert.equal(response.statusCode, 200);
});

test("every response is JSON", async () => {
  for (const event of [query({ name: "Ada" }), query({ name: "" }), {}]) {
    const { response } = await invoke(event);
    assert.deepEqual(response.headers, { "Content-Type": "application/json" });
    JSON.parse(response.body);
  }
});

test("logs one JSON line with the request id", async () => {
  const { lines } = await invoke(query({ name: "Ada" }));
  assert.equal(lines.length, 1);
  const entry = JSON.parse(lines[0]);
  assert.equal(entry.requestId, REQUEST_ID);
  assert.equal(entry.status, 200);
  assert.equal(entry.nameLength, 3);
  assert.ok(!lines[0].includes("Ada"));
});

test("greets through a function URL", async () => {
  const { response, lines } = await invoke(urlQuery({ name: "Ada" }));
  assert.equal(response.statusCode, 200);
  assert.equal(response.body, '"Hello, Ada!"');
  const entry = JSON.parse(lines[0]);
  assert.deepEqual([entry.method, entry.path], ["GET", "/"]);
});

test("rejects a function URL request without a query string", async () => {
  const { response } = await invoke(urlQuery({}, "POST", "/greet"));
  assertError(response, "required");
});

test("logs the method and path of either shape", async () => {
  const rest = JSON.parse((await invoke(query({ name: "Ada" }))).lines[0]);
  const url = JSON.parse((await invoke(urlQuery({ name: "Ada" }, "POST", "/greet"))).lines[0]);
  assert.deepEqual([rest.method, rest.path], ["GET", "/hello"]);
  assert.deepEqual([url.method, url.path], ["POST", "/greet"]);
});

test("logs rejections too", async () => {
  const { lines } = await invoke({});
  assert.equal(lines.length, 1);
  assert.equal(JSON.parse(lines[0]).status, 400);
});

test("with an API_KEY secret, callers must send it", async (t) => {
  const arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-key-AbCdEf";
  const saved = { fetch: secrets.fetch, env: secrets.env };
  process.env.API_KEY_SECRET_ARN = arn;
  Object.assign(secrets, { fetch: async () => "k3y", env: { API_KEY_SECRET_ARN: arn } });
  t.after(() => {
    delete process.env.API_KEY_SECRET_ARN;
    Object.assign(secrets, saved);
  });
  const without = (await invoke(query({ name: "Ada" }))).response;
  const wrong = (await invoke({ ...query({ name: "Ada" }), headers: { "x-api-key": "nope" } })).response;
  const right = (await invoke({ ...query({ name: "Ada" }), headers: { "X-Api-Key": "k3y" } })).response;
  assert.deepEqual([without.statusCode, wrong.statusCode, right.statusCode], [401, 401, 200]);
  assert.ok(!(without.body + wrong.body).includes("k3y"));
});
