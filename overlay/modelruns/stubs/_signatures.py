"""Checking signed requests as the providers do: Alibaba Cloud's ACS3 and legacy ROA (PAI),
with the date window and the nonces seen in it, and NAVER Cloud's API Gateway signature v2
(NSML).

The signing algorithms are ``modelruns._signing``'s (and ``_acs_roa``'s); this module adds
what a server does with them: which headers must be signed, the time window, replays. Each
check raises a `StubError` carrying the provider's error name.
"""

from __future__ import annotations

import calendar
import collections
import email.utils
import re
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from modelruns import _signing
from modelruns.stubs._acs_roa import ROA_PREFIX, roa_signature, roa_string_to_sign
from modelruns.stubs._credentials import Credentials
from modelruns.stubs._provider import secure_equal
from modelruns.stubs._routing import StubError, StubRequest

__all__ = [
    "ACS_DATE_WINDOW_SECONDS",
    "NCP_TIMESTAMP_WINDOW_MS",
    "AcsVerifier",
    "NonceLedger",
    "verify_ncp_signature_v2",
]

#: Alibaba Cloud rejects a signed request whose signed time is further off than this.
ACS_DATE_WINDOW_SECONDS = 15 * 60
_REQUIRED_SIGNED = ("host", "x-acs-date", "x-acs-signature-nonce", "x-acs-action", "x-acs-version")
#: A nonce is remembered while a request carrying it could still pass the date check: it
#: arrived at most one window after its signed time, and a replay is accepted up to one window
#: after that time, so two windows from its arrival. Memory is bounded by the rate instead of
#: by wiping (which would accept replays); beyond `_NONCE_LIMIT` live nonces, new signed
#: requests are throttled until old ones expire.
_NONCE_RETENTION_SECONDS = 2 * ACS_DATE_WINDOW_SECONDS
_NONCE_LIMIT = 500_000
_NONCE_MAX_LENGTH = 128
_EMPTY_SHA256 = _signing.acs_content_sha256(b"")

#: The API Gateway rejects a timestamp further off the current time than this.
NCP_TIMESTAMP_WINDOW_MS = 5 * 60 * 1000
_NCP_TIMESTAMP = re.compile(r"[0-9]{1,16}")
_NCP_SIGNATURE_HEADERS = (
    "x-ncp-apigw-timestamp",
    "x-ncp-iam-access-key",
    "x-ncp-apigw-signature-v2",
)


def _unauthorized(message: str, name: str) -> StubError:
    return StubError("unauthorized", message, name=name)


class NonceLedger:
    """The signature nonces seen while a request carrying one could still pass the date check."""

    def __init__(self) -> None:
        #: nonce -> the time until which it is remembered
        self.seen: dict[str, float] = {}
        self._expiry: collections.deque[tuple[float, str]] = collections.deque()

    def admit(self, nonce: str | None, now: float) -> None:
        """Refuse a request without a nonce, or with one already seen in the window."""
        if not nonce:
            # Both schemes require it (ACS3 also lists it among the signed headers).
            raise StubError(
                "invalid",
                "The x-acs-signature-nonce header is required.",
                name="MissingSignatureNonce",
            )
        if len(nonce) > _NONCE_MAX_LENGTH:
            raise StubError(
                "invalid",
                f"x-acs-signature-nonce must be at most {_NONCE_MAX_LENGTH} characters.",
                parameter="x-acs-signature-nonce",
            )
        expiry = self._expiry
        while expiry and expiry[0][0] <= now:
            _, old = expiry.popleft()
            if self.seen.get(old, now + 1) <= now:
                del self.seen[old]
        if nonce in self.seen:
            raise _unauthorized("The signature nonce has been used.", "SignatureNonceUsed")
        if len(self.seen) >= _NONCE_LIMIT:
            raise StubError(
                "throttled",
                "Too many signed requests within the signature window.",
                headers={"Retry-After": str(int(expiry[0][0] - now) + 1)},
            )
        until = now + _NONCE_RETENTION_SECONDS
        self.seen[nonce] = until
        expiry.append((until, nonce))


