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
every credential masked by ``_masking``, the one masking (``masked_request``/
``masked_response``): credential headers, the query, the URL's userinfo, and any echo of a known
secret in headers or body, the secrets the engine put on the request included. A status error's
``request_id`` is read at the places the provider's spec names (``x-modelruns-request-id``).
Every error pickles with its class and fields (the masked copies, never a secret).
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from modelruns._masking import SECRETS_EXTENSION, masked_request, masked_response, request_of
from modelruns._secrets import mask_secrets, mask_value
from modelruns._specs import PROVIDERS, RequestIdPlace, find_request_id, request_id_places

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
        super().__init__(message, request=None if masked is None else request_of(masked))
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


@functools.cache
def _every_request_id_place() -> tuple[RequestIdPlace, ...]:
    """Every provider's request id places, in provider order: an error built without its own
    provider's places (``status_error_from_response``) looks in all of them."""
    places = (place for provider in PROVIDERS for place in request_id_places(provider))
    return tuple(dict.fromkeys(places))


@dataclass(frozen=True)
class _ErrorBody:
    """What a non-2xx body holds, masked: its text, its JSON and the error fields in that."""

    #: The whole body as text.
    text: str
    #: The body's JSON as parsed (``None``: not JSON, or too deep to read).
    decoded: Any
    #: The JSON masked, else the text, else ``None`` (an empty body).
    body: Any
    #: The fields of a JSON object body, with NSML's nested ``error`` object merged in.
    fields: Mapping[str, Any]

    @property
    def raw_body(self) -> str:
        """The text, cut to ``MAX_RAW_BODY`` characters."""
        return self.text[:MAX_RAW_BODY] + ("..." if len(self.text) > MAX_RAW_BODY else "")

    @property
    def parameters(self) -> dict[str, Any]:
        """The error's ``parameters`` (``{}`` when it has none, or they are not an object)."""
        given = self.fields.get("parameters")
        return given if isinstance(given, dict) else {}

    def message(self) -> Any:
        """What the server said, if it said it in a message field (or ``{"error": "..."}``)."""
        message = _first(self.fields, _MESSAGE_KEYS)
        if message is None and isinstance(self.fields.get("error"), str):
            message = self.fields["error"]  # {"error": "..."}, as many gateways answer
        return message


def _read_error_body(content: bytes, secrets: tuple[str, ...]) -> _ErrorBody:
    """``content`` (a masked copy's body) read as text and JSON, the known secrets masked."""
    text = mask_secrets(content.decode("utf-8", "replace"), secrets)
    decoded = _parse_json(content) if content.strip() else None
    try:
        body: Any = mask_value(decoded, secrets) if decoded is not None else (text or None)
    except RecursionError:
        decoded, body = None, text
    fields: Mapping[str, Any] = body if isinstance(body, dict) else {}
    nested = fields.get("error")
    if isinstance(nested, dict):
        fields = {**fields, **nested}
    return _ErrorBody(text, decoded, body, fields)


def _error_class(
    status: int, name: Any, named: Mapping[str, type[APIStatusError]] | None
) -> type[APIStatusError]:
    """The status's class, or the provider's named class when it is one of that status."""
    cls = status_class(status)
    if named and isinstance(name, str) and name in named:
        candidate = named[name]
        if issubclass(candidate, cls):
            cls = candidate
    return cls


def _shown_parameters(reason: str, parameters: Mapping[str, Any]) -> str:
    shown = ", ".join(f"{key}={value!r}" for key, value in parameters.items())
    return f"{reason} ({shown})" if shown else reason


def _summary(
    response: httpx.Response,
    cls: type[APIStatusError],
    error: _ErrorBody,
    *,
    code: Any,
    name: Any,
    empty_not_found: str | None,
) -> str:
    """What the server said: its message, a named error's description, the JSON, the text's
    first words, else the status's reason phrase."""
    reason = response.reason_phrase or f"HTTP {response.status_code}"
    message = error.message()
    if message is not None and str(message).strip():
        return str(message)
    if cls.__doc__ and cls not in _STATUS_CLASSES.values() and name:
        # A named error without a message (Foundry sends none): its description and parameters.
        return _shown_parameters(cls.__doc__.strip().splitlines()[0], error.parameters)
    if isinstance(error.decoded, dict | list):
        if code is not None or name is not None:
            return _shown_parameters(reason, error.parameters)
        return f"{reason}: {json.dumps(error.body, ensure_ascii=False)}" if error.body else reason
    if error.text.strip():
        return _text_words(response, error.text).strip() or reason
    if response.status_code == 404 and empty_not_found:
        return f"{reason}: {empty_not_found}"
    return reason


def _one_line_summary(summary: str, response: httpx.Response, secrets: tuple[str, ...]) -> str:
    """``summary`` masked on one line, with a redirect's target, without a repeated status."""
    if 300 <= response.status_code < 400 and "location" in response.headers:
        summary = f"{summary} (to {response.headers['location']})"
    summary = one_line(mask_secrets(summary, secrets))
    if summary.startswith(f"{response.status_code} "):
        summary = summary[len(str(response.status_code)) + 1 :]  # "502 Bad Gateway" titles
    return summary


def _label(code_text: str | None, name_text: str | None, summary: str) -> str:
    """The provider's error name (``ModelStudioNotFound:``) or textual code (``[Throttling]``).

    A numeric code is left to ``.code``: it repeats the status or, as NSML's "200" on a 401,
    only confuses the line.
    """
    if name_text:
        return f"{name_text}:"
    if code_text is not None and not code_text.isdigit() and code_text != summary:
        return f"[{code_text}]"
    return ""


def status_error_from_response(
    response: httpx.Response,
    *,
    named: Mapping[str, type[APIStatusError]] | None = None,
    secrets: Iterable[str] = (),
    empty_not_found: str | None = None,
    request_id_places: Sequence[RequestIdPlace] | None = None,
) -> APIStatusError:
    """Build the exception for a non-2xx ``response`` (which must have been read).

    ``named`` maps a provider's error names to their classes; an unknown name, or a named
    class whose status differs from the answer's, falls back to the status class.
    ``empty_not_found`` is what a 404 with an empty body means for this provider (Foundry: the
    API is not at that URL). ``request_id_places`` are the provider's ``x-modelruns-request-id``
    places, a body place read among the error's fields (``None``: every provider's places).
    """
    secrets = tuple(secrets)
    # Everything the error says comes from the masked copy: an echoed signature included.
    response = masked_response(response, secrets)
    error = _read_error_body(response.content, secrets)
    code = _first(error.fields, _CODE_KEYS)
    name = _first(error.fields, _NAME_KEYS)
    cls = _error_class(response.status_code, name, named)
    summary = _summary(response, cls, error, code=code, name=name, empty_not_found=empty_not_found)
    summary = _one_line_summary(summary, response, secrets)
    # A code that only repeats the HTTP status (Data Platform's {"code": 404}) says nothing more.
    if code is not None and str(code).strip() == str(response.status_code):
        code = None
    code_text = None if code is None else mask_secrets(str(code), secrets)
    name_text = mask_secrets(name, secrets) if isinstance(name, str) else None
    label = _label(code_text, name_text, summary)
    text_message = " ".join(part for part in (str(response.status_code), label, summary) if part)
    places = _every_request_id_place() if request_id_places is None else request_id_places
    return cls(
        one_line(text_message, MAX_MESSAGE + 100),
        response=response,
        body=error.body,
        raw_body=error.raw_body,
        code=code_text,
        name=name_text,
        request_id=find_request_id(places, response.headers, error.fields),
        parameters=error.parameters,
        server_message=summary,
    )
