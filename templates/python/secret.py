"""Secrets from lamb.toml's [function.secrets]: read once per container, kept for a TTL, never in the environment.

For each NAME in [function.secrets], lamb deploy sets NAME_SECRET_ARN to where the secret lives: a Secrets Manager
secret's ARN (with "#key" after it for one key of a JSON secret) or an SSM parameter's ARN (a SecureString is
decrypted). The value is read here with the function's own role, through boto3, which Lambda's Python runtimes
provide; throttling, 5xx answers and network errors are retried with resilience.py's backoff.

    from secret import secret

    def handler(event, context):
        password = secret("DB_PASSWORD")   # fetched on the first call, then served from memory for 5 minutes
"""

import json
import os
import time

from resilience import Backoff, retry

DEFAULT_TTL_SECONDS = 300.0
ATTEMPTS = 4
# Error codes of Secrets Manager and SSM that mean "slow down", so a later try may succeed.
THROTTLING = {"ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded"}
# botocore's network failures (EndpointConnectionError, ReadTimeoutError, ...) and Python's own.
NETWORK = {"ConnectionError", "HTTPClientError", "TimeoutError"}


class SecretError(Exception):
    """A secret that cannot be read; the message names its variable and says why, never the value."""


def variable(name):
    """The environment variable through which the function finds the secret it calls `name`."""
    return name + "_SECRET_ARN"


def configured(name, environ=os.environ):
    """Whether lamb.toml's [function.secrets] gives the function a secret called `name`."""
    return bool(environ.get(variable(name)))


def retryable(error):
    """Throttling, a 5xx answer or a network failure: worth another try. AccessDenied, not found: not."""
    response = getattr(error, "response", None)
    if isinstance(response, dict):  # botocore's ClientError: the service answered
        code = response.get("Error", {}).get("Code", "")
        status = response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        return code in THROTTLING or status == 429 or status >= 500
    return any(cls.__name__ in NETWORK for cls in type(error).__mro__)


_clients = {}


def aws_fetch(arn):
    """The secret at `arn`, read through boto3 with its own retries off, so that the backoff here is the only one."""
    service, region = arn.split(":")[2:4]
    client = _clients.get((service, region))
    if client is None:
        import boto3
        from botocore.config import Config

        client = boto3.client(service, region_name=region, config=Config(retries={"total_max_attempts": 1}))
        _clients[(service, region)] = client
    if service == "ssm":
        return client.get_parameter(Name=arn, WithDecryption=True)["Parameter"]["Value"]
    answer = client.get_secret_value(SecretId=arn)
    return answer["SecretString"] if "SecretString" in answer else answer["SecretBinary"]


class SecretCache:
    """Values by ARN, each fetched again once `ttl_seconds` have passed. Keep one at module level, so that it lives as
    long as the warm instance; fetch, clock, environment and sleep are injected by tests."""

    def __init__(self, ttl_seconds=DEFAULT_TTL_SECONDS, fetch=aws_fetch, clock=time.monotonic, environ=os.environ,
                 attempts=ATTEMPTS, backoff=None, sleep=time.sleep):
        self.ttl_seconds = ttl_seconds
        self.fetch = fetch
        self.clock = clock
        self.environ = environ
        self.attempts = attempts
        self.backoff = backoff or Backoff()
        self.sleep = sleep
        self._entries = {}  # ARN -> (value, expiry)

    def get(self, name):
        reference = self.environ.get(variable(name), "")
        if not reference:
            raise SecretError(f"{variable(name)} is not set: add {name} to [function.secrets] in lamb.toml, "
                              "then run lamb deploy")
        arn, _, key = reference.partition("#")
        parts = arn.split(":", 5)
        if len(parts) != 6 or parts[0] != "arn" or not (parts[2] == "secretsmanager" and parts[5].startswith("secret:")
                                                      or parts[2] == "ssm" and parts[5].startswith("parameter")):
            raise SecretError(f"{variable(name)} must hold a Secrets Manager secret ARN (with #key for one key of a "
                              f"JSON secret) or an SSM parameter ARN, not {reference!r}")
        now = self.clock()
        entry = self._entries.get(arn)
        if entry is None or now >= entry[1]:
            try:
                value = retry(lambda: self.fetch(arn), self.attempts, self.backoff, self.sleep, retryable)
            except Exception as error:
                raise SecretError(f"cannot read {name} ({variable(name)} = {arn}): {describe(error)}") from error
            entry = (value, now + self.ttl_seconds)
            self._entries[arn] = entry
        return pick(name, entry[0], key)


def pick(name, value, key):
    """The whole value, or one key of it when the reference names one."""
    if not key:
        return value
    try:
        document = json.loads(value)
    except ValueError:
        document = None
    if not isinstance(document, dict) or key not in document:
        raise SecretError(f"{variable(name)} names the key {key!r}, which the secret (a JSON object?) does not have")
    return document[key]


def describe(error):
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        return f"{response.get('Error', {}).get('Code')}: {response.get('Error', {}).get('Message')}"
    return f"{type(error).__name__}: {error}"


_default = SecretCache()


def secret(name):
    """The value of the secret lamb.toml's [function.secrets] calls `name`, fetched at most once per TTL."""
    return _default.get(name)
