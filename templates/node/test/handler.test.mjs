import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";

import { handler } from "../handler.mjs";

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

const query = (params) => ({ httpMethod: "GET", path: "/hello", queryStringParameters: params });

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

test("logs rejections too", async () => {
  const { lines } = await invoke({});
  assert.equal(lines.length, 1);
  assert.equal(JSON.parse(lines[0]).status, 400);
});
