import unittest

from resilience import Backoff
from secret import SecretCache, SecretError, configured, retryable

SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"
PARAMETER_ARN = "arn:aws:ssm:us-east-1:123456789012:parameter/app/key"


class AwsError(Exception):
    """What botocore raises when the service answers with an error (ClientError's response shape)."""

    def __init__(self, code, status):
        super().__init__(code)
        self.response = {"Error": {"Code": code, "Message": "from the service"}, "ResponseMetadata": {"HTTPStatusCode": status}}


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


class Fetches:
    """An injected fetch: answers from `answers` in turn (an exception is raised), recording each ARN asked for."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.arns = []

    def __call__(self, arn):
        self.arns.append(arn)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


def cache(fetch, clock=None, sleeps=None, rand=lambda: 0.999999, **environ):
    environ = environ or {"DB_PASSWORD_SECRET_ARN": SECRET_ARN}
    return SecretCache(ttl_seconds=300, fetch=fetch, clock=clock or FakeClock(), environ=environ,
                       backoff=Backoff(base=0.1, cap=2.0, rand=rand), sleep=(sleeps if sleeps is not None else []).append)


class SecretCacheTest(unittest.TestCase):
    def test_one_fetch_within_the_ttl_and_a_new_one_after(self):
        clock, fetch = FakeClock(), Fetches("s3cr3t", "rotated")
        secrets = cache(fetch, clock)
        self.assertEqual(secrets.get("DB_PASSWORD"), "s3cr3t")
        clock.now = 299.9
        self.assertEqual(secrets.get("DB_PASSWORD"), "s3cr3t")
        self.assertEqual(fetch.arns, [SECRET_ARN])
        clock.now = 300.0
        self.assertEqual(secrets.get("DB_PASSWORD"), "rotated")
        self.assertEqual(fetch.arns, [SECRET_ARN, SECRET_ARN])

    def test_throttling_5xx_and_network_errors_are_retried_within_the_backoff_bounds(self):
        sleeps = []
        fetch = Fetches(AwsError("ThrottlingException", 400), AwsError("InternalServiceError", 500),
                        ConnectionError("reset"), "s3cr3t")
        self.assertEqual(cache(fetch, sleeps=sleeps).get("DB_PASSWORD"), "s3cr3t")
        self.assertEqual(len(fetch.arns), 4)
        # Full jitter: the delay before retry n is within [0, min(cap, base * 2^n)].
        self.assertEqual(len(sleeps), 3)
        for n, delay in enumerate(sleeps):
            self.assertTrue(0 <= delay <= min(2.0, 0.1 * 2**n), f"retry {n}: {delay}")

    def test_it_gives_up_after_its_attempts_naming_the_variable(self):
        fetch = Fetches(AwsError("ThrottlingException", 400))
        with self.assertRaises(SecretError) as raised:
            cache(fetch).get("DB_PASSWORD")
        self.assertEqual(len(fetch.arns), 4)
        self.assertIn("DB_PASSWORD_SECRET_ARN", str(raised.exception))

    def test_access_denied_and_not_found_fail_at_once_naming_the_variable(self):
        for code in ("AccessDeniedException", "ResourceNotFoundException", "ParameterNotFound"):
            sleeps, fetch = [], Fetches(AwsError(code, 400))
            with self.assertRaises(SecretError) as raised:
                cache(fetch, sleeps=sleeps).get("DB_PASSWORD")
            self.assertEqual((len(fetch.arns), sleeps), (1, []), code + " is not retried")
            self.assertIn("DB_PASSWORD_SECRET_ARN", str(raised.exception))
            self.assertIn(code, str(raised.exception))

    def test_a_missing_variable_says_how_to_configure_it(self):
        secrets = cache(Fetches("unused"), OTHER_SECRET_ARN=SECRET_ARN)
        self.assertFalse(configured("DB_PASSWORD", {}))
        with self.assertRaisesRegex(SecretError, r"DB_PASSWORD_SECRET_ARN is not set: add DB_PASSWORD to \[function.secrets]"):
            secrets.get("DB_PASSWORD")

    def test_one_key_of_a_json_secret_and_one_fetch_for_two_keys(self):
        fetch = Fetches('{"user": "ada", "password": "s3cr3t"}')
        secrets = cache(fetch, DB_USER_SECRET_ARN=SECRET_ARN + "#user", DB_PASSWORD_SECRET_ARN=SECRET_ARN + "#password")
        self.assertEqual((secrets.get("DB_USER"), secrets.get("DB_PASSWORD")), ("ada", "s3cr3t"))
        self.assertEqual(fetch.arns, [SECRET_ARN])
        missing = cache(fetch, DB_HOST_SECRET_ARN=SECRET_ARN + "#host")
        with self.assertRaisesRegex(SecretError, "DB_HOST_SECRET_ARN names the key 'host'") as raised:
            missing.get("DB_HOST")
        self.assertNotIn("s3cr3t", str(raised.exception), "the value never appears in an error")

    def test_an_ssm_parameter_arn_is_fetched_as_given(self):
        fetch = Fetches("p4r4m")
        self.assertEqual(cache(fetch, API_KEY_SECRET_ARN=PARAMETER_ARN).get("API_KEY"), "p4r4m")
        self.assertEqual(fetch.arns, [PARAMETER_ARN])

    def test_a_variable_that_is_not_an_arn_is_refused(self):
        with self.assertRaisesRegex(SecretError, "must hold a Secrets Manager secret ARN"):
            cache(Fetches("unused"), DB_PASSWORD_SECRET_ARN="db-password").get("DB_PASSWORD")

    def test_which_errors_are_retried(self):
        self.assertTrue(retryable(AwsError("TooManyRequestsException", 429)))
        self.assertTrue(retryable(TimeoutError("read timed out")))
        self.assertFalse(retryable(AwsError("AccessDeniedException", 400)))
        self.assertFalse(retryable(AwsError("DecryptionFailure", 400)))
        self.assertFalse(retryable(ValueError("a bug")))


if __name__ == "__main__":
    unittest.main()
