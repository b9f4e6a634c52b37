"""Request authentication as ``httpx.Auth`` subclasses; the algorithms live in ``_signing``.

Every class masks its secrets in ``repr`` so a logged client or auth object leaks nothing.
"""

from __future__ import annotations

import secrets as _secrets
import time
from collections.abc import Callable, Generator
from urllib.parse import parse_qsl

import httpx

from modelruns import _signing
from modelruns._secrets import describe

__all__ = ["AcsV3Auth", "ApiKeyAuth", "BearerAuth", "NcpSignatureV2Auth", "SecretAuth", "mask"]


#: A secret shown as its length only (the reprs); kept under its old name.
mask = describe


class SecretAuth(httpx.Auth):
    """An ``httpx.Auth`` that names its secret values, so a client can mask them in errors."""

    def secrets(self) -> tuple[str, ...]:
        """The secret values, for masking error bodies."""
        raise NotImplementedError

    def header_names(self) -> frozenset[str]:
        """The headers (lower case) this auth sets on each request.

        A client refuses ``default_headers`` or ``extra_headers`` that name one of them (they
        would be overwritten, or would break the signature), and masks their values wherever
        it shows a request.
        """
        return frozenset()


class BearerAuth(SecretAuth):
    """``Authorization: Bearer <token>``."""

    def __init__(self, token: str) -> None:
        self._token = token

    def secrets(self) -> tuple[str, ...]:
        return (self._token,)

    def header_names(self) -> frozenset[str]:
        return frozenset({"authorization"})

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Add the bearer header."""
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request

    def __repr__(self) -> str:
        return f"BearerAuth(token={mask(self._token)})"


class ApiKeyAuth(SecretAuth):
    """An API key in a header (``X-API-Key`` unless told otherwise)."""

    def __init__(self, api_key: str, header: str = "X-API-Key") -> None:
        self._api_key = api_key
        self.header = header

    def secrets(self) -> tuple[str, ...]:
        return (self._api_key,)

    def header_names(self) -> frozenset[str]:
        return frozenset({self.header.lower()})

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Add the API key header."""
        request.headers[self.header] = self._api_key
        yield request

    def __repr__(self) -> str:
        return f"ApiKeyAuth(header={self.header!r}, api_key={mask(self._api_key)})"


class NcpSignatureV2Auth(SecretAuth):
    """NAVER Cloud API Gateway signature v2 (``x-ncp-apigw-*`` and ``x-ncp-iam-access-key``).

    ``clock`` returns epoch seconds (injectable for tests).
    """

    def __init__(
        self,
        access_key: str,
        secret_key: str,
        api_key: str | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._access_key = access_key
        self._secret_key = secret_key
        self._api_key = api_key
        self._clock = clock

    def secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self._secret_key, self._api_key, self._access_key) if s)

    def header_names(self) -> frozenset[str]:
        names = {"x-ncp-apigw-timestamp", "x-ncp-iam-access-key", "x-ncp-apigw-signature-v2"}
        return frozenset(names | ({"x-ncp-apigw-api-key"} if self._api_key else set()))

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Sign ``METHOD URI`` (path and query as sent) with the timestamp and access key."""
        timestamp = str(int(self._clock() * 1000))
        path_with_query = request.url.raw_path.decode("ascii")
        request.headers["x-ncp-apigw-timestamp"] = timestamp
        request.headers["x-ncp-iam-access-key"] = self._access_key
        request.headers["x-ncp-apigw-signature-v2"] = _signing.nsml_signature_v2(
            self._secret_key, request.method, path_with_query, timestamp, self._access_key
        )
        if self._api_key:
            request.headers["x-ncp-apigw-api-key"] = self._api_key
        request.headers.setdefault("Content-Type", "application/json")
        yield request

    def __repr__(self) -> str:
        return (
            f"NcpSignatureV2Auth(access_key={mask(self._access_key)}, "
            f"secret_key={mask(self._secret_key)}, api_key={mask(self._api_key or '')})"
        )


def _random_nonce() -> str:
    """A fresh ``x-acs-signature-nonce`` (a function, not a lambda, so the auth pickles)."""
    return _secrets.token_hex(16)


class AcsV3Auth(SecretAuth):
    """Alibaba Cloud signature V3 (``ACS3-HMAC-SHA256``).

    The request must already carry ``x-acs-action`` and ``x-acs-version`` (the client reads
    both from the spec); this adds ``host``, ``x-acs-date``, ``x-acs-signature-nonce``,
    ``x-acs-content-sha256`` and ``Authorization``. ``clock`` (epoch seconds) and ``nonce``
    are injectable for tests.
    """

    requires_request_body = True

    def __init__(
        self,
        access_key_id: str,
        access_key_secret: str,
        *,
        clock: Callable[[], float] = time.time,
        nonce: Callable[[], str] = _random_nonce,
    ) -> None:
        self._access_key_id = access_key_id
        self._access_key_secret = access_key_secret
        self._clock = clock
        self._nonce = nonce

    def secrets(self) -> tuple[str, ...]:
        return (self._access_key_secret,)

    def header_names(self) -> frozenset[str]:
        signed = {"host", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"}
        return frozenset({"authorization", *signed})

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Add the ACS3 headers and the Authorization computed over them."""
        headers = request.headers
        url = request.url
        content_sha256 = _signing.acs_content_sha256(request.content)
        headers["host"] = url.netloc.decode("ascii")
        headers["x-acs-date"] = time.strftime(_signing.ACS3_DATE_FORMAT, time.gmtime(self._clock()))
        headers["x-acs-signature-nonce"] = self._nonce()
        headers["x-acs-content-sha256"] = content_sha256
        signed = dict(headers.items())
        names = _signing.acs3_signed_header_names(signed)  # once, for both uses below
        canonical = _signing.acs3_canonical_request(
            request.method,
            url.raw_path.split(b"?", 1)[0].decode("ascii"),
            parse_qsl(url.query.decode("ascii"), keep_blank_values=True),
            signed,
            content_sha256,
            names,
        )
        signature = _signing.acs3_signature(
            self._access_key_secret, _signing.acs3_string_to_sign(canonical)
        )
        headers["Authorization"] = _signing.acs3_authorization(
            self._access_key_id, names, signature
        )
        yield request

    def __repr__(self) -> str:
        return (
            f"AcsV3Auth(access_key_id={mask(self._access_key_id)}, "
            f"access_key_secret={mask(self._access_key_secret)})"
        )
