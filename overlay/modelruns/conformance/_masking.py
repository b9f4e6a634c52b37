"""Keeping secrets out of everything a run prints or writes: curl commands, messages, reports."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["MASK", "MIN_SECRET_LENGTH", "Masker", "sensitive_headers"]

#: What a masked value is replaced with.
MASK = "****"

#: Shorter values are not masked inside text (credential headers are still masked whole).
MIN_SECRET_LENGTH = 4


def sensitive_headers(spec: Mapping[str, Any]) -> frozenset[str]:
    """Lower-case names of the headers that carry credentials (the spec's securitySchemes)."""
    names = {"authorization"}
    schemes = spec.get("components", {}).get("securitySchemes", {})
    for scheme in schemes.values():
        if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
            names.add(str(scheme["name"]).lower())
    return frozenset(names)


class Masker:
    """Replaces known secret values and the values of credential headers with ``****``."""

    def __init__(self, secrets: Iterable[str], headers: Iterable[str]) -> None:
        # Longest first, so a secret containing another is masked whole. A value shorter than
        # MIN_SECRET_LENGTH reveals nothing and would star out ordinary words.
        self._secrets = sorted(
            {s for s in secrets if len(s) >= MIN_SECRET_LENGTH}, key=len, reverse=True
        )
        self._headers = frozenset(name.lower() for name in headers)
        # `Name: value` of a credential header inside free text (e.g. a curl line in a note):
        # the value is masked even when it is derived (a signature) rather than a known secret.
        names = "|".join(re.escape(name) for name in sorted(self._headers))
        self._header_text = (
            re.compile(rf"(\b(?:{names})\s*:\s*)[^'\"\r\n]+", re.IGNORECASE) if names else None
        )

    def text(self, value: str) -> str:
        """``value`` with every known secret and every credential header's value replaced."""
        for secret in self._secrets:
            value = value.replace(secret, MASK)
        if self._header_text is not None:
            value = self._header_text.sub(lambda match: match.group(1) + MASK, value)
        return value

    def header(self, name: str, value: str) -> str:
        """A header value safe to show: masked whole when the header carries credentials."""
        return MASK if name.lower() in self._headers else self.text(value)

    def curl(
        self,
        method: str,
        url: str,
        headers: Sequence[tuple[str, str]],
        body: bytes | None,
    ) -> str:
        """A curl command that repeats a request, with credential headers masked."""
        parts = ["curl", "-X", method.upper()]
        skip = {"content-length", "accept-encoding", "connection", "user-agent", "host"}
        for name, value in headers:
            if name.lower() in skip:
                continue
            parts += ["-H", f"{name}: {self.header(name, value)}"]
        if body:
            parts += ["-d", self.text(body.decode("utf-8", errors="replace"))]
        parts.append(self.text(url))
        return " ".join(shlex.quote(part) for part in parts)
