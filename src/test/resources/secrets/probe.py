"""Reads secrets through the Python template's secret.py and tells their lengths (never a value): as a handler, run by
the local cloud's Lambda runtime with the role's credentials it gives, or as a script."""
from secret import SecretError, secret


def line():
    try:
        secret("DENIED")
        denied = "read"
    except SecretError as error:
        denied = str(error)
    return f"db={len(secret('DB_PASSWORD'))} key={len(secret('SIGNING_KEY'))} denied={denied}"


def handler(event, context):
    return {"statusCode": 200, "body": line()}


if __name__ == "__main__":
    print(line())
