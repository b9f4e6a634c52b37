"""Recording a client's traffic as HAR 1.2: valid after every call, shared, bounded, masked."""

from __future__ import annotations

import asyncio
import json
import os
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

import modelruns
from modelruns import dataplatform, foundry, nsml, pai
from modelruns._record import Recorder
from modelruns.stubs import StubServer
from tests.unit.test_clients import RID, example

TOKEN = "tok-secret-123456"


def _echo(request: httpx.Request) -> httpx.Response:
    # A server that echoes the credential back in its body (the masking must catch it).
    body = example("foundry", "listModelStudioRuns")
    body.pop("nextPageToken", None)
    body["data"][0]["buildStatus"] = "QUEUED"  # a deviation the lenient decoder reports
    body["echo"] = request.headers.get("authorization", "")
    return httpx.Response(200, json=body)


def _client(path: Path, **options: Any) -> foundry.Client:
    http = httpx.Client(transport=httpx.MockTransport(_echo))
    return foundry.Client(
        token=TOKEN, hostname="h", http_client=http, record_to=path, strict=False, **options
    )


def test_every_call_leaves_a_valid_har_with_its_exchange_and_deviations(tmp_path: Path) -> None:
    path = tmp_path / "t.har"
    client = _client(path)
    list(client.list_model_studio_runs(RID))
    first = json.loads(path.read_text())
    list(client.list_model_studio_runs(RID))
    log = json.loads(path.read_text())["log"]
    assert len(first["log"]["entries"]) == 1
    assert log["version"] == "1.2"
    assert len(log["entries"]) == 2
    entry = log["entries"][0]
    assert entry["request"]["method"] == "GET"
    assert entry["response"]["status"] == 200
    assert entry["response"]["content"]["mimeType"] == "application/json"
    assert json.loads(entry["response"]["content"]["text"])["data"][0]["buildStatus"] == "QUEUED"
    assert entry["_modelruns_operation"] == "listModelStudioRuns"
    assert {"send", "wait", "receive"} <= entry["timings"].keys()
    [deviation] = log["_modelruns_deviations"]
    assert deviation["path"] == "$.data[*].buildStatus"
    assert deviation["count"] == 2


def test_no_credential_reaches_the_file_header_query_or_echoed_body(tmp_path: Path) -> None:
    path = tmp_path / "t.har"
    list(_client(path).list_model_studio_runs(RID))
    text = path.read_text()
    assert TOKEN not in text
    headers = json.loads(text)["log"]["entries"][0]["request"]["headers"]
    assert {"name": "authorization", "value": "****"} in headers


def test_signing_providers_keep_their_keys_and_signatures_out(tmp_path: Path) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        echoed = {k: v for k, v in request.headers.items() if k.startswith(("x-", "auth"))}
        return httpx.Response(404, json={"message": f"echo {echoed}"})

    path = tmp_path / "t.har"
    secrets = ["AKIDsecret-access-1", "very-secret-key-2", "apikey-secret-3"]
    clients: list[Any] = [
        pai.Client(
            access_key_id=secrets[0],
            access_key_secret=secrets[1],
            region="cn-hangzhou",
            http_client=httpx.Client(transport=httpx.MockTransport(answer)),
            record_to=path,
            max_retries=0,
        ),
        nsml.Client(
            access_key=secrets[0],
            secret_key=secrets[1],
            api_key=secrets[2],
            http_client=httpx.Client(transport=httpx.MockTransport(answer)),
            record_to=path,
            max_retries=0,
        ),
    ]
    with pytest.raises(modelruns.APIStatusError):
        clients[0].get_run("r1")
    with pytest.raises(modelruns.APIStatusError):
        list(clients[1].get_run_list())
    text = path.read_text()
    entries = json.loads(text)["log"]["entries"]
    assert entries, "nothing recorded"
    for secret in secrets:
        assert secret not in text
    for request in seen:
        for name, value in request.headers.items():
            if name.lower() in ("x-ncp-apigw-signature-v2", "authorization"):
                assert value not in text, name


