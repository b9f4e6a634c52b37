"""The one exception tree of every modelruns client.

``APIError`` is the root. A non-2xx answer becomes an ``APIStatusError`` subclass chosen by
status (and, where the provider names its errors, by name); transport failures become
``APIConnectionError``/``APITimeoutError``; a 2xx body that breaks the spec becomes
``ResponseValidationError``, and a body whose ``Content-Encoding`` does not decode (a broken
gzip) its subclass ``ResponseDecodingError``; a body larger than the client allows becomes
``ResponseTooLargeError``; a server that makes pagination loop becomes ``PaginationError``; a
wait for a run that ends at its timeout ``WaitTimeoutError`` (with the last run seen), a run a
waiter cannot find ``RunNotFoundError``.

The request and response an error keeps (``error.request``, ``error.response``) are copies with
every credential masked (``masked_request``/``masked_response``): credential headers, the
query, the URL's userinfo, and any echo of a known secret in headers or body. The engine puts
its client's secrets on each request it sends (``SECRETS_EXTENSION``), so every error built
from that request or its response masks them, wherever it is raised. Every error pickles with
its class and fields (the masked copies, never a secret).
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import quote

import httpx

from modelruns._secrets import (
    CREDENTIAL_HEADERS,
    CREDENTIAL_PARAMS,
    mask_bytes,
    mask_secrets,
    mask_value,
)

__all__ = [
    "SECRETS_EXTENSION",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "MissingCredentialsError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseDecodingError",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "RunNotFoundError",
    "WaitTimeoutError",
    "mask_secrets",
    "mask_value",
    "masked_request",
    "masked_response",
    "one_line",
    "status_error_from_response",
]

#: Longest raw body kept on an error (``raw_body``).
MAX_RAW_BODY = 2000
#: Longest server message shown on an error's one line.
MAX_MESSAGE = 300

#: The request extension where the engine puts its client's secrets (``masked_request``).
SECRETS_EXTENSION = "modelruns.secrets"
# Marks a copy made by masked_request/masked_response (masking it again would change nothing).
_MASKED = "modelruns.masked"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9._-]*")
_SIGNATURE = re.compile(r"(?i)\bsignature=([^,;\s]+)")
_CREDENTIAL_PARAM = re.compile(r"([?&])([^=&#]*)=([^&#]*)")


def _sent_credentials(request: httpx.Request) -> list[str]:
    """The credentials on ``request``'s own headers, which a server may echo: each credential
    header's value, the part after its scheme, and any ``Signature=`` in it (ACS3)."""
    found = []
    for name in CREDENTIAL_HEADERS:
        for value in request.headers.get_list(name):
            found += [value, value.partition(" ")[2], *_SIGNATURE.findall(value)]
    return [value for value in found if value]


def _known_secrets(request: httpx.Request, secrets: Iterable[str]) -> tuple[str, ...]:
    known = (*secrets, *request.extensions.get(SECRETS_EXTENSION, ()), *_sent_credentials(request))
    # A secret in a URL may be percent-encoded.
    return tuple({*known, *(quote(s, safe="") for s in known)})


def _masked_headers(
    headers: httpx.Headers, secrets: tuple[str, ...], whole: frozenset[str] = CREDENTIAL_HEADERS
) -> httpx.Headers:
    masked = []
    for raw_name, raw_value in headers.raw:
        value = raw_value.decode("latin-1")
        if raw_name.decode("latin-1").lower() in whole:
            scheme, space, rest = value.partition(" ")
            value = f"{scheme} ***" if space and rest and _SCHEME.fullmatch(scheme) else "***"
        else:
            value = mask_secrets(value, secrets)
        masked.append((raw_name, value.encode("latin-1", "replace")))
    return httpx.Headers(masked)


