"""Keeping secrets out of everything a run prints or writes: curl commands, messages, reports."""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from modelruns._secrets import mask_secrets

__all__ = ["MASK", "Masker", "sensitive_headers"]

#: What a masked value is replaced with.
MASK = "****"


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
        self._secrets = tuple(secrets)
        self._headers = frozenset(name.lower() for name in headers)

    def text(self, value: str) -> str:
        """``value`` with every known secret replaced."""
        # Every secret however short (the reports show whole requests), longest first.
        return mask_secrets(value, self._secrets, marker=MASK, min_length=1, shapes=False)

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
