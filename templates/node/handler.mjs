// Greeting function behind API Gateway (REST API, Lambda proxy integration) or a Lambda function URL.

const MAX_NAME_LENGTH = 100;

// The method and path of either event shape: the REST API's (payload 1.0: httpMethod, path) or a
// function URL's (payload 2.0: requestContext.http.method, rawPath).
export function requestLine(event) {
  return {
    method: event?.httpMethod ?? event?.requestContext?.http?.method ?? "",
    path: event?.path ?? event?.rawPath ?? "",
  };
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
  if (nameLength === 0) {
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
