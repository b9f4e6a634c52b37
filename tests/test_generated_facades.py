"""A new operation in a spec becomes a typed, documented method of both clients by generation."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from modelruns import dataplatform, foundry, nsml, pai
from modelruns._facades import dataplatform as dataplatform_facade
from modelruns._facades import foundry as foundry_facade
from modelruns._facades import nsml as nsml_facade
from modelruns._facades import pai as pai_facade
from modelruns._specs import PROVIDERS, load_spec

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "generate.py"
FACADES = ROOT / "overlay" / "modelruns" / "_facades"

NEW_PATH = "/v2/models/modelStudios/{modelStudioRid}/runs/{runId}"
NEW_OPERATION = {
    "operationId": "getModelStudioRun",
    "summary": "Get Model Studio Run",
    "description": "Gets one run of a Model Studio.",
    "tags": ["ModelStudios"],
    "x-modelruns-idempotent": True,
    "parameters": [
        {"$ref": "#/components/parameters/ModelStudioRid"},
        {
            "name": "runId",
            "in": "path",
            "required": True,
            "description": "The run's id.",
            "schema": {"type": "string"},
        },
        {
            "name": "view",
            "in": "query",
            "required": False,
            "description": "How much of the run to return.",
            "schema": {"type": "string", "enum": ["FULL", "SUMMARY"]},
        },
        {"$ref": "#/components/parameters/Preview"},
    ],
    "responses": {
        "200": {
            "description": "The run.",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/ModelStudioRun"}}
            },
        },
    },
}

NOTE_PATH = "/v2/models/modelStudios/{modelStudioRid}/runs/{runId}/notes"
NOTE_OPERATION = {
    "operationId": "addModelStudioRunNote",
    "summary": "Add Model Studio Run Note",
    "tags": ["ModelStudios"],
    "x-modelruns-idempotent": False,
    "parameters": [
        {"$ref": "#/components/parameters/ModelStudioRid"},
        {"name": "runId", "in": "path", "required": True, "schema": {"type": "string"}},
        {"$ref": "#/components/parameters/Preview"},
    ],
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RunNote"}}},
    },
    "responses": NEW_OPERATION["responses"],
}
RUN_NOTE = {
    "type": "object",
    "description": "A note on a run.",
    "required": ["text"],
    "properties": {
        "text": {"type": "string", "description": "The note."},
        "pinned": {"type": "boolean", "description": "Whether the note is pinned."},
    },
}

# Runs in a fresh interpreter: the runtime reads the copied spec, the copy's generated package
# and facade are imported from the temporary folders, and a loopback server answers.
CHILD = textwrap.dedent(
    """
    import asyncio, importlib.util, inspect, json, sys, threading, typing
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from pathlib import Path

    from modelruns import _specs
    from modelruns._auth import BearerAuth
    from modelruns._connect import Connection

    spec_copy, facade_file = Path(sys.argv[1]), Path(sys.argv[2])
    _specs.spec_path = lambda provider: spec_copy
    _specs.load_spec.cache_clear()
    loader = importlib.util.spec_from_file_location("next_facade", facade_file)
    facade = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(facade)

    run = json.loads(sys.argv[3])
    seen, posted = [], []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            body = json.dumps(run).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            posted.append(json.loads(self.rfile.read(int(self.headers["content-length"]))))
            self.do_GET()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/api"

    def connection():
        return Connection("foundry", url, BearerAuth("t0ken"), ("t0ken",))

    class Client(facade.ClientMethods):
        def __init__(self):
            super().__init__(connection(), 5.0, 0, None, None)

    class AsyncClient(facade.AsyncClientMethods):
        def __init__(self):
            super().__init__(connection(), 5.0, 0, None, None)

    rid = run["resolvedOutputs"]["model"]["modelRid"].replace("model.", "model-studio.")
    with Client() as client:
        got = client.get_model_studio_run(rid, "run-1", view="SUMMARY")
        client.add_model_studio_run_note(rid, "run-1", text="looks good", pinned=True)
        try:
            client.add_model_studio_run_note(rid, "run-1", pinned=True)
            missing = None
        except TypeError as error:
            missing = str(error)
        try:
            client.get_model_studio_run(rid, "run-1", view="PARTIAL")
            bad = None
        except ValueError as error:
            bad = str(error)

    async def main():
        async with AsyncClient() as client:
            await client.add_model_studio_run_note(rid, "run-2", text="async")
            return await client.get_model_studio_run(rid, "run-2")

    got_async = asyncio.run(main())
    server.shutdown()
    out = {}
    for kind in ("ClientMethods", "AsyncClientMethods"):
        method = getattr(getattr(facade, kind), "get_model_studio_run")
        hints = typing.get_type_hints(method, vars(facade))
        out[kind] = {
            "coroutine": inspect.iscoroutinefunction(method),
            "doc": inspect.getdoc(method),
            "params": {k: str(v) for k, v in hints.items()},
            "signature": str(inspect.signature(method)),
        }
    out["paths"] = seen
    out["run_ids"] = [got.run_id, got_async.run_id]
    out["types"] = [type(got).__name__, type(got_async).__name__]
    out["bad"] = bad
    out["posted"] = posted
    out["missing"] = missing
    out["idempotent"] = facade._GET_MODEL_STUDIO_RUN.idempotent
    print(json.dumps(out))
    """
)


def _copy_with_new_operation(tmp_path: Path) -> Path:
    specs = tmp_path / "specs"
    specs.mkdir()
    spec = yaml.safe_load((ROOT / "specs" / "foundry-model-studio.yaml").read_text())
    assert NEW_PATH not in spec["paths"]
    # The new get reads one run: the waiter moves to it from the list search.
    del spec["paths"]["/v2/models/modelStudios/{modelStudioRid}/runs"]["get"]["x-modelruns-wait"]
    spec["paths"][NEW_PATH] = {
        "get": {**NEW_OPERATION, "x-modelruns-wait": {"method": "wait_for_model_studio_run"}}
    }
    spec["paths"][NOTE_PATH] = {"post": NOTE_OPERATION}
    spec["components"]["schemas"]["RunNote"] = RUN_NOTE
    (specs / "foundry-model-studio.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
    # Another package name, so the copy's generated code never shadows the installed one.
    config = {
        "project_name_override": "foundry-next-client",
        "package_name_override": "foundry_next_client",
        "literal_enums": False,
    }
    (specs / "foundry-model-studio.config.yaml").write_text(yaml.safe_dump(config))
    return specs


@pytest.fixture(scope="module")
def generated_copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(specs, generated, facades) of the spec copy with the new operations, generated once."""
    tmp_path = tmp_path_factory.mktemp("new-operations")
    specs = _copy_with_new_operation(tmp_path)
    out, facades = tmp_path / "generated", tmp_path / "facades"
    result = subprocess.run(  # noqa: S603 - our own script, fixed argv
        [sys.executable, str(SCRIPT), "--specs", specs, "--out", out, "--facades", facades],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return specs, out, facades


def test_a_new_spec_operation_becomes_a_method_of_both_clients(
    generated_copy: tuple[Path, Path, Path],
) -> None:
    assert not hasattr(foundry.Client, "get_model_studio_run")
    specs, out, facades = generated_copy
    facade = facades / "foundry.py"
    assert "def get_model_studio_run(" in facade.read_text()
    example = load_spec("foundry")["paths"]["/v2/models/modelStudios/{modelStudioRid}/runs"]
    run = example["get"]["responses"]["200"]["content"]["application/json"]["example"]["data"][0]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(out), os.environ.get("PYTHONPATH", "")]),
    }
    child = subprocess.run(  # noqa: S603 - fixed argv, loopback only
        [
            sys.executable,
            "-c",
            CHILD,
            str(specs / "foundry-model-studio.yaml"),
            facade,
            json.dumps(run),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert child.returncode == 0, child.stderr
    report = json.loads(child.stdout)
    # Called over HTTP, with the path filled, the enum sent and preview=true added by the client.
    studio = "/api/v2/models/modelStudios/" + run["resolvedOutputs"]["model"]["modelRid"].replace(
        "model.", "model-studio."
    )
    assert report["paths"] == [
        f"{studio}/runs/run-1?view=SUMMARY&preview=true",
        f"{studio}/runs/run-1/notes?preview=true",
        f"{studio}/runs/run-2/notes?preview=true",
        f"{studio}/runs/run-2?preview=true",
    ]
    # The body built from keywords; a required body field left out is refused before sending.
    assert report["posted"] == [{"text": "looks good", "pinned": True}, {"text": "async"}]
    assert "add_model_studio_run_note() needs text=" in (report["missing"] or "")
    assert report["types"] == ["ModelStudioRun", "ModelStudioRun"]
    assert report["run_ids"] == [run["runId"], run["runId"]]
    assert "view must be one of FULL, SUMMARY" in (report["bad"] or "")
    assert report["idempotent"] is True
    sync, async_ = report["ClientMethods"], report["AsyncClientMethods"]
    assert sync["coroutine"] is False
    assert async_["coroutine"] is True
    for method in (sync, async_):
        # Typed from the spec: path ids, the inline enum (or its string), the model returned.
        assert method["params"]["model_studio_rid"] == "<class 'str'>"
        assert method["params"]["run_id"] == "<class 'str'>"
        assert "GetModelStudioRunView" in method["params"]["view"]
        assert {"str", "None"} <= set(method["params"]["view"].replace("|", " ").split())
        assert "ModelStudioRun" in method["params"]["return"]
        assert "preview" not in method["signature"]
        # Documented from the spec: summary, description and each parameter's description.
        assert method["doc"].startswith("Get Model Studio Run.")
        assert "Gets one run of a Model Studio." in method["doc"]
        assert "view: How much of the run to return." in method["doc"]
        assert "run_id: The run's id." in method["doc"]


def test_each_provider_client_takes_its_methods_from_the_generated_facade() -> None:
    pairs = {
        "foundry": (foundry, foundry_facade),
        "dataplatform": (dataplatform, dataplatform_facade),
        "pai": (pai, pai_facade),
        "nsml": (nsml, nsml_facade),
    }
    assert set(pairs) == set(PROVIDERS)
    for provider, (module, facade) in pairs.items():
        assert issubclass(module.Client, facade.ClientMethods), provider
        assert issubclass(module.AsyncClient, facade.AsyncClientMethods), provider
        # The hand-written module defines no operation method of its own.
        for cls in (module.Client, module.AsyncClient):
            own = {name for name in vars(cls) if not name.startswith("_")}
            assert own == set(), f"{provider}.{cls.__name__} defines {own}"


def test_every_facade_says_it_is_generated_and_matches_its_spec() -> None:
    for path in sorted(FACADES.glob("*.py")):
        assert "do not edit" in path.read_text().split('"""')[1], path.name
    for provider in PROVIDERS:
        assert load_spec(provider)["x-modelruns-provider"] == provider


CREDENTIAL_ENV = (
    "FOUNDRY_TOKEN",
    "FOUNDRY_HOSTNAME",
    "DATAPLATFORM_TOKEN",
    "DATAPLATFORM_API_KEY",
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "NCP_ACCESS_KEY",
    "NCP_SECRET_KEY",
    "NCP_APIGW_API_KEY",
)


def test_credentials_and_their_variables_come_from_the_spec(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in CREDENTIAL_ENV:
        monkeypatch.delenv(name, raising=False)
    expected = {
        foundry: "pass token= or set FOUNDRY_TOKEN",
        dataplatform: "missing one of these credentials: pass token= or set DATAPLATFORM_TOKEN; "
        "pass api_key= or set DATAPLATFORM_API_KEY",
        pai: "pass access_key_id= or set ALIBABA_CLOUD_ACCESS_KEY_ID; "
        "pass access_key_secret= or set ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        nsml: "pass access_key= or set NCP_ACCESS_KEY; pass secret_key= or set NCP_SECRET_KEY; "
        "pass api_key= or set NCP_APIGW_API_KEY",
    }
    for module, message in expected.items():
        with pytest.raises(ValueError, match=re.escape(message)):
            module.Client()
    with pytest.raises(ValueError, match="pass hostname= or set FOUNDRY_HOSTNAME"):
        foundry.Client(token="t")
    monkeypatch.setenv("DATAPLATFORM_API_KEY", "k")
    assert dataplatform.Client().base_url  # either credential is enough


def test_a_new_credential_keyword_becomes_a_constructor_keyword_of_both_clients() -> None:
    from scripts import facades, surface_clients
    from scripts.surface import SurfaceError

    spec = copy.deepcopy(load_spec("pai"))
    spec["x-modelruns-credentials"]["keywords"].append(
        {"keyword": "security_token", "env": ["ALIBABA_CLOUD_SECURITY_TOKEN"]}
    )
    del spec["x-modelruns-credentials"]["auth"]
    constructor = surface_clients.describe_constructor(spec)
    assert constructor.credentials == ("access_key_id", "access_key_secret", "security_token")
    assert constructor.variables == ("region",)
    assert constructor.auth is None
    for sync in (True, False):
        text = facades.render_constructor(constructor, "pai", errors=False, sync=sync)
        keywords = re.findall(r"^        (\w+): ", text, flags=re.MULTILINE)
        assert keywords[:5] == [
            "access_key_id",
            "access_key_secret",
            "security_token",
            "region",
            "base_url",
        ]
        assert "auth" not in keywords
        assert '"security_token": security_token' in text
        assert "named_errors" not in text
    spec["x-modelruns-credentials"]["keywords"].append({"keyword": "Bad-Name", "env": []})
    with pytest.raises(SurfaceError, match="Bad-Name"):
        surface_clients.describe_constructor(spec)


def test_named_errors_are_described_once_from_every_operation_that_lists_them() -> None:
    from scripts import surface_clients
    from scripts.surface import SurfaceError

    spec = copy.deepcopy(load_spec("foundry"))
    described = {e.name: e for e in surface_clients.describe_errors(spec)}
    assert set(described) == set(foundry.NAMED_ERRORS)
    launch = described["LaunchModelStudioPermissionDenied"]
    assert [(p.name, p.wires, p.type.text) for p in launch.properties] == [
        ("studio_rid", ("modelStudioRid", "studioRid"), "str")
    ]
    operations = [op for item in spec["paths"].values() for op in item.values()]
    listed = [e for op in operations for e in op.get("x-modelruns-errors", [])]
    # The same error listed twice must say the same thing.
    twice = next(e for e in listed if e["name"] == "ModelStudioNotFound")
    twice["summary"] = "Something else."
    with pytest.raises(SurfaceError, match=r"ModelStudioNotFound: its .* disagree"):
        surface_clients.describe_errors(spec)
    spec = copy.deepcopy(load_spec("foundry"))
    operations = [op for item in spec["paths"].values() for op in item.values()]
    listed = [e for op in operations for e in op.get("x-modelruns-errors", [])]
    once = next(e for e in listed if e["name"] == "LaunchModelStudioPermissionDenied")
    once["parameters"] = ["unknownParameter"]
    with pytest.raises(SurfaceError, match="unknownParameter is not in"):
        surface_clients.describe_errors(spec)


def test_a_preconfigured_auth_and_server_variables_need_no_credentials(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from modelruns import AcsV3Auth, NcpSignatureV2Auth

    for name in CREDENTIAL_ENV:
        monkeypatch.delenv(name, raising=False)
    client = pai.Client(auth=AcsV3Auth("id", "s3cret"), region="cn-shanghai")
    assert client.base_url == "https://aiworkspace.cn-shanghai.aliyuncs.com"
    assert client._secrets == ("s3cret",)
    assert nsml.Client(auth=NcpSignatureV2Auth("ak", "sk", "key")).base_url.startswith("https://")
    # A server variable without x-modelruns-env falls back to its default; one with it is read
    # from the environment, and base_url= makes it unnecessary.
    assert dataplatform.Client(api_key="k").base_url == "https://localhost:8080/v1"
    monkeypatch.setenv("FOUNDRY_HOSTNAME", "stack.example.com")
    assert foundry.Client(token="t").base_url == "https://stack.example.com/api"
    monkeypatch.delenv("FOUNDRY_HOSTNAME")
    assert foundry.Client(token="t", base_url="http://127.0.0.1:1/api").base_url.endswith("/api")
    # Both Data Platform credentials given: the token signs (a bearer JWT).
    both = dataplatform.Client(token="jwt", api_key="k")
    assert repr(both).count("BearerAuth") == 1


# Runs in a fresh interpreter, as CHILD: a generated waiter over the copy's new get operation.
WAITER_CHILD = textwrap.dedent(
    """
    import asyncio, importlib.util, inspect, json, sys, threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from pathlib import Path

    from modelruns import _specs
    from modelruns._auth import BearerAuth
    from modelruns._connect import Connection

    spec_copy, facade_file = Path(sys.argv[1]), Path(sys.argv[2])
    _specs.spec_path = lambda provider: spec_copy
    _specs.load_spec.cache_clear()
    loader = importlib.util.spec_from_file_location("next_facade", facade_file)
    facade = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(facade)

    run = json.loads(sys.argv[3])
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            status = "SUCCEEDED" if len(seen) % 3 == 0 else "RUNNING"
            body = json.dumps({**run, "buildStatus": status}).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/api"

    def connection():
        return Connection("foundry", url, BearerAuth("t0ken"), ("t0ken",))

    class Client(facade.ClientMethods):
        def __init__(self):
            super().__init__(connection(), 5.0, 0, None, None)

    class AsyncClient(facade.AsyncClientMethods):
        def __init__(self):
            super().__init__(connection(), 5.0, 0, None, None)

    rid = run["resolvedOutputs"]["model"]["modelRid"].replace("model.", "model-studio.")
    polled = []
    with Client() as client:
        done = client.wait_for_model_studio_run(
            rid, "run-1", poll_interval=0.01, on_poll=polled.append
        )

    async def main():
        async with AsyncClient() as client:
            return await client.wait_for_model_studio_run(rid, "run-2", poll_interval=0.01)

    done_async = asyncio.run(main())
    server.shutdown()
    print(json.dumps({
        "paths": seen,
        "statuses": [str(r.build_status) for r in polled],
        "final": [str(done.build_status), str(done_async.build_status)],
        "coroutine": inspect.iscoroutinefunction(
            facade.AsyncClientMethods.wait_for_model_studio_run
        ),
        "signature": str(inspect.signature(facade.ClientMethods.wait_for_model_studio_run)),
    }))
    """
)


def test_a_new_operation_with_x_modelruns_wait_gets_a_waiter_on_both_clients(
    generated_copy: tuple[Path, Path, Path],
) -> None:
    specs, out, facades = generated_copy
    facade = facades / "foundry.py"
    text = facade.read_text()
    assert text.count("def wait_for_model_studio_run(") == 2  # sync and async
    assert "self.get_model_studio_run(model_studio_rid, run_id, **options)" in text
    example = load_spec("foundry")["paths"]["/v2/models/modelStudios/{modelStudioRid}/runs"]
    run = example["get"]["responses"]["200"]["content"]["application/json"]["example"]["data"][0]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(out), os.environ.get("PYTHONPATH", "")]),
    }
    child = subprocess.run(  # noqa: S603 - fixed argv, loopback only
        [
            sys.executable,
            "-c",
            WAITER_CHILD,
            str(specs / "foundry-model-studio.yaml"),
            facade,
            json.dumps(run),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert child.returncode == 0, child.stderr
    report = json.loads(child.stdout)
    # Polled the new get (path filled, preview=true added) until the spec's final state.
    assert report["paths"][0].endswith("/runs/run-1?preview=true")
    assert report["paths"][-1].endswith("/runs/run-2?preview=true")
    assert len(report["paths"]) == 6
    assert report["statuses"] == ["RUNNING", "RUNNING", "SUCCEEDED"]
    assert report["final"] == ["SUCCEEDED", "SUCCEEDED"]
    assert report["coroutine"] is True
    assert "(self, model_studio_rid: 'str', run_id: 'str', *, timeout:" in report["signature"]