def _masked_url(url: httpx.URL, secrets: tuple[str, ...]) -> httpx.URL:
    def param(match: re.Match[str]) -> str:
        name = match.group(2)
        if name.lower().replace("-", "_") in CREDENTIAL_PARAMS:
            return f"{match.group(1)}{name}=***"
        return match.group(0)

    text = mask_secrets(str(url), secrets)
    text = _CREDENTIAL_PARAM.sub(param, text)
    try:
        return httpx.URL(text)
    except httpx.InvalidURL:  # masking broke it: keep only where it went
        return httpx.URL(scheme=url.scheme, host=url.host, port=url.port, path=url.path)


def masked_request(
    request: httpx.Request, secrets: Iterable[str] = (), masked_headers: Iterable[str] = ()
) -> httpx.Request:
    """A copy of ``request`` safe to keep on an error or show: no credential left in it.

    Credential headers (``CREDENTIAL_HEADERS``, and ``masked_headers``: those a client's auth
    sets, but ``host``) keep only their scheme (``Bearer ***``); the
    URL loses its userinfo and the values of credential query parameters; every known secret
    (``secrets``, and those the engine put in its ``SECRETS_EXTENSION``) and anything shaped
    like one is masked in the other headers, the URL and the body.
    """
    if request.extensions.get(_MASKED):
        return request
    known = _known_secrets(request, secrets)
    try:
        content = request.content
    except httpx.RequestNotRead:  # a streamed body: not kept
        content = b""
    masked = httpx.Request(
        request.method,
        _masked_url(request.url, known),
        content=mask_bytes(content, known),
        extensions={_MASKED: True},
    )
    whole = CREDENTIAL_HEADERS | ({name.lower() for name in masked_headers} - {"host"})
    masked.headers = _masked_headers(request.headers, known, whole)
    return masked


def masked_response(response: httpx.Response, secrets: Iterable[str] = ()) -> httpx.Response:
    """A copy of ``response`` (and of its request) with every credential masked, as
    ``masked_request`` masks one: a server that echoes a token keeps none on an error."""
    if response.extensions.get(_MASKED):
        return response
    request = _request_of(response)
    if request is not None:
        known = _known_secrets(request, secrets)
        request = masked_request(request, secrets)
    else:
        known = tuple(secrets)
    try:
        content = response.content
    except httpx.ResponseNotRead:  # a body that could not be read (a broken encoding)
        content = b""
    extensions: dict[str, Any] = {
        key: response.extensions[key]
        for key in ("http_version", "reason_phrase")
        if key in response.extensions
    }
    masked = httpx.Response(
        response.status_code,
        content=mask_bytes(content, known),
        request=request,
        extensions={**extensions, _MASKED: True},
        default_encoding=response.default_encoding,
    )
    # Set after the body is in: the copy's body is already decoded (no Content-Encoding step).
    masked.headers = _masked_headers(response.headers, known)
    with contextlib.suppress(RuntimeError):
        masked.elapsed = response.elapsed
    return masked


def _request_of(response: httpx.Response) -> httpx.Request | None:
    try:
        return response.request
    except RuntimeError:  # a response built without one
        return None


def _rebuild_error(cls: type[APIError], args: tuple[Any, ...]) -> APIError:
    """Unpickle an error (``APIError.__reduce__``): its class, its args; the state follows."""
    error = cls.__new__(cls, *args)
    error.args = args
    return error


class MissingCredentialsError(ValueError):
    """A client was built without a credential it needs (neither keyword nor environment).

    ``missing`` holds each missing credential's keyword and environment variables, so a
    command line can name its own flags instead (`describe`).
    """

    def __init__(
        self, client: str, missing: tuple[tuple[str, tuple[str, ...]], ...], *, any_of: bool
    ) -> None:
        self.client = client
        self.missing = missing
        self.any_of = any_of
        super().__init__(f"{client}: {self.describe()}")

    def describe(self, flag: Callable[[str], str] | None = None) -> str:
        """What is missing, each credential as ``flag(keyword)`` (Python's ``keyword=`` if None)."""
        described = "; ".join(
            f"pass {keyword}= or set {' or '.join(env)}"
            if flag is None
            else f"give {flag(keyword)} or set {' or '.join(env)}"
            for keyword, env in self.missing
        )
        joiner = "one of these credentials" if self.any_of else "credentials"
        return f"missing {joiner}: {described}"


