"""Keeping secrets out of what is printed: the one masking used by the SDK's errors and logs,
the auth classes' reprs, the stubs' startup banner and the conformance reports.

``mask_secrets`` replaces each known secret as a whole value (longest first, so a secret that
contains another is never half-masked) and, optionally, anything shaped like a credential
(a bearer token, a signature, the ``user:password@`` of a URL); ``mask_value`` does it through
decoded JSON, ``mask_bytes`` through raw bytes (never decoded); ``describe`` shows a secret as
its length only; ``redact`` shows an identifier's first characters and nothing of a secret.
``CREDENTIAL_HEADERS`` and ``CREDENTIAL_PARAMS`` name the headers and query parameters whose
whole value is a credential.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = [
    "CREDENTIAL_HEADERS",
    "CREDENTIAL_PARAMS",
    "MIN_SECRET_LENGTH",
    "describe",
    "mask_bytes",
    "mask_secrets",
    "mask_value",
    "redact",
]

#: Shorter secrets are not masked by default: a one-letter token would garble every word
#: containing it (``Connec***Error``), and no real credential is that short.
MIN_SECRET_LENGTH = 6

# Credential-looking fragments masked even when the caller does not know the secret.
_SECRET_PATTERNS = re.compile(
    r"(?i)(bearer\s+|signature=|x-api-key[\"':=\s]+|access[_-]?key[_-]?secret[\"':=\s]+)"
    r"[A-Za-z0-9._~+/=-]{4,}"
)
# The userinfo of a URL (``scheme://user:password@host``): all of it, the user may be a key.
_URL_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^\s/?#@\[\]]+@")

# The same shapes, for bytes (mask_bytes).
_SECRET_PATTERNS_BYTES = re.compile(_SECRET_PATTERNS.pattern.encode("ascii"))
_URL_USERINFO_BYTES = re.compile(_URL_USERINFO.pattern.encode("ascii"))

#: Headers whose value is a credential, whoever sends them (a request's signer, a server
#: echoing them back): masked whole on every request and response an error keeps.
CREDENTIAL_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "x-api-key",
        "x-ncp-apigw-api-key",
        "x-ncp-apigw-signature-v2",
        "x-ncp-iam-access-key",
        "cookie",
        "set-cookie",
    }
)

#: Query parameters whose value is a credential (compared lower-cased, ``-`` read as ``_``).
CREDENTIAL_PARAMS = frozenset(
    {
        "access_token",
        "api_key",
        "apikey",
        "client_secret",
        "key",
        "password",
        "secret",
        "sig",
        "signature",
        "token",
        "x_amz_signature",
    }
)


def _secret_pattern(secrets: Iterable[str], min_length: int) -> re.Pattern[str] | None:
    usable = sorted({s for s in secrets if s and len(s) >= min_length}, key=len, reverse=True)
    if not usable:
        return None
    return re.compile("|".join(re.escape(s) for s in usable))


def mask_secrets(
    text: str,
    secrets: Iterable[str] = (),
    *,
    marker: str = "***",
    min_length: int = MIN_SECRET_LENGTH,
    shapes: bool = True,
) -> str:
    """``text`` with every known secret, and (``shapes``) anything shaped like one, masked.

    Known secrets are masked by whole value (all of the secret, never a fragment) and only
    from ``min_length`` characters on.
    """
    pattern = _secret_pattern(secrets, min_length)
    if pattern is not None:
        text = pattern.sub(marker, text)
    if not shapes:
        return text
    text = _URL_USERINFO.sub(lambda m: m.group(1) + marker + "@", text)
    return _SECRET_PATTERNS.sub(lambda m: m.group(1) + marker, text)


def mask_bytes(data: bytes, secrets: Iterable[str] = (), *, marker: str = "***") -> bytes:
    """``data`` masked as ``mask_secrets`` masks text, on the bytes themselves: a known secret
    as its UTF-8 bytes, and the same credential shapes.

    ``data`` itself comes back when nothing is found, and it is never decoded: masking a body
    as large as a response may be costs no copy of it.
    """
    mark = marker.encode()
    usable = sorted(
        {s.encode() for s in secrets if s and len(s) >= MIN_SECRET_LENGTH}, key=len, reverse=True
    )
    if usable:
        known = re.compile(b"|".join(re.escape(s) for s in usable))
        if known.search(data):
            data = known.sub(mark, data)
    if _URL_USERINFO_BYTES.search(data):
        data = _URL_USERINFO_BYTES.sub(lambda m: m.group(1) + mark + b"@", data)
    if _SECRET_PATTERNS_BYTES.search(data):
        data = _SECRET_PATTERNS_BYTES.sub(lambda m: m.group(1) + mark, data)
    return data


def mask_value(value: Any, secrets: Iterable[str] = ()) -> Any:
    """``value`` (decoded JSON) with ``mask_secrets`` applied to every string in it, keys too."""
    secrets = tuple(secrets)
    if isinstance(value, str):
        return mask_secrets(value, secrets)
    if isinstance(value, dict):
        return {mask_value(k, secrets): mask_value(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_value(item, secrets) for item in value]
    return value


def describe(secret: str) -> str:
    """A secret shown as its length only, e.g. ``'***(32)'`` (for reprs)."""
    return f"***({len(secret)})" if secret else "''"


def redact(value: str, *, keep: int = 0, marker: str = "****") -> str:
    """``value`` starred out; with ``keep``, an identifier's first ``keep`` characters stay."""
    if keep and len(value) > 2 * keep:
        return value[:keep] + marker
    return marker
