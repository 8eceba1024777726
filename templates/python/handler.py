"""Greeting function behind API Gateway (REST API, Lambda proxy integration) or a Lambda function URL."""

import hmac
import json

from secret import configured, secret

MAX_NAME_LENGTH = 100


def request_line(event):
    """The method and path of either event shape: the REST API's (payload 1.0: httpMethod, path) or a
    function URL's (payload 2.0: requestContext.http.method, rawPath)."""
    http = ((event or {}).get("requestContext") or {}).get("http") or {}
    method = (event or {}).get("httpMethod") or http.get("method") or ""
    path = (event or {}).get("path") or (event or {}).get("rawPath") or ""
    return method, path


def api_key_matches(event):
    """Whether the request's x-api-key header is the API_KEY secret, compared in constant time so that the answer's
    timing tells nothing of the key. Header names are matched in any case: function URLs lower-case them."""
    headers = {k.lower(): v for k, v in ((event or {}).get("headers") or {}).items()}
    return hmac.compare_digest((headers.get("x-api-key") or "").encode(), secret("API_KEY").encode())


def handler(event, context):
    method, path = request_line(event)
    # Both shapes carry queryStringParameters; API Gateway sends null, a function URL leaves it out, when
    # the request has no query string.
    params = (event or {}).get("queryStringParameters") or {}
    name = params.get("name") or ""

    # Only with API_KEY in lamb.toml's [function.secrets] must callers send it; without, anyone is greeted.
    if configured("API_KEY") and not api_key_matches(event):
        status, body = 401, {"error": "header 'x-api-key' is missing or wrong"}
    elif not name:
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
