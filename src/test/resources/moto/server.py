"""moto's server, also speaking the Smithy RPC v2 CBOR protocol, which the AWS SDK for Java v2 sends to CloudWatch
(its service model's first protocol) and moto does not parse. A CBOR request (POST /service/TARGET/operation/OP) is
handed to moto as the same operation in the JSON protocol, which CloudWatch's model also lists, and moto's JSON answer
goes back as CBOR, encoded by botocore's own CBOR serializer against the operation's output shape. Everything else
reaches moto unchanged. Run as `python3 server.py ARGS`, with moto.server's arguments."""
import io
import json
import re
import struct
import sys

import botocore.session
from botocore.parsers import BaseCBORParser
from botocore.serialize import RpcV2CBORSerializer
import moto.server as server

CBOR_PATH = re.compile(r"/service/([A-Za-z0-9_]+)/operation/([A-Za-z0-9_]+)")
SERVICES = {"GraniteServiceVersion20100801": "cloudwatch"}
_models = {}


def model(target):
    if target not in _models:
        _models[target] = botocore.session.get_session().get_service_model(SERVICES[target])
    return _models[target]


def text(value):
    data = value.encode("utf-8")
    n = len(data)
    head = bytes([0x60 + n]) if n < 24 else b"\x78" + bytes([n]) if n < 256 else b"\x79" + struct.pack(">H", n)
    return head + data


def to_json(value):
    if hasattr(value, "timestamp"):
        return value.timestamp()
    raise TypeError(f"cannot send {type(value).__name__} as JSON")


class CborToJson:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        match = CBOR_PATH.fullmatch(environ.get("PATH_INFO", ""))
        if not match or match.group(1) not in SERVICES:
            return self.app(environ, start_response)
        target, operation = match.groups()
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        parser = BaseCBORParser()
        params = parser.parse_data_item(parser.get_peekable_stream_from_bytes(body)) if body else {}
        payload = json.dumps(params, default=to_json).encode("utf-8")
        environ = dict(environ, PATH_INFO="/", CONTENT_TYPE="application/x-amz-json-1.0", CONTENT_LENGTH=str(len(payload)),
                       HTTP_X_AMZ_TARGET=target + "." + operation)
        environ["wsgi.input"] = io.BytesIO(payload)
        answer = {}

        def capture(status, headers, exc_info=None):
            answer["status"], answer["headers"] = status, headers
            return lambda data: None

        answered = b"".join(self.app(environ, capture))
        data = json.loads(answered) if answered.strip() else {}
        if int(answer["status"].split()[0]) >= 300:
            code = data.get("__type", "InternalFailure").split("#")[-1]
            message = data.get("message", data.get("Message", ""))
            encoded = b"\xa2" + text("__type") + text(code) + text("message") + text(message)
        else:
            output = model(target).operation_model(operation).output_shape
            out = bytearray()
            if output is None:
                out.extend(b"\xa0")
            else:
                RpcV2CBORSerializer()._serialize_data_item(out, data, output)
            encoded = bytes(out)
        kept = [(k, v) for k, v in answer["headers"] if k.lower() not in ("content-type", "content-length")]
        start_response(answer["status"], kept + [("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor"),
                                                 ("Content-Length", str(len(encoded)))])
        return [encoded]


plain = server.DomainDispatcherApplication
server.DomainDispatcherApplication = lambda create_app: CborToJson(plain(create_app))
server.main(sys.argv[1:])
