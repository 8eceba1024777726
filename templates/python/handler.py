"""Greeting function behind API Gateway (REST API, Lambda proxy integration) or a Lambda function URL."""

import json

MAX_NAME_LENGTH = 100


def request_line(event):
    """The method and path of either event shape: the REST API's (payload 1.0: httpMethod, path) or a
    function URL's (payload 2.0: requestContext.http.method, rawPath)."""
    http = ((event or {}).get("requestContext") or {}).get("http") or {}
    method = (event or {}).get("httpMethod") or http.get("method") or ""
    path = (event or {}).get("path") or (event or {}).get("rawPath") or ""
    return method, path


def handler(event, context):
    method, path = request_line(event)
    # Both shapes carry queryStringParameters; API Gateway sends null, a function URL leaves it out, when
    # the request has no query string.
    params = (event or {}).get("queryStringParameters") or {}
    name = params.get("name") or ""

    if not name:
        status, body = 400, {"error": "query parameter 'name' is required"}
    elif len(name) > MAX_NAME_LENGTH:
        status, body = 400, {
            "error": f"query parameter 'name' must be at most {MAX_NAME_LENGTH} characters"
        }
    else:
        status, body = 200, f"Hello, {name}!"

    # The name is untrusted input, so only its length goes to the logs.
    print(
        json.dumps(
            {
                "level": "INFO" if status == 200 else "WARN",
                "message": "greeted" if status == 200 else body["error"],
                "requestId": context.aws_request_id,
                "method": method,
                "path": path,
                "status": status,
                "nameLength": len(name),
            }
        ),
        flush=True,
    )

    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body, ensure_ascii=False),
    }
