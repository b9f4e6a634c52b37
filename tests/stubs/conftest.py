"""Stub servers on loopback, and signed httpx clients for them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from modelruns._auth import AcsV3Auth, NcpSignatureV2Auth
from modelruns._specs import Provider, load_spec
from modelruns.stubs import StubServer
from modelruns.stubs import _credentials as demo

Serve = Callable[..., StubServer]

FOUNDRY_RID = load_spec("foundry")["components"]["parameters"]["ModelStudioRid"]["example"]
DP_RUN_ID = load_spec("dataplatform")["components"]["parameters"]["RunId"]["example"]
DP_STEP_ID = load_spec("dataplatform")["components"]["parameters"]["StepId"]["example"]
PAI_HEADERS = {"x-acs-action": "ListRuns", "x-acs-version": "2021-02-04"}


@pytest.fixture
def serve() -> Iterator[Serve]:
    """Start stub servers for a test; all are stopped when it ends."""
    started: list[StubServer] = []

    def start(provider: Provider, **options: Any) -> StubServer:
        server = StubServer(provider, **options).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def client(server: StubServer, **options: Any) -> httpx.Client:
    """An httpx client for a stub, carrying the demo credentials the provider expects."""
    auth: httpx.Auth | None = None
    headers: dict[str, str] = {}
    if server.provider == "foundry":
        headers["Authorization"] = f"Bearer {demo.DEMO_FOUNDRY_TOKEN}"
    elif server.provider == "dataplatform":
        headers["Authorization"] = f"Bearer {demo.DEMO_DATAPLATFORM_TOKEN}"
    elif server.provider == "pai":
        headers.update(PAI_HEADERS)
        auth = AcsV3Auth(demo.DEMO_ACCESS_KEY_ID, demo.DEMO_ACCESS_KEY_SECRET, **options)
    else:
        auth = NcpSignatureV2Auth(
            demo.DEMO_NCP_ACCESS_KEY, demo.DEMO_NCP_SECRET_KEY, demo.DEMO_NCP_API_KEY, **options
        )
    return httpx.Client(base_url=server.base_url, headers=headers, auth=auth, timeout=10)
