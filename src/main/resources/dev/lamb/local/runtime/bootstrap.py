"""lamb's Lambda runtime for Python: a Runtime API client that behaves like AWS's (awslambdaric).

Started by lamb's local engine as `python3 bootstrap.py` with the Lambda environment (_HANDLER,
AWS_LAMBDA_RUNTIME_API, LAMBDA_TASK_ROOT...). It imports the handler, then loops: get the next event,
call the handler, post the result or the error. Standard library only, and kept cheap to start and
to run: the HTTP client is a few lines over one kept-alive socket (http.client alone costs more to
import than the rest of this file), and nothing is imported per invocation.
"""

import json
import logging
import os
import sys
import time

import _socket

_API = "/2018-06-01/runtime/"
_EXECUTION_ENV = os.environ.get("AWS_EXECUTION_ENV", "")
_LOG_FORMAT = (os.environ.get("AWS_LAMBDA_LOG_FORMAT") or "TEXT").upper()
_LOG_LEVEL = {"TRACE": "DEBUG"}.get((os.environ.get("AWS_LAMBDA_LOG_LEVEL") or "").upper(),
                                   (os.environ.get("AWS_LAMBDA_LOG_LEVEL") or "").upper())

_request_id = None  # the invocation in progress, for the log records
_tenant_id = None


# --- The Runtime API client ------------------------------------------------------------------------

_QUICKACK = getattr(_socket, "TCP_QUICKACK", None)  # Linux only


class RuntimeApiError(Exception):
    pass