class APIError(Exception):
    """Root of every error a modelruns client raises.

    ``request`` is the request that failed, with its credentials masked (``masked_request``).
    """

    message: str
    request: httpx.Request | None

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = None if request is None else masked_request(request)

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's own reduce calls the class with args alone, which the subclasses' keyword
        # arguments (a status error's response) cannot be: rebuild without __init__ instead.
        return (_rebuild_error, (type(self), self.args), self.__dict__.copy())


class APIConnectionError(APIError):
    """The request could not be sent or its answer not received."""

    def __init__(
        self, message: str = "Connection error.", *, request: httpx.Request | None = None
    ) -> None:
        super().__init__(message, request=request)


class APITimeoutError(APIConnectionError):
    """The request timed out."""

    def __init__(
        self, message: str = "Request timed out.", *, request: httpx.Request | None = None
    ) -> None:
        super().__init__(message, request=request)


class ResponseValidationError(APIError):
    """A 2xx body does not match the spec; ``path`` is the JSON path of the bad field."""

    path: str
    response: httpx.Response | None

    def __init__(
        self, message: str, *, path: str = "$", response: httpx.Response | None = None
    ) -> None:
        masked = None if response is None else masked_response(response)
        super().__init__(message, request=None if masked is None else _request_of(masked))
        self.path = path
        self.response = masked


class ResponseDecodingError(ResponseValidationError):
    """The body's ``Content-Encoding`` (gzip, deflate, ...) does not decode: the bytes are broken.

    Of any status: ``response`` carries the status and headers, not the body (which could not
    be read). A subclass of ``ResponseValidationError``, as every body the SDK cannot decode is;
    never retried (the server sent it whole, and would send it again).
    """

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(message, response=response)
        if request is not None:
            self.request = masked_request(request)


class ResponseTooLargeError(APIError):
    """The response body is larger than the client's ``max_response_size`` (``limit``)."""

    limit: int

    def __init__(self, message: str, *, request: httpx.Request | None = None, limit: int) -> None:
        super().__init__(message, request=request)
        self.limit = limit


class PaginationError(APIError):
    """The server's pagination cannot advance (a repeated token, a page that goes nowhere)."""


class WaitTimeoutError(APIError):
    """A wait for a run ended at its ``timeout`` before the run reached a final state.

    ``last`` is the last run the wait read (the generated model; ``None`` when no poll
    succeeded), ``run_id`` the run waited for, ``timeout`` the wait's bound in seconds.
    """

    # Defaults, so that unpickling (which passes the message alone) restores the rest.
    def __init__(
        self, message: str, *, run_id: str = "", timeout: float = 0.0, last: Any = None
    ) -> None:
        super().__init__(message)
        self.run_id = run_id
        self.timeout = timeout
        self.last = last


class RunNotFoundError(APIError):
    """A waiter could not find the run: it is not where the spec says runs are read.

    Raised when a run that a list is searched for (Foundry has no get-run operation) is not
    among the pages the waiter reads, once the wait's grace for a new run has passed.
    ``run_id`` is the run looked for.
    """

    def __init__(self, message: str, *, run_id: str = "") -> None:
        super().__init__(message)
        self.run_id = run_id


class APIStatusError(APIError):
    """The server answered with a non-2xx status.

    ``str(error)`` is one line: the status, the provider's error name or textual code, and
    what the server said. ``message`` is what the server said alone (its JSON message, the
    first line of a text body, an HTML page's title, else the status's reason phrase).
    ``code`` is the provider's error code (Foundry ``errorCode``, PAI ``Code``, NSML
    ``errorCode``, Data Platform ``code``; ``None`` when it only repeats the HTTP status),
    ``name`` the provider's error name where it has one (Foundry ``errorName``), ``parameters``
    the error's parameters, ``body`` the whole body (decoded JSON, else its text) and
    ``raw_body`` the body text, truncated. Known secrets and credential-shaped text are masked
    in all of them.
    """

    status: int
    code: str | None
    name: str | None
    request_id: str | None
    parameters: Mapping[str, Any]
    body: Any
    raw_body: str
    response: httpx.Response

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any = None,
        raw_body: str = "",
        code: str | None = None,
        name: str | None = None,
        request_id: str | None = None,
        parameters: Mapping[str, Any] | None = None,
        server_message: str | None = None,
    ) -> None:
        response = masked_response(response)
        super().__init__(message, request=response.request)
        if server_message is not None:
            self.message = server_message
        self.status = response.status_code
        self.response = response
        self.body = body
        self.raw_body = raw_body
        self.code = code
        self.name = name
        self.request_id = request_id
        self.parameters = dict(parameters or {})

    @property
    def status_code(self) -> int:
        """Alias of ``status``."""
        return self.status


