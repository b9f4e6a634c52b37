"""The one exception tree of every modelruns client.

``APIError`` is the root. A non-2xx answer becomes an ``APIStatusError`` subclass chosen by
status (and, where the provider names its errors, by name); transport failures become
``APIConnectionError``/``APITimeoutError``; a 2xx body that breaks the spec becomes
``ResponseValidationError``; a server that makes pagination loop becomes ``PaginationError``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseValidationError",
    "mask_secrets",
    "status_error_from_response",
]

#: Longest raw body kept on an error (and shown in its message).
MAX_RAW_BODY = 2000

# Credential-looking fragments masked in raw bodies even when the client does not know them.
_SECRET_PATTERNS = re.compile(
    r"(?i)(bearer\s+|signature=|x-api-key[\"':=\s]+|access[_-]?key[_-]?secret[\"':=\s]+)"
    r"[A-Za-z0-9._~+/=-]{4,}"
)


def mask_secrets(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every known secret, and anything shaped like a credential, masked."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    return _SECRET_PATTERNS.sub(lambda m: m.group(1) + "***", text)


class APIError(Exception):
    """Root of every error a modelruns client raises."""

    message: str
    request: httpx.Request | None

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


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
        super().__init__(message, request=response.request if response is not None else None)
        self.path = path
        self.response = response


class PaginationError(APIError):
    """The server's pagination cannot advance (a repeated token, a page that goes nowhere)."""


class APIStatusError(APIError):
    """The server answered with a non-2xx status.

    ``code`` is the provider's error code (Foundry ``errorCode``, PAI ``Code``, NSML
    ``errorCode``, Data Platform ``code``), ``name`` the provider's error name where it has one
    (Foundry ``errorName``), ``parameters`` the error's parameters, ``body`` the decoded body
    (or ``None``) and ``raw_body`` the body text, truncated and with secrets masked.
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
    ) -> None:
        super().__init__(message, request=response.request)
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
_CODE_KEYS = ("errorCode", "Code", "code")
_NAME_KEYS = ("errorName",)
_MESSAGE_KEYS = ("message", "Message")
_REQUEST_ID_KEYS = ("errorInstanceId", "RequestId", "requestId")
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


def status_error_from_response(
    response: httpx.Response,
    *,
    named: Mapping[str, type[APIStatusError]] | None = None,
    secrets: Iterable[str] = (),
) -> APIStatusError:
    """Build the exception for a non-2xx ``response`` (which must have been read).

    ``named`` maps a provider's error names to their classes; an unknown name, or a named
    class whose status differs from the answer's, falls back to the status class.
    """
    secrets = tuple(secrets)
    text = mask_secrets(response.content[: MAX_RAW_BODY * 2].decode("utf-8", "replace"), secrets)
    raw_body = text[:MAX_RAW_BODY] + ("..." if len(text) > MAX_RAW_BODY else "")
    body: Any = None
    try:
        body = json.loads(response.content)
    except ValueError:
        body = None
    fields: Mapping[str, Any] = body if isinstance(body, dict) else {}
    nested = fields.get("error")
    if isinstance(nested, dict):
        fields = {**fields, **nested}
    code = _first(fields, _CODE_KEYS)
    name = _first(fields, _NAME_KEYS)
    message = _first(fields, _MESSAGE_KEYS)
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
    # "404 ModelStudioNotFound: ...", "429 [Throttling.User] ...", "401 [200] Authentication ..."
    label = f"{name}:" if name else f"[{code}]" if code is not None else ""
    if message is not None:
        summary = mask_secrets(str(message), secrets)
    elif cls.__doc__ and cls not in _STATUS_CLASSES.values():
        # A named error without a message (Foundry sends none): its description and parameters.
        given = parameters if isinstance(parameters, dict) else {}
        shown = ", ".join(f"{key}={value!r}" for key, value in given.items())
        described = cls.__doc__.strip().splitlines()[0]
        summary = mask_secrets(f"{described} ({shown})" if shown else described, secrets)
    else:
        summary = raw_body[:200]
    text_message = " ".join(part for part in (str(response.status_code), label, summary) if part)
    return cls(
        text_message,
        response=response,
        body=body,
        raw_body=raw_body,
        code=None if code is None else str(code),
        name=name if isinstance(name, str) else None,
        request_id=None if request_id is None else str(request_id),
        parameters=parameters if isinstance(parameters, dict) else {},
    )
