"""Building a provider's stub app, and serving it with uvicorn on a background thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import uvicorn

from modelruns._specs import PROVIDERS, Provider, load_spec
from modelruns.stubs._app import ProviderStub, StubApp
from modelruns.stubs._config import Deviation, Faults
from modelruns.stubs._credentials import Credentials
from modelruns.stubs._dataplatform import DataPlatformStub
from modelruns.stubs._foundry import FoundryStub
from modelruns.stubs._nsml import NsmlStub
from modelruns.stubs._pai import PaiStub

__all__ = ["StubServer", "base_path", "create_app"]

_STUBS: dict[Provider, type[ProviderStub]] = {
    "foundry": FoundryStub,
    "dataplatform": DataPlatformStub,
    "pai": PaiStub,
    "nsml": NsmlStub,
}
_START_TIMEOUT_SECONDS = 10.0


#: SDK client keyword -> `Credentials` field, per provider.
_CLIENT_CREDENTIALS: dict[Provider, dict[str, str]] = {
    "foundry": {"token": "foundry_token"},
    "dataplatform": {"token": "dataplatform_token"},
    "pai": {"access_key_id": "access_key_id", "access_key_secret": "access_key_secret"},
    "nsml": {
        "access_key": "ncp_access_key",
        "secret_key": "ncp_secret_key",
        "api_key": "ncp_api_key",
    },
}


def base_path(provider: Provider) -> str:
    """The path part of the spec's server URL: where the stub serves the API."""
    url: str = load_spec(provider)["servers"][0]["url"]
    return urlsplit(url).path.rstrip("/")


def create_app(
    provider: Provider,
    *,
    runs: int = 25,
    seed: int = 0,
    faults: Faults | None = None,
    deviations: Iterable[Deviation | str] = (),
    credentials: Credentials | None = None,
    rate_limit: int | None = None,
    clock: Callable[[], float] = time.time,
    realism: bool = False,
) -> StubApp:
    """A Starlette app that behaves like the provider's API, seeded deterministically.

    `runs` runs are seeded in each container (Foundry studio, PAI workspace, NSML project,
    Data Platform deployment) from `seed`. `credentials` defaults to `Credentials.from_env()`.
    `rate_limit` is requests per 60-second window (Data Platform reports it in
    ``X-RateLimit-*`` headers); beyond it every provider answers 429 with ``Retry-After``.
    `clock` (epoch seconds) drives timestamps, signature windows and rate-limit windows.
    `realism` answers errors as the provider's real server does where that is not the spec's
    JSON error body (Data Platform's plain-text 400s, Foundry's empty-bodied 404 for an
    unknown API and its QoS 429/503), so clients can be tested against them.
    """
    if provider not in _STUBS:
        raise ValueError(f"unknown provider {provider!r}; expected one of: {', '.join(PROVIDERS)}")
    if runs < 0:
        raise ValueError(f"runs must not be negative, got {runs}")
    if rate_limit is not None and rate_limit < 1:
        raise ValueError(f"rate_limit must be at least 1, got {rate_limit}")
    stub = _STUBS[provider](
        runs=runs,
        seed=seed,
        credentials=credentials if credentials is not None else Credentials.from_env(),
        clock=clock,
    )
    return StubApp(
        stub,
        faults=faults or Faults(),
        deviations=[Deviation(d) for d in deviations],
        rate_limit=rate_limit,
        realism=realism,
    )


class StubServer:
    """Serve a stub app over HTTP on a background thread (a context manager).

    Binds to ``host`` (loopback by default) on ``port`` (0: the OS picks a free one);
    `base_url` is what an SDK client for the provider takes as its base URL. ``log_level`` is
    uvicorn's; a server that is fed malformed requests on purpose passes ``"error"``.
    """

    def __init__(
        self,
        provider: Provider,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        app: StubApp | None = None,
        log_level: str = "warning",
        **options: Any,
    ) -> None:
        self.provider = provider
        self.app = app if app is not None else create_app(provider, **options)
        self.host = host
        self.log_level = log_level
        self._requested_port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port: int | None = None

    @property
    def base_url(self) -> str:
        """``http://host:port`` plus the API's base path, e.g. ``http://127.0.0.1:8123/api``."""
        if self.port is None:
            raise RuntimeError("the server is not running; call start() or use it in a with block")
        return f"http://{self.host}:{self.port}{base_path(self.provider)}"

    def client_options(self) -> dict[str, str]:
        """Keyword arguments for the provider's SDK client: ``base_url`` and credentials it accepts.

        ``foundry.Client(**server.client_options())`` talks to this server as it is configured.
        """
        accepted = self.app.stub.credentials
        options = {
            kw: getattr(accepted, field) for kw, field in _CLIENT_CREDENTIALS[self.provider].items()
        }
        return {"base_url": self.base_url, **options}

    def start(self) -> StubServer:
        """Start serving; returns once the socket is listening."""
        if self._thread is not None:
            raise RuntimeError("the server is already running")
        config = uvicorn.Config(
            self.app,
            host=self.host,
            port=self._requested_port,
            log_level=self.log_level,
            access_log=False,
            lifespan="off",
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, name=f"modelruns-stub-{self.provider}", daemon=True
        )
        thread.start()
        deadline = time.monotonic() + _START_TIMEOUT_SECONDS
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                server.should_exit = True
                thread.join(timeout=_START_TIMEOUT_SECONDS)
                where = f"{self.host}:{self._requested_port}"
                raise RuntimeError(f"the {self.provider} stub could not listen on {where}")
            time.sleep(0.01)
        self.port = server.servers[0].sockets[0].getsockname()[1]
        self._server, self._thread = server, thread
        return self

    def stop(self) -> None:
        """Stop serving and wait for the server thread to finish."""
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(timeout=_START_TIMEOUT_SECONDS)
        self._server = self._thread = None
        self.port = None

    def __enter__(self) -> StubServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.base_url if self.port is not None else "stopped"
        return f"StubServer({self.provider!r}, {where})"
