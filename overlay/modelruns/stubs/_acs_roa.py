"""Alibaba Cloud's legacy ROA signature (``Authorization: acs <AccessKeyId>:<signature>``).

``modelruns._signing`` holds the V3 (ACS3) algorithm the SDK sends; the PAI API also accepts
this older scheme, so the stub verifies it too. Pure functions, no clock and no I/O.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Mapping

__all__ = ["ROA_PREFIX", "roa_signature", "roa_string_to_sign"]

#: How an ROA ``Authorization`` value starts.
ROA_PREFIX = "acs "


def roa_string_to_sign(
    method: str, path: str, query: Iterable[tuple[str, str]], headers: Mapping[str, str]
) -> str:
    """``VERB\\nAccept\\nContent-MD5\\nContent-Type\\nDate\\n`` + x-acs headers + resource.

    ``path`` is the decoded path and ``query`` the decoded pairs: the canonical resource is
    the path plus the pairs sorted by name as ``k=v`` (a bare ``k`` for an empty value).
    """
    lowered = {key.lower(): value.strip() for key, value in headers.items()}
    acs_headers = sorted((k, v) for k, v in lowered.items() if k.startswith("x-acs-"))
    resource = path
    pairs = sorted(query)
    if pairs:
        resource += "?" + "&".join(f"{k}={v}" if v else k for k, v in pairs)
    fixed = [lowered.get(name, "") for name in ("accept", "content-md5", "content-type", "date")]
    lines = "".join(f"{key}:{value}\n" for key, value in acs_headers)
    return "\n".join([method.upper(), *fixed]) + "\n" + lines + resource


def roa_signature(access_key_secret: str, string_to_sign: str) -> str:
    """Base64 of HMAC-SHA1 over the string to sign, under the AccessKey secret."""
    digest = hmac.new(access_key_secret.encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")
