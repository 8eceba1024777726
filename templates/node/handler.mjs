// Greeting function behind API Gateway (REST API, Lambda proxy integration).

const MAX_NAME_LENGTH = 100;

export async function handler(event, context) {
  // API Gateway sends null, not {}, when the request has no query string.
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
