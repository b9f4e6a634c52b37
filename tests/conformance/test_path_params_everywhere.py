"""The user's ``--path-param`` ids go into every request a conformance run sends.

That includes the requests whose credentials a case leaves out on purpose (they are never
signed), the reachability probe, and a check's own requests. The only requests without the id
are those whose path parameter is itself what the case breaks (a negative path: a value the
spec refuses, never another valid id).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote

import pytest

from modelruns._patterns import compile_pattern
from modelruns._specs import load_spec
from modelruns.stubs import StubServer
from modelruns.stubs._foundry import FoundryStub

from ._cli import run_cli
from ._servers import Recorded, counting_proxy

PARAMETER = load_spec("foundry")["components"]["parameters"]["ModelStudioRid"]
EXAMPLE_RID = PARAMETER["example"]
VALID_RID = compile_pattern(PARAMETER["schema"]["pattern"])
#: A studio the stub holds besides the spec's example (the one the user names).
USER_RID = "ri.models.main.model-studio.0b9a6c1e-3d2f-4e5a-8b7c-6d1e2f3a4b5c"
STUDIOS = "/api/v2/models/modelStudios/"


@pytest.fixture
def foundry_behind_a_proxy() -> Iterator[tuple[str, list[Recorded]]]:
    """The Foundry stub, holding a second studio, behind a counting proxy."""
    with StubServer("foundry", log_level="error") as server:
        stub = server.app.stub
        assert isinstance(stub, FoundryStub)
        # The same studio under a second RID: its runs, its config versions, and its record
        # (which names it).
        stub.studios[USER_RID] = stub.studios[EXAMPLE_RID]
        stub.config_versions[USER_RID] = stub.config_versions[EXAMPLE_RID]
        stub.studio_records[USER_RID] = {**stub.studio_records[EXAMPLE_RID], "rid": USER_RID}
        root = server.base_url.removesuffix("/api")
        with counting_proxy(root) as (url, seen):
            yield url + "/api", seen


def _studio(path: str) -> str | None:
    if not path.startswith(STUDIOS):
        return None
    return unquote(path[len(STUDIOS) :].split("/", 1)[0])


def test_every_request_of_a_run_carries_the_users_id(
    foundry_behind_a_proxy: tuple[str, list[Recorded]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, seen = foundry_behind_a_proxy
    # The operations that take the studio's id; the one with a second path parameter makes
    # cases whose other parameter breaks the path (the studio's id is still the user's there).
    argv = ["conformance", "foundry", "--base-url", url, "--max-examples", "1"]
    for operation_id in ("listModelStudioRuns", "getModelStudioConfigVersion"):
        argv += ["--include-operation-id", operation_id]
    code, out, _ = run_cli([*argv, "--path-param", f"modelStudioRid={USER_RID}"], capsys)
    assert code == 0, out
    studios = [studio for studio in map(_studio, (r.path for r in seen)) if studio is not None]
    assert studios.count(USER_RID) >= 20, studios
    # Requests without the user's id are the ones whose id the case made invalid.
    others = [studio for studio in studios if studio != USER_RID]
    assert [studio for studio in others if VALID_RID.search(studio)] == []
    assert not any(EXAMPLE_RID in r.path for r in seen)
    # The unsigned requests (a missing Authorization header) carry it too.
    unsigned = [r for r in seen if "authorization" not in {k.lower() for k in r.headers}]
    assert any(_studio(r.path) == USER_RID for r in unsigned)