class RuntimeClient:
    """HTTP/1.1 over one persistent connection to AWS_LAMBDA_RUNTIME_API, with no timeout."""

    def __init__(self, address):
        # host:port, and a path the engine may put after it (its per-instance token): paths are appended to it.
        authority, _, base = address.partition("/")
        host, _, port = authority.rpartition(":")
        self.address = (host or "127.0.0.1", int(port))
        self.host_header = authority.encode("latin-1")
        self.base = "/" + base.strip("/") if base.strip("/") else ""
        self.sock = None
        self.buffer = b""
        self.answered = False

    def _connect(self):
        sock = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
        sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
        sock.connect(self.address)
        self.sock = sock
        self.buffer = b""

    def _close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
        self.sock = None
        self.buffer = b""

    def request(self, method, path, body=None, headers=None):
        head = [method.encode("ascii"), b" ", (self.base + path).encode("utf-8"), b" HTTP/1.1\r\nHost: ", self.host_header,
                b"\r\nUser-Agent: lamb-python-runtime\r\n"]
        if headers:
            for name, value in headers.items():
                head.append(("%s: %s\r\n" % (name, value)).encode("latin-1", "replace"))
        if body is not None:
            head.append(b"Content-Length: %d\r\n" % len(body))
        head.append(b"\r\n")
        data = b"".join(head) + body if body is not None else b"".join(head)
        # A kept-alive connection may have been closed by the server while the handler ran; a request
        # that got no answer at all is then sent once more on a new connection.
        for attempt in (0, 1):
            fresh = self.sock is None
            if fresh:
                self._connect()
            self.answered = False
            try:
                self.sock.sendall(data)
                return self._response()
            except (ConnectionError, RuntimeApiError):
                self._close()
                if fresh or attempt or self.answered:
                    raise
        raise RuntimeApiError("unreachable")

    def _recv(self):
        if _QUICKACK is not None:
            # Acknowledge at once: a server that writes a response's head and body apart (and waits
            # for the first to be acknowledged) would otherwise stall on delayed ACKs, 40 ms a time.
            self.sock.setsockopt(_socket.IPPROTO_TCP, _QUICKACK, 1)
        # 64 KB: a larger buffer is mmap'ed, shrunk and unmapped by malloc on every call (three system calls
        # and a page fault per read); big events just take more reads.
        chunk = self.sock.recv(65536)
        if not chunk:
            raise RuntimeApiError("connection closed")
        self.answered = True
        return chunk

    def _fill(self):
        self.buffer += self._recv()

    def _take(self, length):
        """The next length bytes; large bodies (events up to 6 MB) are joined once, not grown."""
        if len(self.buffer) < length:
            parts = [self.buffer]
            have = len(self.buffer)
            while have < length:
                chunk = self._recv()
                parts.append(chunk)
                have += len(chunk)
            self.buffer = b"".join(parts)
        data, self.buffer = self.buffer[:length], self.buffer[length:]
        return data

    def _response(self):
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end >= 0:
                break
            self._fill()
        head = self.buffer[:end].decode("latin-1").split("\r\n")
        self.buffer = self.buffer[end + 4:]
        try:
            status = int(head[0].split(" ", 2)[1])
        except (IndexError, ValueError):
            raise RuntimeApiError("bad status line: %r" % head[0])
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = self._chunked()
        else:
            body = self._take(int(headers.get("content-length") or 0))
        if headers.get("connection", "").lower() == "close":
            self._close()
        return status, headers, body

    def _chunked(self):
        parts = []
        while True:
            while b"\r\n" not in self.buffer:
                self._fill()
            line, self.buffer = self.buffer.split(b"\r\n", 1)
            size = int(line.split(b";", 1)[0], 16)
            if size == 0:
                # trailers, if any, then an empty line
                while True:
                    while b"\r\n" not in self.buffer:
                        self._fill()
                    line, self.buffer = self.buffer.split(b"\r\n", 1)
                    if not line:
                        return b"".join(parts)
            parts.append(self._take(size))
            self._take(2)

    def next(self):
        status, headers, body = self.request("GET", _API + "invocation/next")
        if status != 200:
            raise RuntimeApiError("next returned %d: %r" % (status, body[:200]))
        return headers, body

    def post_result(self, request_id, body, content_type):
        _flush()
        return self.request("POST", _API + "invocation/" + request_id + "/response", body,
                            {"Content-Type": content_type})

    def post_error(self, request_id, error, error_type):
        _flush()
        return self.request("POST", _API + "invocation/" + request_id + "/error", _to_json(error).encode("utf-8"),
                            {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": error_type})

    def post_init_error(self, error):
        _flush()
        return self.request("POST", _API + "init/error", _to_json(error).encode("utf-8"),
                            {"Content-Type": "application/json",
                             "Lambda-Runtime-Function-Error-Type": error.get("errorType") or "Runtime.Unknown"})


def _flush():
    # The engine reads the invocation's log up to the moment of the post.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


# --- JSON, as the Lambda marshaller writes it ------------------------------------------------------

def _runtime_at_least(major, minor):
    version = _EXECUTION_ENV.rpartition("python")[2]
    try:
        got = tuple(int(p) for p in version.split(".")[:2])
    except ValueError:
        got = sys.version_info[:2]
    return got >= (major, minor)


def _json_default(obj):
    decimal = sys.modules.get("decimal")  # only loaded if the function uses it
    if decimal is not None and isinstance(obj, decimal.Decimal):
        return float(obj)
    raise TypeError("Object of type %s is not JSON serializable" % type(obj).__name__)


# Python 3.12 and later runtimes return unicode as is; earlier ones escape it.
_ENCODER = json.JSONEncoder(default=_json_default, ensure_ascii=not _runtime_at_least(3, 12))


def _to_json(obj):
    return _ENCODER.encode(obj)


# --- Errors ----------------------------------------------------------------------------------------

class FaultException(Exception):
    def __init__(self, exception_type, msg, trace=None):
        super().__init__(msg)
        self.exception_type = exception_type
        self.msg = msg
        self.trace = trace


def _make_error(message, error_type, stack_trace, request_id=None):
    return {
        "errorMessage": message if message else "",
        "errorType": error_type if error_type else "",
        "requestId": request_id if request_id is not None else "",
        "stackTrace": stack_trace if stack_trace else [],
    }


def _fault_result(exc_info, request_id=None):
    import traceback  # only when something failed

    etype, value, tb = exc_info
    frames = [(f.filename, f.lineno, f.name, f.line) for f in traceback.extract_tb(tb)]
    for i in range(len(frames)):
        if frames[i][0] != __file__:  # the user's frames start after the bootstrap's
            frames = frames[i:]
            break
    return _make_error(str(value), etype.__name__, traceback.format_list(frames), request_id)


def _log_error(error):
    if _LOG_FORMAT == "JSON":
        record = {"timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()), "level": "ERROR"}
        record.update(error)
        sys.stdout.write(_to_json(record) + "\n")
        return
    description = "[ERROR]"
    if error.get("errorType"):
        description += " " + error["errorType"]
    if error.get("errorMessage"):
        if error.get("errorType"):
            description += ":"
        description += " " + error["errorMessage"]
    lines = [description]
    stack = error.get("stackTrace")
    if stack is not None:
        lines.append("Traceback (most recent call last):")
        for element in stack:
            lines.extend(element.splitlines() if element else [""])
    sys.stdout.write("\n".join(lines) + "\n")


# --- Logging, as the Lambda Python runtime sets it up ----------------------------------------------

class LambdaLoggerHandler(logging.Handler):
    def emit(self, record):
        try:
            sys.stdout.write(self.format(record))
        except Exception:
            self.handleError(record)


class LambdaLoggerFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _request_id or ""
        record.tenant_id = _tenant_id
        return True


_RESERVED = frozenset((
    "name", "msg", "args", "levelname", "levelno", "pathname", "filename", "module", "exc_info", "exc_text",
    "stack_info", "lineno", "funcName", "created", "msecs", "relativeCreated", "thread", "threadName",
    "processName", "process", "aws_request_id", "tenant_id", "_frame_type",
))


class JsonFormatter(logging.Formatter):
    """AWS's JSON application log records (LogFormat JSON)."""

    def formatTime(self, record, datefmt=None):
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + ".%03dZ" % int(record.msecs)

    def format(self, record):
        record.levelno = min(50, max(0, record.levelno)) // 10 * 10
        record.levelname = logging.getLevelName(record.levelno)
        result = {
            "timestamp": self.formatTime(record),
            "level": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
        }
        if record.exc_info:
            import traceback

            etype, value, tb = record.exc_info
            result["stackTrace"] = traceback.format_tb(tb)
            result["errorType"] = etype.__name__
            result["errorMessage"] = str(value)
        result["requestId"] = getattr(record, "aws_request_id", None)
        if record.exc_info:
            result["location"] = "%s:%s:%d" % (record.pathname, record.funcName, record.lineno)
        if getattr(record, "tenant_id", None) is not None:
            result["tenantId"] = record.tenant_id
        for key, value in record.__dict__.items():
            if key not in _RESERVED and key not in result:
                result[key] = value
        result = {k: v for k, v in result.items() if v is not None}
        return json.dumps(result, default=str, ensure_ascii=False) + "\n"


def _setup_logging():
    logging.Formatter.converter = time.gmtime
    handler = LambdaLoggerHandler()
    if _LOG_FORMAT == "JSON":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(
            "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S"))
    handler.addFilter(LambdaLoggerFilter())
    root = logging.getLogger()
    if _LOG_LEVEL in logging._nameToLevel:
        root.setLevel(_LOG_LEVEL)
    elif _LOG_FORMAT == "JSON":
        root.setLevel(logging.INFO)  # JSON logging defaults to INFO
    root.addHandler(handler)


# --- The context object ----------------------------------------------------------------------------

class CognitoIdentity(object):
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]

    def __init__(self, identity=None):
        identity = identity or {}
        self.cognito_identity_id = identity.get("cognitoIdentityId")
        self.cognito_identity_pool_id = identity.get("cognitoIdentityPoolId")

    def __repr__(self):
        return "CognitoIdentity([cognito_identity_id=%s,cognito_identity_pool_id=%s])" % (
            self.cognito_identity_id, self.cognito_identity_pool_id)


class Client(object):
    __slots__ = ["installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name"]

    def __repr__(self):
        return "Client([%s])" % ",".join("%s=%s" % (f, getattr(self, f)) for f in self.__slots__)


class ClientContext(object):
    __slots__ = ["custom", "env", "client"]

    def __repr__(self):
        return "ClientContext([custom=%s,env=%s,client=%s])" % (self.custom, self.env, self.client)


def _from_dict(cls, values):
    if values is None:
        return None
    obj = cls()
    for field in cls.__slots__:
        setattr(obj, field, values.get(field))
    return obj


_FUNCTION_NAME = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
_FUNCTION_VERSION = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
# A string, as in AWS's runtime (it comes from the environment unchanged).
_MEMORY_SIZE = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
_LOG_GROUP = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
_LOG_STREAM = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")


class LambdaContext(object):
    def __init__(self, invoke_id, client_context, cognito_identity, epoch_deadline_time_in_ms,
                 invoked_function_arn=None, tenant_id=None):
        self.aws_request_id = invoke_id
        self.log_group_name = _LOG_GROUP
        self.log_stream_name = _LOG_STREAM
        self.function_name = _FUNCTION_NAME
        self.memory_limit_in_mb = _MEMORY_SIZE
        self.function_version = _FUNCTION_VERSION
        self.invoked_function_arn = invoked_function_arn
        self.tenant_id = tenant_id
        self.client_context = _from_dict(ClientContext, client_context)
        if self.client_context is not None:
            self.client_context.client = _from_dict(Client, self.client_context.client)
        self.identity = CognitoIdentity(cognito_identity)
        self._epoch_deadline_time_in_ms = epoch_deadline_time_in_ms

    def get_remaining_time_in_millis(self):
        delta_ms = self._epoch_deadline_time_in_ms - int(time.time() * 1000)
        return delta_ms if delta_ms > 0 else 0

    def log(self, msg):
        sys.stdout.write(str(msg))

    def __repr__(self):
        return ("LambdaContext([aws_request_id=%s,log_group_name=%s,log_stream_name=%s,function_name=%s,"
                "memory_limit_in_mb=%s,function_version=%s,invoked_function_arn=%s,client_context=%s,identity=%s,"
                "tenant_id=%s])" % (self.aws_request_id, self.log_group_name, self.log_stream_name,
                                    self.function_name, self.memory_limit_in_mb, self.function_version,
                                    self.invoked_function_arn, self.client_context, self.identity, self.tenant_id))


def _json_header(value, name):
    try:
        return json.loads(value)
    except Exception as e:
        raise FaultException("Runtime.LambdaContextUnmarshalError", "Unable to parse %s JSON: %s" % (name, e))


# --- Loading the handler ---------------------------------------------------------------------------

def _get_handler(handler):
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (handler, e))
    try:
        if modname.split(".")[0] in sys.builtin_module_names:
            raise FaultException("Runtime.BuiltInModuleConflict",
                                 "Cannot use built-in module %s as a handler module" % modname)
        import importlib

        module = importlib.import_module(modname.replace("/", "."))
    except ImportError as e:
        raise FaultException("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (modname, e))
    except SyntaxError as e:
        raise FaultException("Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (modname, e),
                             ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)])
    try:
        return getattr(module, fname)
    except AttributeError:
        raise FaultException("Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (fname, modname))


# --- The invoke loop -------------------------------------------------------------------------------

def _handle(client, handler, headers, body):
    global _request_id, _tenant_id
    request_id = headers.get("lambda-runtime-aws-request-id", "")
    _request_id = request_id
    _tenant_id = headers.get("lambda-runtime-aws-tenant-id")
    trace_id = headers.get("lambda-runtime-trace-id")
    if trace_id:
        os.environ["_X_AMZN_TRACE_ID"] = trace_id
    elif "_X_AMZN_TRACE_ID" in os.environ:
        del os.environ["_X_AMZN_TRACE_ID"]
    error = None
    try:
        client_context = headers.get("lambda-runtime-client-context")
        identity = headers.get("lambda-runtime-cognito-identity")
        context = LambdaContext(
            request_id,
            _json_header(client_context, "Client Context") if client_context else None,
            _json_header(identity, "Cognito Identity") if identity else None,
            int(headers.get("lambda-runtime-deadline-ms") or 0),
            headers.get("lambda-runtime-invoked-function-arn"),
            _tenant_id)
        content_type = headers.get("content-type", "application/json")
        if content_type == "application/json":
            try:
                event = json.loads(body)
            except Exception as e:
                raise FaultException("Runtime.UnmarshalError", "Unable to unmarshal input: %s" % e)
        else:
            event = body
        response = handler(event, context)
        if isinstance(response, bytes):
            result, result_type = response, "application/unknown"
        else:
            try:
                result, result_type = _to_json(response).encode("utf-8"), "application/json"
            except Exception as e:
                raise FaultException("Runtime.MarshalError", "Unable to marshal response: %s" % e)
    except FaultException as e:
        error = _make_error(e.msg, e.exception_type, e.trace, request_id)
        error_type = e.exception_type
    except Exception:
        error = _fault_result(sys.exc_info(), request_id)
        error_type = "Unhandled"
    if error is None:
        client.post_result(request_id, result, result_type)
    else:
        _log_error(error)
        client.post_error(request_id, error, error_type)


def main():
    global _request_id
    task_root = os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd()
    # The task root comes first on the path, as in Lambda; the runtime's own folder is not on it.
    sys.path[:] = [task_root] + [p for p in sys.path[1:] if p != task_root]
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(write_through=True)
        except Exception:
            pass
    client = RuntimeClient(os.environ["AWS_LAMBDA_RUNTIME_API"])
    try:
        _setup_logging()
        handler = _get_handler(os.environ.get("_HANDLER", ""))
    except FaultException as e:
        error = _make_error(e.msg, e.exception_type, e.trace)
    except Exception:
        error = _fault_result(sys.exc_info())
    else:
        error = None
    if error is not None:
        _log_error(error)
        try:
            client.post_init_error(error)
        except (OSError, RuntimeApiError):
            pass
        sys.exit(1)

    while True:
        try:
            headers, body = client.next()
        except (OSError, RuntimeApiError):
            # The engine stopped this instance.
            sys.exit(0)
        _handle(client, handler, headers, body)
        _request_id = None


if __name__ == "__main__":
    main()
