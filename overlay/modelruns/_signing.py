"""Pure request-signing algorithms: NAVER Cloud API Gateway v2 and Alibaba Cloud ACS3.

Every function here is pure (no clock, no randomness, no I/O), so the client's ``httpx.Auth``
classes (``_auth.py``) and the stub servers' verifiers compute the same strings from the same
inputs. Secrets go in as arguments and only derived, non-reversible values come out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import parse_qsl, quote

__all__ = [
    "ACS3_ALGORITHM",
    "ACS3_DATE_FORMAT",
    "acs3_authorization",
    "acs3_canonical_query",
    "acs3_canonical_request",
    "acs3_expected_authorization",
    "acs3_signature",
    "acs3_signed_header_names",
    "acs3_string_to_sign",
    "acs_content_sha256",
    "acs_percent_encode",
    "nsml_expected_signature",
    "nsml_signature_v2",
    "nsml_string_to_sign",
    "parse_acs3_authorization",
]

#: The algorithm name that opens the string to sign and the Authorization header.
ACS3_ALGORITHM = "ACS3-HMAC-SHA256"

#: The ``x-acs-date`` format: UTC ISO 8601 to the second.
ACS3_DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


# --- NAVER Cloud Platform API Gateway, signature v2 ------------------------------------------


def nsml_string_to_sign(
    method: str, path_with_query: str, timestamp_ms: str, access_key: str
) -> str:
    """``METHOD + " " + URI + "\\n" + timestamp + "\\n" + accessKey``; URI is path and query."""
    return f"{method.upper()} {path_with_query}\n{timestamp_ms}\n{access_key}"


def nsml_signature_v2(
    secret_key: str, method: str, path_with_query: str, timestamp_ms: str, access_key: str
) -> str:
    """The ``x-ncp-apigw-signature-v2`` value: base64 of HMAC-SHA256 over the string to sign."""
    message = nsml_string_to_sign(method, path_with_query, timestamp_ms, access_key)
    digest = hmac.new(secret_key.encode(), message.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def nsml_expected_signature(
    secret_key: str, method: str, raw_path: str, headers: Mapping[str, str]
) -> str:
    """Recompute the signature an incoming request should carry (for a verifier).

    ``raw_path`` is the request target as sent (path plus ``?query``, still percent-encoded);
    ``headers`` must hold ``x-ncp-apigw-timestamp`` and ``x-ncp-iam-access-key``.
    """
    lowered = {key.lower(): value for key, value in headers.items()}
    return nsml_signature_v2(
        secret_key,
        method,
        raw_path,
        lowered.get("x-ncp-apigw-timestamp", ""),
        lowered.get("x-ncp-iam-access-key", ""),
    )


# --- Alibaba Cloud, signature V3 (ACS3-HMAC-SHA256) -------------------------------------------


def acs_percent_encode(value: str) -> str:
    """RFC 3986 encoding as ACS3 wants it: only ``A-Za-z0-9-_.~`` stay; space is ``%20``."""
    return quote(value, safe="-_.~")


#: The hex SHA-256 of an empty body: every GET and DELETE sends it.
_EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def acs_content_sha256(body: bytes) -> str:
    """The hex SHA-256 of the request body (of ``b""`` for a request without one)."""
    return hashlib.sha256(body).hexdigest() if body else _EMPTY_SHA256


def acs3_canonical_query(query: Iterable[tuple[str, str]]) -> str:
    """Decoded query pairs, each side percent-encoded, sorted, joined by ``&``."""
    pairs = sorted((acs_percent_encode(key), acs_percent_encode(value)) for key, value in query)
    return "&".join(f"{key}={value}" for key, value in pairs)


def acs3_signed_header_names(headers: Mapping[str, str]) -> list[str]:
    """The header names ACS3 signs: ``host``, ``content-type`` and every ``x-acs-*``, sorted."""
    names = {key.lower() for key in headers}
    return sorted(n for n in names if n in ("host", "content-type") or n.startswith("x-acs-"))


def acs3_canonical_request(
    method: str,
    canonical_uri: str,
    query: Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    hashed_payload: str,
    signed_headers: Sequence[str] | None = None,
) -> str:
    """``METHOD\\nURI\\nQuery\\nHeaders\\nSignedHeaders\\nHashedPayload`` over the signed headers.

    ``canonical_uri`` is the path as sent (already percent-encoded; ``/`` when empty),
    ``query`` the decoded query pairs, ``headers`` the request headers (any case).
    ``signed_headers`` are the lower-case names to sign, in order (a verifier passes the
    request's own ``SignedHeaders`` list); by default, `acs3_signed_header_names`.
    """
    lowered = {key.lower(): value.strip() for key, value in headers.items()}
    names = acs3_signed_header_names(lowered) if signed_headers is None else list(signed_headers)
    canonical_headers = "".join(f"{name}:{lowered[name]}\n" for name in names)
    return "\n".join(
        [
            method.upper(),
            canonical_uri or "/",
            acs3_canonical_query(query),
            canonical_headers,
            ";".join(names),
            hashed_payload,
        ]
    )


def acs3_string_to_sign(canonical_request: str) -> str:
    """``ACS3-HMAC-SHA256\\n`` + hex SHA-256 of the canonical request."""
    return f"{ACS3_ALGORITHM}\n{hashlib.sha256(canonical_request.encode()).hexdigest()}"


def acs3_signature(access_key_secret: str, string_to_sign: str) -> str:
    """Hex HMAC-SHA256 of the string to sign under the AccessKey secret."""
    return hmac.new(access_key_secret.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()


def acs3_authorization(access_key_id: str, signed_headers: Iterable[str], signature: str) -> str:
    """The ``Authorization`` header value for ACS3."""
    return (
        f"{ACS3_ALGORITHM} Credential={access_key_id},"
        f"SignedHeaders={';'.join(signed_headers)},Signature={signature}"
    )


def parse_acs3_authorization(value: str) -> dict[str, str]:
    """Split an ACS3 ``Authorization`` value into ``Credential``, ``SignedHeaders``, ``Signature``.

    Returns an empty dict when the value is not an ACS3 authorization.
    """
    prefix = f"{ACS3_ALGORITHM} "
    if not value.startswith(prefix):
        return {}
    fields: dict[str, str] = {}
    for part in value[len(prefix) :].split(","):
        key, sep, item = part.strip().partition("=")
        if sep:
            fields[key] = item
    return fields


def acs3_expected_authorization(
    access_key_id: str,
    access_key_secret: str,
    method: str,
    path: str,
    query_string: str,
    headers: Mapping[str, str],
    body: bytes,
    signed_headers: Sequence[str] | None = None,
    *,
    content_sha256: str | None = None,
) -> str:
    """Recompute the ``Authorization`` an incoming request should carry (for a verifier).

    ``path`` is the raw (percent-encoded) path, ``query_string`` the raw query without ``?``,
    ``headers`` the received headers; the body hash is computed from ``body`` itself, so a
    request whose ``x-acs-content-sha256`` lies about its body does not verify. A verifier
    that checks the signature before reading the body passes the claimed hash as
    ``content_sha256`` instead, and must then compare it with the body it reads.
    ``signed_headers`` is the request's ``SignedHeaders`` list (every name must be among
    ``headers``); by default, the names `acs3_signed_header_names` picks.
    """
    lowered = {key.lower(): value for key, value in headers.items()}
    lowered["x-acs-content-sha256"] = (
        content_sha256 if content_sha256 is not None else acs_content_sha256(body)
    )
    query = parse_qsl(query_string, keep_blank_values=True)
    names = acs3_signed_header_names(lowered) if signed_headers is None else list(signed_headers)
    canonical = acs3_canonical_request(
        method, path, query, lowered, lowered["x-acs-content-sha256"], names
    )
    signature = acs3_signature(access_key_secret, acs3_string_to_sign(canonical))
    return acs3_authorization(access_key_id, names, signature)
