"""The ``modelruns_stub`` pytest fixture, registered through the ``pytest11`` entry point.

::

    def test_lists_runs(modelruns_stub):
        server = modelruns_stub("nsml", runs=7)
        with nsml.Client(**server.client_options()) as client:
            assert len(list(client.get_run_list())) == 7

The stubs are imported only when the fixture is used, so a plain install (without the
``stubs`` extra) loads this plugin at no cost; using the fixture there fails the test with
the one line that says what to install.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

import pytest

if TYPE_CHECKING:
    from modelruns.stubs import StubServer

__all__ = ["StubFactory", "modelruns_stub"]


class StubFactory(Protocol):
    """Starts a stub server for the current test: ``modelruns_stub("pai", runs=3)``."""

    def __call__(self, provider: str, **options: Any) -> StubServer:
        """`StubServer` options (``in_process``, ``port``) and the command line's:
        ``runs``, ``seed``, ``faults`` (``"429=0.1"`` or a `Faults`), ``latency_ms``,
        ``deviations``, ``rate_limit``, ``credentials``, ``run_seconds``, ``fail_rate``."""
        ...


@pytest.fixture
def modelruns_stub() -> Iterator[StubFactory]:
    """A factory of running stub servers, each stopped when the test ends."""
    started: list[StubServer] = []

    def start(provider: str, **options: Any) -> StubServer:
        try:
            from modelruns.stubs import StubServer
        except ModuleNotFoundError as error:
            pytest.fail(str(error), pytrace=False)
        server = StubServer(provider, **options).start()  # type: ignore[arg-type]
        started.append(server)
        return server

    yield start
    for server in reversed(started):
        server.stop()
