"""How a run talks to a server: write policy, the user's ids, and schemathesis' plumbing settings.

The names are schemathesis' own (``rate-limit``, ``headers``, ``proxy``, ``tls-verify``,
``request-timeout``, ``max-time``, ``include-operation-id``, ``exclude-operation-id``), so a
``--config`` TOML file reads like a ``schemathesis.toml``.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import schemathesis
from schemathesis.config import ConfigError

from ._types import ConformanceUsageError

__all__ = [
    "CONFIG_KEYS",
    "DEFAULT_REQUEST_TIMEOUT",
    "RunOptions",
    "is_secret_header",
    "load_config",
    "parse_header",
    "parse_path_param",
    "parse_tls_verify",
]

#: Seconds to wait for any one response, and for its whole body.
DEFAULT_REQUEST_TIMEOUT = 10.0

_SECRET_HEADER = re.compile(
    r"auth|token|key|secret|password|passwd|cookie|session|signature|credential", re.IGNORECASE
)


def is_secret_header(name: str) -> bool:
    """Whether a header's value looks like a secret (masked wherever it would be shown)."""
    return bool(_SECRET_HEADER.search(name))


@dataclasses.dataclass(frozen=True)
class RunOptions:
    """Everything about a run besides the provider, the URL, credentials and budgets."""

    allow_writes: bool | None = None
    """Whether requests other than GET, HEAD and OPTIONS may be sent; `None`: the target's
    default (`run_conformance` writes only to a server it started itself)."""
    path_params: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """The user's value for each named path parameter."""
    headers: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """Extra headers on every request."""
    rate_limit: str | None = None
    """At most this many requests per period, e.g. ``10/s`` (schemathesis' syntax)."""
    proxy: str | None = None
    """A proxy URL for every request."""
    tls_verify: bool | str = True
    """Whether to verify TLS certificates, or the CA bundle to verify them with."""
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT
    """Seconds for one response, body included."""
    include_operation_ids: tuple[str, ...] = ()
    """Check only these operations (by operationId)."""
    exclude_operation_ids: tuple[str, ...] = ()
    """Never check these operations."""
    max_time: int | None = None
    """End the run after this many seconds at most: a bound, not a budget to spend (the
    scenario in flight finishes first)."""
    spec: Mapping[str, Any] | None = None
    """The spec to check against instead of the packaged one (``--spec``); the embedded stub
    still serves the packaged one."""

    @property
    def writes(self) -> bool:
        """Whether state-changing requests are sent (`None` counts as yes at this level)."""
        return self.allow_writes is not False

    def secrets(self) -> list[str]:
        """Header values that look secret, for masking."""
        return [value for name, value in self.headers.items() if is_secret_header(name) and value]

    def secret_header_names(self) -> list[str]:
        """Names of the extra headers whose values are masked."""
        return [name for name in self.headers if is_secret_header(name)]


def parse_path_param(text: str) -> tuple[str, str]:
    """``NAME=VALUE`` -> (name, value)."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or not value:
        raise ConformanceUsageError(f"--path-param {text!r}: expected NAME=VALUE")
    return name.strip(), value


def parse_header(text: str) -> tuple[str, str]:
    """``NAME:VALUE`` -> (name, value)."""
    name, sep, value = text.partition(":")
    name = name.strip()
    if not sep or not name or any(c.isspace() for c in name):
        shown = name if sep else "?"
        raise ConformanceUsageError(f"-H/--header {shown}:...: expected NAME:VALUE")
    if "\n" in value or "\r" in value:
        raise ConformanceUsageError(f"-H/--header {name}: a value cannot contain a line break")
    return name, value.strip()


def parse_tls_verify(value: object) -> bool | str:
    """``true``/``false`` or a CA bundle path that exists."""
    if isinstance(value, bool):
        return value
    text = str(value)
    if text.lower() in {"true", "1", "yes"}:
        return True
    if text.lower() in {"false", "0", "no"}:
        return False
    if not Path(text).is_file():
        raise ConformanceUsageError(f"--tls-verify {text}: not true, false or a CA bundle file")
    return text


def check_rate_limit(value: str) -> str:
    """``value`` when schemathesis accepts it as a rate limit (``10/s``, ``100/m``)."""
    try:
        schemathesis.Config.from_dict({"rate-limit": value})
    except (ConfigError, ValueError) as exc:
        raise ConformanceUsageError(f"--rate-limit {value}: {exc}") from None
    return value


#: The keys a ``--config`` file may hold (flag names without the dashes), and their types.
CONFIG_KEYS: dict[str, str] = {
    "base-url": "string",
    "allow-writes": "boolean",
    "path-params": "table of strings",
    "headers": "table of strings",
    "rate-limit": "string",
    "proxy": "string",
    "tls-verify": "boolean or string",
    "request-timeout": "number",
    "include-operation-id": "list of strings",
    "exclude-operation-id": "list of strings",
    "max-time": "integer",
    "max-examples": "integer",
    "max-pages": "integer",
    "seed": "integer",
    "junit-xml": "string",
    "report": "string",
}


def _valid(value: object, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "boolean or string":
        return isinstance(value, bool | str)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "table of strings":
        return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def load_config(path: Path) -> dict[str, Any]:
    """The settings of a ``--config`` TOML file, checked key by key.

    Credentials are not read from the file: they belong in the environment (CI secrets).
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConformanceUsageError(f"--config {path}: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConformanceUsageError(f"--config {path}: not valid TOML ({exc})") from None
    for key, value in data.items():
        kind = CONFIG_KEYS.get(key)
        if kind is None:
            known = ", ".join(sorted(CONFIG_KEYS))
            raise ConformanceUsageError(
                f"--config {path}: unknown key {key!r}; known keys: {known}"
            )
        if not _valid(value, kind):
            raise ConformanceUsageError(f"--config {path}: {key} must be a {kind}")
    return data
