"""Stateful, spec-driven fakes of the four run APIs, for tests and local development.

Each provider's stub serves its real paths at the root of its own port, validates requests
against the spec, checks credentials the way the provider does, and answers in the
provider's own error body, so any client of the real API works against it::

    from modelruns.stubs import StubServer

    with StubServer("foundry", runs=10) as server:
        print(server.base_url)  # http://127.0.0.1:<port>/api

It needs the ``stubs`` extra (a missing one is named with the command that adds it to this
installation); in a pytest suite the
``modelruns_stub`` fixture starts one per test.
"""

from __future__ import annotations

try:
    from modelruns.stubs._app import StubApp
    from modelruns.stubs._config import Deviation, Faults
    from modelruns.stubs._credentials import Credentials
    from modelruns.stubs._provider import ProviderStub
    from modelruns.stubs._server import DEFAULT_PORTS, StubServer, base_path, create_app
except ModuleNotFoundError as error:
    if error.name is None or error.name.split(".")[0] == "modelruns":
        raise
    # Said once, here, for every way in: the library, the command and the pytest fixture.
    from modelruns._install import install_command

    raise ModuleNotFoundError(
        f"modelruns.stubs needs the 'stubs' extra ({error.name} is not installed): "
        + install_command("stubs"),
        name=error.name,
    ) from None

__all__ = [
    "DEFAULT_PORTS",
    "Credentials",
    "Deviation",
    "Faults",
    "ProviderStub",
    "StubApp",
    "StubServer",
    "base_path",
    "create_app",
]