class BadRequestError(APIStatusError):
    """400."""


class AuthenticationError(APIStatusError):
    """401."""


class PermissionDeniedError(APIStatusError):
    """403."""


class NotFoundError(APIStatusError):
    """404."""


class ConflictError(APIStatusError):
    """409."""


class RateLimitError(APIStatusError):
    """429."""


class InternalServerError(APIStatusError):
    """500 and above (including non-standard codes such as 520)."""


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}

# Where the four providers put each error field (NSML nests them under "error").
_CODE_KEYS = ("errorCode", "Code", "code", "ErrorCode", "error_code")
_NAME_KEYS = ("errorName",)
_MESSAGE_KEYS = (
    "message",
    "Message",
    "errorMessage",
    "ErrorMessage",
    "error_message",
    "error_description",
    "detail",
    "title",
    "msg",
)
_REQUEST_ID_KEYS = ("errorInstanceId", "RequestId", "requestId", "request_id")
_REQUEST_ID_HEADERS = ("x-request-id", "x-acs-request-id", "x-ncp-trace-id", "request-id")


def status_class(status: int) -> type[APIStatusError]:
    """The exception class of a status code (``APIStatusError`` for other 4xx)."""
    if status >= 500:
        return InternalServerError
    return _STATUS_CLASSES.get(status, APIStatusError)