def test_threads_and_clients_share_one_file_in_order(tmp_path: Path) -> None:
    path = tmp_path / "t.har"
    clients = [_client(path) for _ in range(3)]

    def work(client: foundry.Client) -> None:
        for _ in range(5):
            list(client.list_model_studio_runs(RID))

    threads = [threading.Thread(target=work, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(json.loads(path.read_text())["log"]["entries"]) == 15


def test_async_clients_record_too(tmp_path: Path) -> None:
    path = tmp_path / "t.har"

    async def main() -> None:
        http = httpx.AsyncClient(transport=httpx.MockTransport(_echo))
        client = foundry.AsyncClient(
            token=TOKEN, hostname="h", http_client=http, record_to=path, strict=False
        )

        async def walk() -> None:
            async for _run in client.list_model_studio_runs(RID):
                pass

        await asyncio.gather(*(walk() for _ in range(3)))

    asyncio.run(main())
    assert len(json.loads(path.read_text())["log"]["entries"]) == 3


def test_the_environment_variable_records_and_an_existing_har_is_continued(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "env.har"
    path.write_text(json.dumps({"log": {"version": "1.2", "entries": [{"x": 1}]}}))
    monkeypatch.setenv("MODELRUNS_RECORD", str(path))
    http = httpx.Client(transport=httpx.MockTransport(_echo))
    client = dataplatform.Client(token=TOKEN, http_client=http, base_url="http://h/v1")
    with pytest.raises(modelruns.APIError):
        client.get_model_run("3f2c8a4e-9b1d-4c6e-8f7a-2d5b6c9e0a1f")
    entries = json.loads(path.read_text())["log"]["entries"]
    assert entries[0] == {"x": 1}
    assert len(entries) == 2


def test_a_file_that_is_not_a_har_is_refused_naming_the_keyword(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my notes")
    with pytest.raises(ValueError, match=r"record_to=.*not a HAR"):
        _client(path)
    assert path.read_text() == "my notes"


def test_the_cap_keeps_the_file_bounded_and_counts_what_it_dropped(tmp_path: Path) -> None:
    path = tmp_path / "t.har"
    recorder = Recorder(path, max_bytes=3000)
    request = httpx.Request("GET", "http://h/x")
    response = httpx.Response(200, content=b"a" * 1000, request=request)
    for _ in range(10):
        recorder.record("op", request, response, 0.01, (), ())
    log = json.loads(path.read_text())["log"]
    assert path.stat().st_size <= 3000 + 200
    assert 0 < len(log["entries"]) < 10
    assert log["_modelruns_dropped"] == 10 - len(log["entries"])


def test_a_file_that_cannot_be_written_stops_the_recording_not_the_call(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "t.har"
    client = _client(path)
    recorder = client._recorder
    assert recorder is not None
    recorder._file.close()  # as a full disk would: every write now fails
    assert len(list(client.list_model_studio_runs(RID))) == 1
    assert "cannot be written, recording stops" in caplog.text


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX")
def test_a_forked_child_records_to_its_own_file_and_leaves_the_parents_whole(
    tmp_path: Path,
) -> None:
    path = tmp_path / "t.har"
    # Over HTTP to a stub: a caller's http_client= is refused in a forked child (its pool is
    # the parent's), while a client's own connections are made anew there.
    with StubServer("foundry", runs=1) as stub:
        client = foundry.Client(**stub.client_options(), record_to=path)
        studio = stub.app.stub.studio_rid  # type: ignore[attr-defined]
        list(client.list_model_studio_runs(studio))
        pid = os.fork()
        if pid == 0:  # the child: one call through the client it inherited, then out
            code = 0
            try:
                list(client.list_model_studio_runs(studio))
            except BaseException:
                code = 1
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        list(client.list_model_studio_runs(studio))
        client.close()
    assert len(json.loads(path.read_text())["log"]["entries"]) == 2
    child = tmp_path / f"t.{pid}.har"
    assert len(json.loads(child.read_text())["log"]["entries"]) == 1