class AcsVerifier:
    """PAI's request check: an ACS3 or legacy ROA signature, in the date window, with a fresh
    nonce, naming the spec's action and API version."""

    def __init__(
        self, spec: Mapping[str, Any], credentials: Credentials, clock: Callable[[], float]
    ) -> None:
        self.version = spec.get("x-acs-version")
        self.credentials = credentials
        self.clock = clock
        self.nonces = NonceLedger()

    def authenticate(self, request: StubRequest) -> None:
        """The signature, its time and nonce, then the action and version headers."""
        authorization = request.headers.get("authorization")
        if not authorization:
            raise _unauthorized("The Authorization header is missing.", "MissingAuthorization")
        roa = authorization.startswith(ROA_PREFIX)
        if roa:
            self._authenticate_roa(request, authorization)
        else:
            self._authenticate_acs3(request, authorization)
        self.nonces.admit(request.headers.get("x-acs-signature-nonce"), self.clock())
        operation = request.operation
        assert operation is not None
        checks = (
            ("x-acs-action", operation.spec.get("x-acs-action"), "InvalidAction.NotFound"),
            ("x-acs-version", self.version, "InvalidVersion"),
        )
        for header, wanted, code in checks:
            # The legacy ROA scheme names the operation by its path alone.
            if roa and header == "x-acs-action" and header not in request.headers:
                continue
            if request.headers.get(header) != wanted:
                raise StubError("invalid", f"{header} must be {wanted!r}.", name=code)

    def verify_body(self, request: StubRequest) -> None:
        """An ACS3 signature covers the body through ``x-acs-content-sha256``: check it."""
        if request.headers.get("authorization", "").startswith(ROA_PREFIX):
            return
        claimed = request.headers.get("x-acs-content-sha256") or _EMPTY_SHA256
        if not secure_equal(_signing.acs_content_sha256(request.body), claimed):
            raise _unauthorized(
                "The request body does not match x-acs-content-sha256.", "SignatureDoesNotMatch"
            )

    def _check_key_id(self, key_id: str) -> None:
        if not secure_equal(key_id, self.credentials.access_key_id):
            raise _unauthorized("The AccessKey ID does not exist.", "InvalidAccessKeyId.NotFound")

    def _check_time(self, moment: float) -> None:
        """The one date window of both schemes."""
        if abs(moment - self.clock()) > ACS_DATE_WINDOW_SECONDS:
            raise _unauthorized("The request time is out of range.", "InvalidTimeStamp.Expired")

    def _authenticate_roa(self, request: StubRequest, authorization: str) -> None:
        key_id, _, signature = authorization[len(ROA_PREFIX) :].partition(":")
        self._check_key_id(key_id)
        date = request.headers.get("date")
        if not date:
            raise _unauthorized("The Date header is missing.", "MissingDate")
        try:
            moment = email.utils.parsedate_to_datetime(date).timestamp()
        except (TypeError, ValueError):
            raise _unauthorized(
                f"Date {date!r} is not an HTTP date.", "InvalidTimeStamp.Format"
            ) from None
        self._check_time(moment)
        expected = roa_signature(
            self.credentials.access_key_secret,
            roa_string_to_sign(
                request.method,
                request.path,
                parse_qsl(request.query_string, keep_blank_values=True),
                request.headers,
            ),
        )
        if not secure_equal(signature, expected):
            raise _unauthorized("The request signature does not match.", "SignatureDoesNotMatch")

    def _authenticate_acs3(self, request: StubRequest, authorization: str) -> None:
        fields = _signing.parse_acs3_authorization(authorization)
        if not {"Credential", "SignedHeaders", "Signature"} <= fields.keys():
            raise _unauthorized(
                "The Authorization header is not an ACS3 signature.", "IncompleteSignature"
            )
        self._check_key_id(fields["Credential"])
        signed = fields["SignedHeaders"].split(";")
        _check_signed_headers(request, signed)
        value = request.headers["x-acs-date"]
        try:
            moment = calendar.timegm(time.strptime(value, _signing.ACS3_DATE_FORMAT))
        except ValueError:
            raise _unauthorized(
                f"x-acs-date {value!r} is not ISO 8601 UTC.", "InvalidTimeStamp.Format"
            ) from None
        self._check_time(moment)
        expected = _signing.acs3_expected_authorization(
            fields["Credential"],
            self.credentials.access_key_secret,
            request.method,
            request.raw_path,
            request.query_string,
            {name: request.headers[name] for name in signed},
            b"",
            signed,
            # The signature is checked before the body is read; `verify_body` checks the body.
            content_sha256=request.headers.get("x-acs-content-sha256") or _EMPTY_SHA256,
        )
        if not secure_equal(authorization, expected):
            raise _unauthorized("The request signature does not match.", "SignatureDoesNotMatch")