def _first(body: Mapping[str, Any], keys: Iterable[str]) -> Any:
    for key in keys:
        value = body.get(key)
        if value is not None:
            return value
    return None


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` on one line (whitespace runs collapsed), cut to ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3].rstrip() + "..."


_TITLE = re.compile(r"(?is)<title[^>]*>(.*?)</title>")
_BODY = re.compile(r"(?is)<body[^>]*>(.*)")
_SKIPPED = re.compile(r"(?is)<(script|style|head)[^>]*>.*?</\1\s*>|<!--.*?-->")
_TAG = re.compile(r"(?s)<[^>]*>")


def _html_words(text: str) -> str:
    """An HTML page's title, else its first text."""
    title = _TITLE.search(text)
    if title and title.group(1).strip():
        return html.unescape(title.group(1))
    body = _BODY.search(text)
    inner = _SKIPPED.sub(" ", body.group(1) if body else text)
    for part in _TAG.split(inner):
        if part.strip():
            return html.unescape(part)
    return ""


def _text_words(response: httpx.Response, text: str) -> str:
    """What a non-JSON body says: an HTML page's title or first text, else its first line."""
    kind = response.headers.get("content-type", "").lower()
    stripped = text.lstrip()
    if "html" in kind or stripped[:15].lower().startswith(("<!doctype html", "<html")):
        return _html_words(text)
    return next((line for line in text.splitlines() if line.strip()), "")


def _parse_json(content: bytes) -> Any:
    try:
        return json.loads(content)
    except (ValueError, RecursionError):
        return None


def status_error_from_response(
    response: httpx.Response,
    *,
    named: Mapping[str, type[APIStatusError]] | None = None,
    secrets: Iterable[str] = (),
    empty_not_found: str | None = None,
) -> APIStatusError:
    """Build the exception for a non-2xx ``response`` (which must have been read).

    ``named`` maps a provider's error names to their classes; an unknown name, or a named
    class whose status differs from the answer's, falls back to the status class.
    ``empty_not_found`` is what a 404 with an empty body means for this provider (Foundry: the
    API is not at that URL).
    """
    secrets = tuple(secrets)
    # Everything the error says comes from the masked copy: an echoed signature included.
    response = masked_response(response, secrets)
    content = response.content
    full_text = mask_secrets(content.decode("utf-8", "replace"), secrets)
    raw_body = full_text[:MAX_RAW_BODY] + ("..." if len(full_text) > MAX_RAW_BODY else "")
    decoded = _parse_json(content) if content.strip() else None
    try:
        body: Any = mask_value(decoded, secrets) if decoded is not None else (full_text or None)
    except RecursionError:
        decoded, body = None, full_text
    fields: Mapping[str, Any] = body if isinstance(body, dict) else {}
    nested = fields.get("error")
    if isinstance(nested, dict):
        fields = {**fields, **nested}
    code = _first(fields, _CODE_KEYS)
    name = _first(fields, _NAME_KEYS)
    message = _first(fields, _MESSAGE_KEYS)
    if message is None and isinstance(fields.get("error"), str):
        message = fields["error"]  # {"error": "..."}, as many gateways answer
    request_id = _first(fields, _REQUEST_ID_KEYS)
    if request_id is None:
        request_id = next(
            (response.headers[h] for h in _REQUEST_ID_HEADERS if h in response.headers), None
        )
    parameters = fields.get("parameters")
    cls = status_class(response.status_code)
    if named and isinstance(name, str) and name in named:
        candidate = named[name]
        if issubclass(candidate, cls):
            cls = candidate
    reason = response.reason_phrase or f"HTTP {response.status_code}"
    if message is not None and str(message).strip():
        summary = str(message)
    elif cls.__doc__ and cls not in _STATUS_CLASSES.values() and name:
        # A named error without a message (Foundry sends none): its description and parameters.
        given = parameters if isinstance(parameters, dict) else {}
        shown = ", ".join(f"{key}={value!r}" for key, value in given.items())
        described = cls.__doc__.strip().splitlines()[0]
        summary = f"{described} ({shown})" if shown else described
    elif isinstance(decoded, dict | list):
        if code is not None or name is not None:
            given = parameters if isinstance(parameters, dict) else {}
            shown = ", ".join(f"{key}={value!r}" for key, value in given.items())
            summary = f"{reason} ({shown})" if shown else reason
        else:
            summary = f"{reason}: {json.dumps(body, ensure_ascii=False)}" if body else reason
    elif full_text.strip():
        summary = _text_words(response, full_text).strip() or reason
    elif response.status_code == 404 and empty_not_found:
        summary = f"{reason}: {empty_not_found}"
    else:
        summary = reason
    if 300 <= response.status_code < 400 and "location" in response.headers:
        summary = f"{summary} (to {response.headers['location']})"
    summary = one_line(mask_secrets(summary, secrets))
    if summary.startswith(f"{response.status_code} "):
        summary = summary[len(str(response.status_code)) + 1 :]  # "502 Bad Gateway" titles
    # A code that only repeats the HTTP status (Data Platform's {"code": 404}) says nothing more.
    if code is not None and str(code).strip() == str(response.status_code):
        code = None
    code_text = None if code is None else mask_secrets(str(code), secrets)
    name_text = mask_secrets(name, secrets) if isinstance(name, str) else None
    # "404 ModelStudioNotFound: ...", "429 [Throttling.User] ...": a numeric code is left to
    # `.code` (it repeats the status, or, as NSML's "200" on a 401, only confuses the line).
    if name_text:
        label = f"{name_text}:"
    elif code_text is not None and not code_text.isdigit() and code_text != summary:
        label = f"[{code_text}]"
    else:
        label = ""
    text_message = " ".join(part for part in (str(response.status_code), label, summary) if part)
    return cls(
        one_line(text_message, MAX_MESSAGE + 100),
        response=response,
        body=body,
        raw_body=raw_body,
        code=code_text,
        name=name_text,
        request_id=None if request_id is None else str(request_id),
        parameters=parameters if isinstance(parameters, dict) else {},
        server_message=summary,
    )
