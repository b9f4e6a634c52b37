"""`_probe`: one signed GET before the run; what answers it must be an API."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from modelruns._specs import load_spec
from modelruns.conformance import UnreachableError, _guard
from modelruns.conformance._auth import build_auth, install_auth
from modelruns.conformance._masking import Masker
from modelruns.conformance._probe import probe
from modelruns.conformance._schema import load_schema
from modelruns.stubs import Credentials, StubServer

from ._servers import Answer, scripted_server


def _probe(url: str) -> None:
    schema = load_schema(load_spec("foundry"), url, max_examples=1, seed=1)
    _guard.install(schema, _guard.RunGuard(allow_writes=False, timeout=5))
    adapter = install_auth(schema, build_auth("foundry", Credentials()))
    probe(schema, adapter, url, Masker([], []))


def test_a_stub_that_answers_passes_the_probe() -> None:
    with StubServer("foundry", log_level="error") as server:
        _probe(server.base_url)


def _answer(status: int, body: bytes, kind: str) -> Callable[[str, str, bytes], Answer]:
    def answer(method: str, path: str, sent: bytes) -> Answer:
        return status, {"Content-Type": kind, "Content-Length": str(len(body))}, iter([body])

    return answer


@pytest.mark.parametrize(
    ("status", "body", "kind", "reason"),
    [
        (200, b"<html></html>", "text/html", "with text/html that is not JSON"),
        (401, b"{}", "application/json", "answered 401: the server rejected the credentials"),
        (404, b'{"nope": 1}', "application/json", "answered 404 with a body the spec does not"),
    ],
)
def test_what_is_not_an_api_is_unreachable(
    status: int, body: bytes, kind: str, reason: str
) -> None:
    with (
        scripted_server(_answer(status, body, kind)) as (url, _),
        pytest.raises(UnreachableError, match=reason),
    ):
        _probe(url + "/api")


def test_a_refused_connection_names_the_url() -> None:
    with pytest.raises(
        UnreachableError, match=r"cannot reach http://127\.0\.0\.1:9/api: connection"
    ):
        _probe("http://127.0.0.1:9/api")
