"""Greeting function behind API Gateway (REST API, Lambda proxy integration)."""

import json

MAX_NAME_LENGTH = 100


def handler(event, context):
    # API Gateway sends null, not {}, when the request has no query string.
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
