#!/usr/bin/env python3
"""The contenders of ``make bench``'s walks, and each one run alone in a fresh process.

Each walker lists every run a stub holds and returns how many it saw; it imports its client
inside, so a process that runs one walker pays for that client's imports only. Run as a script,
``python scripts/bench_walkers.py NAME URL PAGE`` (the walker's context as JSON on stdin) times
the imports, a first (cold) walk and a second (warm) one in this fresh process, and prints them
as one JSON line: what an interleaved run in one long-lived process hides (imports, warm-up)
shows here.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

#: What a walker is told besides the URL and page size (the parent's stub, on stdin): ``rid``
#: (Foundry's model studio), ``token``, ``access_key_id``, ``access_key_secret`` (the stubs'
#: demo credentials) and the stub's seeded ids (``WorkspaceId``).
Context = dict[str, str]
Walker = Callable[[str, int, Context], int]


# --- Foundry ----------------------------------------------------------------------------------


def walk_raw(base_url: str, page: int, ctx: Context) -> int:
    """The floor: httpx and json by hand."""
    import httpx

    url = f"{base_url}/v2/models/modelStudios/{ctx['rid']}/runs"
    headers = {"Authorization": f"Bearer {ctx['token']}"}
    count, token = 0, None
    with httpx.Client(headers=headers) as http:
        while True:
            params: dict[str, Any] = {"preview": "true", "pageSize": page}
            if token:
                params["pageToken"] = token
            body = json.loads(http.get(url, params=params).content)
            count += len(body["data"])
            token = body.get("nextPageToken")
            if not token:
                return count


def walk_modelruns(base_url: str, page: int, ctx: Context, **options: Any) -> int:
    """modelruns' Foundry client (its defaults, unless ``options`` say otherwise)."""
    from modelruns import foundry

    with foundry.Client(token=ctx["token"], base_url=base_url) as client:
        runs = client.list_model_studio_runs(ctx["rid"], page_size=page, **options)
        return sum(1 for _ in runs)


def walk_modelruns_no_read_ahead(base_url: str, page: int, ctx: Context) -> int:
    """The same walk with ``prefetch=0``: each page requested once the one before is used."""
    return walk_modelruns(base_url, page, ctx, prefetch=0)


def walk_generated(base_url: str, page: int, ctx: Context) -> int:
    """A naive loop over the generated client's ``sync_detailed``."""
    from foundry_models_client import AuthenticatedClient
    from foundry_models_client.api.model_studios import list_model_studio_runs
    from foundry_models_client.models import ListModelStudioRunsResponse
    from foundry_models_client.types import UNSET

    count: int = 0
    token: str | Any = UNSET
    with AuthenticatedClient(base_url=base_url, token=ctx["token"]) as client:
        while True:
            parsed = list_model_studio_runs.sync_detailed(
                ctx["rid"], client=client, page_size=page, page_token=token, preview=True
            ).parsed
            assert isinstance(parsed, ListModelStudioRunsResponse)
            count += len(parsed.data)
            if not parsed.next_page_token:
                return count
            token = parsed.next_page_token


def walk_official(base_url: str, page: int, ctx: Context) -> int:
    """Palantir's foundry-platform-sdk, pointed at the stub over plain HTTP."""
    from foundry_sdk import Config, FoundryClient, UserTokenAuth

    host = base_url.removeprefix("http://").removesuffix("/api")
    client = FoundryClient(
        auth=UserTokenAuth(ctx["token"]), hostname=host, config=Config(scheme="http")
    )
    runs = client.models.ModelStudio.Run.list(ctx["rid"], page_size=page, preview=True)
    return sum(1 for _ in runs)


# --- PAI --------------------------------------------------------------------------------------


def walk_pai_modelruns(base_url: str, page: int, ctx: Context, **options: Any) -> int:
    """modelruns' PAI client: verbose runs (params, metrics, labels), paged by token."""
    from modelruns import pai

    with pai.Client(
        access_key_id=ctx["access_key_id"],
        access_key_secret=ctx["access_key_secret"],
        base_url=base_url,
    ) as client:
        runs = client.list_runs(
            workspace_id=ctx.get("WorkspaceId"), verbose=True, max_results=page, **options
        )
        return sum(1 for _ in runs)


def walk_pai_modelruns_no_read_ahead(base_url: str, page: int, ctx: Context) -> int:
    """The same PAI walk with ``prefetch=0``: no request on a second thread."""
    return walk_pai_modelruns(base_url, page, ctx, prefetch=0)


def walk_pai_official(base_url: str, page: int, ctx: Context) -> int:
    """Alibaba's alibabacloud-aiworkspace20210204, the same walk by its integer token."""
    from alibabacloud_aiworkspace20210204 import models
    from alibabacloud_aiworkspace20210204.client import Client
    from alibabacloud_tea_openapi import utils_models

    config = utils_models.Config(
        access_key_id=ctx["access_key_id"],
        access_key_secret=ctx["access_key_secret"],
        endpoint=urlsplit(base_url).netloc,
        protocol="http",
        region_id="cn-hangzhou",
        read_timeout=60_000,
        connect_timeout=10_000,
    )
    client = Client(config)
    count, token = 0, 0
    while True:
        request = models.ListRunsRequest(
            workspace_id=ctx.get("WorkspaceId"), verbose=True, max_results=page, page_token=token
        )
        body = client.list_runs(request).body
        count += len(body.runs)
        token = body.next_page_token
        if not token:
            return count


WALKERS: dict[str, Walker] = {
    "raw httpx + json": walk_raw,
    "modelruns": walk_modelruns,
    "modelruns prefetch=0": walk_modelruns_no_read_ahead,
    "generated client, naive loop": walk_generated,
    "foundry-platform-sdk": walk_official,
    "modelruns pai": walk_pai_modelruns,
    "modelruns pai prefetch=0": walk_pai_modelruns_no_read_ahead,
    "alibabacloud-aiworkspace20210204": walk_pai_official,
}

#: Each walker's client modules, imported (and timed) before its first walk.
CLIENT_MODULES: dict[str, tuple[str, ...]] = {
    "raw httpx + json": ("httpx",),
    "modelruns": ("modelruns.foundry",),
    "modelruns prefetch=0": ("modelruns.foundry",),
    "generated client, naive loop": ("foundry_models_client.api.model_studios",),
    "foundry-platform-sdk": ("foundry_sdk",),
    "modelruns pai": ("modelruns.pai",),
    "modelruns pai prefetch=0": ("modelruns.pai",),
    "alibabacloud-aiworkspace20210204": ("alibabacloud_aiworkspace20210204.client",),
}


def alone(name: str, base_url: str, page: int, ctx: Context) -> dict[str, Any]:
    """In this (fresh) process: import seconds, then a cold and a warm walk, wall and CPU."""
    start, start_cpu = time.perf_counter(), time.process_time()
    for module in CLIENT_MODULES[name]:
        importlib.import_module(module)
    result: dict[str, Any] = {
        "import_s": time.perf_counter() - start,
        "import_cpu_s": time.process_time() - start_cpu,
    }
    for label in ("cold", "warm"):
        start, start_cpu = time.perf_counter(), time.process_time()
        result["items"] = WALKERS[name](base_url, page, ctx)
        result[f"{label}_s"] = time.perf_counter() - start
        result[f"{label}_cpu_s"] = time.process_time() - start_cpu
    return result


if __name__ == "__main__":
    walker_name, url, page_size = sys.argv[1:4]
    print(json.dumps(alone(walker_name, url, int(page_size), json.load(sys.stdin))))
