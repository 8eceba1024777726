import contextlib
import io
import json
import os
import pathlib
import types
import unittest
from unittest import mock

import handler
import secret

REQUEST_ID = "8f5b0c1e-2f7a-4c55-9d1e-0a6b3c2d1e00"


def invoke(event):
    """Call the handler with a fake context; return its response and the lines it printed."""
    context = types.SimpleNamespace(aws_request_id=REQUEST_ID)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        response = handler.handler(event, context)
    return response, out.getvalue().splitlines()


def query(**params):
    """A REST API request (payload format 1.0)."""
    return {"httpMethod": "GET", "path": "/hello", "queryStringParameters": params}


def url_query(method="GET", path="/", **params):
    """A function URL request (payload format 2.0); no queryStringParameters without a query string."""
    event = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "&".join(f"{k}={v}" for k, v in params.items()),
        "headers": {"host": "abc123.lambda-url.us-east-1.on.aws"},
        "requestContext": {"http": {"method": method, "path": path}},
        "isBase64Encoded": False,
    }
    if params:
        event["queryStringParameters"] = params
    return event


class HandlerTest(unittest.TestCase):
    def assert_error(self, response, fragment):
        self.assertEqual(response["statusCode"], 400)
        self.assertIn(fragment, json.loads(response["body"])["error"])

    def test_greets_by_name(self):
        response, _ = invoke(query(name="Ada"))
        self.assertEqual(response["statusCode"], 200)
        self.assertEqual(response["body"], '"Hello, Ada!"')

    def test_sample_event(self):
        sample = pathlib.Path(__file__).resolve().parent.parent / "events" / "hello.json"
        response, _ = invoke(json.loads(sample.read_text(encoding="utf-8")))
        self.assertEqual(response["statusCode"], 200)
        self.assertEqual(response["body"], '"Hello, World!"')

    def test_escapes_quotes_and_backslashes(self):
        name = 'Ada "the first" \\ Lovelace\n'
        response, _ = invoke(query(name=name))
        self.assertEqual(response["statusCode"], 200)
        self.assertEqual(json.loads(response["body"]), f"Hello, {name}!")

    def test_null_query_string_is_rejected(self):
        response, _ = invoke({"httpMethod": "GET", "queryStringParameters": None})
        self.assert_error(response, "required")

    def test_absent_query_string_is_rejected(self):
        response, _ = invoke({"httpMethod": "GET"})
        self.assert_error(response, "required")

    def test_missing_name_is_rejected(self):
        response, _ = invoke(query(other="x"))
        self.assert_error(response, "required")

    def test_empty_name_is_rejected(self):
        response, _ = invoke(query(name=""))
        self.assert_error(response, "required")

    def test_name_of_101_characters_is_rejected(self):
        response, _ = invoke(query(name="a" * 101))
        self.assert_error(response, "100")

    def test_name_of_100_characters_is_accepted(self):
        response, _ = invoke(query(name="a" * 100))
        self.assertEqual(response["statusCode"], 200)
        self.assertEqual(json.loads(response["body"]), "Hello, " + "a" * 100 + "!")

    def test_every_response_is_json(self):
        for event in (query(name="Ada"), query(name=""), {}):
            response, _ = invoke(event)
            self.assertEqual(response["headers"], {"Content-Type": "application/json"})
            json.loads(response["body"])

    def test_logs_one_json_line_with_request_id(self):
        _, lines = invoke(query(name="Ada"))
        self.assertEqual(len(lines), 1)
        entry = json.loads(lines[0])
        self.assertEqual(entry["requestId"], REQUEST_ID)
        self.assertEqual(entry["status"], 200)
        self.assertEqual(entry["nameLength"], 3)
        self.assertNotIn("Ada", lines[0])

    def test_greets_through_a_function_url(self):
        response, lines = invoke(url_query(name="Ada"))
        self.assertEqual(response["statusCode"], 200)
        self.assertEqual(response["body"], '"Hello, Ada!"')
        entry = json.loads(lines[0])
        self.assertEqual((entry["method"], entry["path"]), ("GET", "/"))

    def test_function_url_without_query_string_is_rejected(self):
        response, _ = invoke(url_query(method="POST", path="/greet"))
        self.assert_error(response, "required")

    def test_logs_the_method_and_path_of_either_shape(self):
        _, rest = invoke(query(name="Ada"))
        _, url = invoke(url_query(method="POST", path="/greet", name="Ada"))
        self.assertEqual((json.loads(rest[0])["method"], json.loads(rest[0])["path"]), ("GET", "/hello"))
        self.assertEqual((json.loads(url[0])["method"], json.loads(url[0])["path"]), ("POST", "/greet"))

    def test_logs_rejections_too(self):
        _, lines = invoke({})
        self.assertEqual(len(lines), 1)
        self.assertEqual(json.loads(lines[0])["status"], 400)

    def test_with_an_api_key_secret_callers_must_send_it(self):
        arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-key-AbCdEf"
        keys = secret.SecretCache(fetch={arn: "k3y"}.get, environ={"API_KEY_SECRET_ARN": arn})
        with mock.patch.dict(os.environ, {"API_KEY_SECRET_ARN": arn}), mock.patch.object(secret, "_default", keys):
            without, _ = invoke(query(name="Ada"))
            wrong, _ = invoke(dict(query(name="Ada"), headers={"x-api-key": "nope"}))
            right, _ = invoke(dict(query(name="Ada"), headers={"X-Api-Key": "k3y"}))
        self.assertEqual((without["statusCode"], wrong["statusCode"], right["statusCode"]), (401, 401, 200))
        self.assertNotIn("k3y", without["body"] + wrong["body"])


if __name__ == "__main__":
    unittest.main()
