"""A handler that reports what the function runs as (issue 14, "Functions run as themselves"): a few variables of
its environment, STS GetCallerIdentity's Arn and the names Lambda ListFunctions gives, both through the boto3 the
engine puts on its path, with no configuration of its own. With ?calls=no it makes no call (its credentials may
be someone's real ones)."""
import json
import os

SHOWN = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_REGION",
         "AWS_DEFAULT_REGION", "AWS_PROFILE", "HOME", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE")


def handler(event, context):
    out = {"env": {k: os.environ.get(k) for k in SHOWN}}
    if ((event or {}).get("queryStringParameters") or {}).get("calls") != "no":
        try:
            import boto3
            out["arn"] = boto3.client("sts").get_caller_identity()["Arn"]
            out["functions"] = [f["FunctionName"] for f in boto3.client("lambda").list_functions()["Functions"]]
        except Exception as e:
            out["error"] = repr(e)
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(out)}
