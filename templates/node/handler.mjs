// Greeting function behind API Gateway (REST API, Lambda proxy integration) or a Lambda function URL.

import { createHash, timingSafeEqual } from "node:crypto";

import { configured, secret } from "./secret.mjs";

const MAX_NAME_LENGTH = 100;

// The method and path of either event shape: the REST API's (payload 1.0: httpMethod, path) or a
// function URL's (payload 2.0: requestContext.http.method, rawPath).
export function requestLine(event) {
  return {
    method: event?.httpMethod ?? event?.requestContext?.http?.method ?? "",
    path: event?.path ?? event?.rawPath ?? "",
  };
}

// Whether the request's x-api-key header is the API_KEY secret, compared in constant time (of equal-length digests) so
// that the answer's timing tells nothing of the key. Header names are matched in any case: function URLs lower-case them.
async function apiKeyMatches(event) {
  const headers = Object.fromEntries(Object.entries(event?.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const digest = (text) => createHash("sha256").update(String(text ?? "")).digest();
  return timingSafeEqual(digest(headers["x-api-key"]), digest(await secret("API_KEY")));
}

export async function handler(event, context) {
  const { method, path } = requestLine(event);
  // Both shapes carry queryStringParameters; API Gateway sends null, a function URL leaves it out, when
  // the request has no query string.
  const name = event?.queryStringParameters?.name ?? "";
  // Count code points, not UTF-16 units, so the limit matches the other runtimes.
  const nameLength = [...name].length;

  let status;
  let body;
  // Only with API_KEY in lamb.toml's [function.secrets] must callers send it; without, anyone is greeted.
  if (configured("API_KEY") && !(await apiKeyMatches(event))) {
    status = 401;
    body = { error: "header 'x-api-key' is missing or wrong" };
  } else if (nameLength === 0) {
    status = 400;
    body = { error: "query parameter 'name' is required" };
  } else if (nameLength > MAX_NAME_LENGTH) {
    status = 400;
    body = { error: `query parameter 'name' must be at most ${MAX_NAME_LENGTH} characters` };
  } else {
    status = 200;
    body = `Hello, ${name}!`;
  }

  // The name is untrusted input, so only its length goes to the logs. stdout directly, because
  // console.log in Lambda prefixes each line with a timestamp and would break the JSON.
  process.stdout.write(
    JSON.stringify({
      level: status === 200 ? "INFO" : "WARN",
      message: status === 200 ? "greeted" : body.error,
      requestId: context.awsRequestId,
      method,
      path,
      status,
      nameLength,
    }) + "\n",
  );

  return {
    statusCode: status,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
}