def _check_signed_headers(request: StubRequest, signed: list[str]) -> None:
    """The signature covers the headers its ``SignedHeaders`` names, as Alibaba's verify.

    Alibaba's own SDK signs every header it sends (``accept;host;user-agent;x-acs-*``),
    so the list is the request's, not a fixed set; but it must cover ``host``, every
    ``x-acs-*`` header sent and the ones ACS3 requires, and name only headers that were
    sent (lower-case, each once).
    """
    problems = []
    if any(name != name.lower() or not name for name in signed) or len(set(signed)) != len(signed):
        problems.append("names must be lower-case, non-empty and listed once")
    absent = [name for name in signed if name not in request.headers]
    if absent:
        problems.append(f"names headers the request does not carry: {absent}")
    sent_acs = sorted(name for name in request.headers if name.startswith("x-acs-"))
    required = sorted({"host", *_REQUIRED_SIGNED, *sent_acs})
    unsigned = [name for name in required if name not in signed]
    if unsigned:
        problems.append(f"leaves out headers that must be signed: {unsigned}")
    if problems:
        raise _unauthorized("SignedHeaders " + "; ".join(problems) + ".", "IncompleteSignature")


def verify_ncp_signature_v2(request: StubRequest, credentials: Credentials, now: float) -> None:
    """NSML's check: API Gateway signature v2 over method, path and query, within the 5-minute
    window, then the API Gateway key."""
    headers = request.headers
    missing = [name for name in _NCP_SIGNATURE_HEADERS if not headers.get(name)]
    if missing:
        raise StubError("unauthorized", f"Authentication Failed: missing {', '.join(missing)}.")
    timestamp = headers["x-ncp-apigw-timestamp"]
    # ASCII digits only (`isdigit` accepts "\xb2"), and no more than epoch milliseconds need.
    if not _NCP_TIMESTAMP.fullmatch(timestamp):
        raise StubError("unauthorized", "Authentication Failed: invalid timestamp.")
    if abs(int(timestamp) - int(now * 1000)) > NCP_TIMESTAMP_WINDOW_MS:
        raise StubError(
            "unauthorized", "Authentication Failed: timestamp is outside the 5-minute window."
        )
    if not secure_equal(headers["x-ncp-iam-access-key"], credentials.ncp_access_key):
        raise StubError("unauthorized", "Authentication Failed: unknown access key.")
    expected = _signing.nsml_expected_signature(
        credentials.ncp_secret_key, request.method, request.target, headers
    )
    if not secure_equal(headers["x-ncp-apigw-signature-v2"], expected):
        raise StubError("unauthorized", "Authentication Failed: signature mismatch.")
    if not secure_equal(headers.get("x-ncp-apigw-api-key"), credentials.ncp_api_key):
        raise StubError("forbidden", "Permission Denied: invalid API key.")
