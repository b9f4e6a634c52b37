"""A run's provider resolved once, at the top: the spec checked, the signer, its secrets, the URL.

`open_target` turns what the caller gave (a provider name, a base URL or an in-process app or
neither, credentials, ``--spec``) into one `Target`; everything below reads it from there. With
neither a URL nor an app the provider's embedded stub is served while the target is open.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Iterator, Mapping
from typing import Any

import httpx

from modelruns._specs import Provider, load_spec
from modelruns.stubs import Credentials, StubServer, base_path

from ._auth import build_auth, credential_values, resolve_credentials

__all__ = ["IN_PROCESS_URL", "Target", "open_target"]

#: The base URL shown for an in-process application (no socket is opened).
IN_PROCESS_URL = "http://localhost"


@dataclasses.dataclass(frozen=True, repr=False)
class Target:
    """What one run checks: a provider's server, the spec it is held to, how requests are signed."""

    provider: Provider
    spec: Mapping[str, Any]
    """``--spec``'s document, else the packaged spec."""
    auth: httpx.Auth
    secrets: tuple[str, ...]
    """Every credential value the run may send, for masking."""
    base_url: str
    shown_url: str
    """The URL as reports show it (the embedded stub and an in-process app say so)."""
    app: Any = None
    """An ASGI app served in process instead of over HTTP."""

    def __repr__(self) -> str:
        return f"Target({self.provider!r}, {self.shown_url!r})"


def _target(
    provider: Provider,
    spec: Mapping[str, Any],
    credentials: Credentials,
    base_url: str,
    shown_url: str,
    app: Any = None,
) -> Target:
    auth = build_auth(provider, credentials)
    secrets = tuple(credential_values(provider, credentials))
    return Target(provider, spec, auth, secrets, base_url, shown_url, app)


@contextlib.contextmanager
def open_target(
    provider: Provider,
    base_url: str | None,
    *,
    credentials: Credentials | None,
    app: Any = None,
    spec: Mapping[str, Any] | None = None,
) -> Iterator[Target]:
    """The `Target` of a run, open for as long as the run lasts.

    - ``base_url``: that server; ``credentials`` default to the environment variables the SDK
      reads (`ConformanceUsageError` naming what is missing).
    - ``app``: that ASGI app, in process.
    - neither: the embedded stub, started on a loopback port and stopped on leaving; its accepted
      credentials and ours come from the same environment variables (demo values by default).
    """
    checked = load_spec(provider) if spec is None else spec
    if base_url is not None:
        creds = credentials or resolve_credentials(provider, {}, os.environ)
        yield _target(provider, checked, creds, base_url, base_url)
        return
    creds = credentials or Credentials.from_env()
    if app is not None:
        url = IN_PROCESS_URL + base_path(provider)
        yield _target(provider, checked, creds, url, "in-process app", app)
        return
    # Negative cases send malformed HTTP on purpose; uvicorn's warning for each is noise.
    with StubServer(provider, credentials=creds, log_level="error") as server:
        shown = f"{server.base_url} (embedded stub)"
        yield _target(provider, checked, creds, server.base_url, shown)
