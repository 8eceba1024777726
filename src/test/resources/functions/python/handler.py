"""Handlers for PythonRuntimeTest: each shows one thing the Lambda Python runtime does."""

import json
import logging
import os
import sys
import time

logger = logging.getLogger()
logger.setLevel(logging.INFO)

print("init: handler module imported")


def greet(event, context):
    return {"greeting": "Hello, " + event.get("name", "stranger") + "!"}


def echo(event, context):
    return event


def context_info(event, context):
    return {
        "function_name": context.function_name,
        "function_version": context.function_version,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "invoked_function_arn": context.invoked_function_arn,
        "aws_request_id": context.aws_request_id,
        "log_group_name": context.log_group_name,
        "log_stream_name": context.log_stream_name,
        "remaining_ms": context.get_remaining_time_in_millis(),
        "identity_is_object": context.identity is not None
        and context.identity.cognito_identity_id is None,
        "client_context": context.client_context,
        "sys_path_0": sys.path[0],
        "cwd": os.getcwd(),
        "env": {
            key: os.environ.get(key)
            for key in (
                "AWS_LAMBDA_FUNCTION_NAME",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                "AWS_LAMBDA_FUNCTION_VERSION",
                "AWS_LAMBDA_LOG_GROUP_NAME",
                "AWS_LAMBDA_LOG_STREAM_NAME",
                "AWS_REGION",
                "AWS_DEFAULT_REGION",
                "AWS_EXECUTION_ENV",
                "AWS_LAMBDA_RUNTIME_API",
                "_HANDLER",
                "_X_AMZN_TRACE_ID",
                "LAMBDA_TASK_ROOT",
                "LAMBDA_RUNTIME_DIR",
                "TZ",
                "LANG",
                "GREETING_STYLE",
            )
        },
    }


def fail(event, context):
    raise Exception("Handler fails")


def exit_hard(event, context):
    os._exit(3)


def sleep(event, context):
    time.sleep(event.get("seconds", 0.3))
    return {"slept": event.get("seconds", 0.3), "pid": os.getpid()}


def log(event, context):
    print("a plain print line")
    logger.info("an info record for %s", event.get("who", "nobody"))
    logger.warning("a warning record")
    logger.debug("a debug record, below the root level")
    sys.stderr.write("a line on stderr\n")
    print("the last line")
    return "logged"


def unserialisable(event, context):
    return {"tags": {"a", "b"}}


def unicode(event, context):
    return {"word": "h\u00e9llo"}


def raw_bytes(event, context):
    return b"not json at all"


def json_dumps_result(event, context):
    return json.dumps({"already": "encoded"})
