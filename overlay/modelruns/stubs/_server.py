"""Building a provider's stub app, and serving it with uvicorn on a background thread."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import dataclasses
import socket
import threading
import time
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any

import httpx
import uvicorn

from modelruns._compat.uvicorn import PARSERS, Parser, bounded_protocol
from modelruns._specs import PROVIDERS, Provider
from modelruns._specs import base_path as spec_base_path
from modelruns.stubs._app import DEFAULT_BODY_TIMEOUT_SECONDS, DEFAULT_MAX_BODY_BYTES, StubApp
from modelruns.stubs._config import Deviation, Faults, RunLife
from modelruns.stubs._credentials import Credentials
from modelruns.stubs._dataplatform import DataPlatformStub
from modelruns.stubs._foundry import FoundryStub
from modelruns.stubs._nsml import NsmlStub
from modelruns.stubs._pai import PaiStub
from modelruns.stubs._provider import ProviderStub

__all__ = [
    "DEFAULT_HEADER_TIMEOUT_SECONDS",
    "DEFAULT_PORTS",
    "StubServer",
    "base_path",
    "create_app",
]

_STUBS: dict[Provider, type[ProviderStub]] = {
    "foundry": FoundryStub,
    "dataplatform": DataPlatformStub,
    "pai": PaiStub,
    "nsml": NsmlStub,
}
#: Where ``modelruns stub`` (and ``make stub``) serves each provider unless ``--port`` is given:
#: fixed, so a client's configuration keeps working across restarts.
DEFAULT_PORTS: dict[Provider, int] = {
    "foundry": 8101,
    "dataplatform": 8102,
    "pai": 8103,
    "nsml": 8104,
}
_START_TIMEOUT_SECONDS = 10.0
#: A connection must deliver a request's complete headers within this many seconds of
#: opening (or of its previous response); otherwise it is closed.
DEFAULT_HEADER_TIMEOUT_SECONDS = 10.0
#: How long an in-process call may take when the client sets no timeout.
_IN_PROCESS_TIMEOUT_SECONDS = 60.0


def base_path(provider: Provider) -> str:
    """The path part of the spec's server URL: where the stub serves the API."""
    return spec_base_path(provider)


def create_app(
    provider: Provider,
    *,
    runs: int = 25,
    seed: int = 0,
    faults: Faults | str | None = None,
    latency_ms: int | None = None,
    deviations: Iterable[Deviation | str] = (),
    credentials: Credentials | None = None,
    rate_limit: int | None = None,
    clock: Callable[[], float] = time.time,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    body_timeout: float = DEFAULT_BODY_TIMEOUT_SECONDS,
    realism: bool = False,
    run_seconds: float | None = None,
    fail_rate: float = 0.0,
) -> StubApp:
    """A Starlette app that behaves like the provider's API, seeded deterministically.

    `runs` runs are seeded in each container (Foundry studio, PAI workspace, NSML project,
    Data Platform deployment) from `seed`. `credentials` defaults to `Credentials.from_env()`.
    `rate_limit` is requests per 60-second window (Data Platform reports it in
    ``X-RateLimit-*`` headers); beyond it every provider answers 429 with ``Retry-After``.
    `clock` (epoch seconds) drives timestamps, signature windows and rate-limit windows.
    `faults` may be given as the command line's text (``"429=0.1,drop=0.01"``) and
    `latency_ms` adds a delay to every response, as ``--latency-ms`` does. A body larger than
    `max_body_bytes` is answered 413, one slower than `body_timeout` seconds 408.
    `realism` answers errors as the provider's real server does where that is not the spec's
    JSON error body (Data Platform's plain-text 400s and 500, Foundry's empty-bodied 404 for an
    unknown API and its QoS 429/503), so clients can be tested against them.
    `run_seconds` and `fail_rate` say how a started run (a Data Platform trigger, a Foundry
    launch) progresses (`RunLife`): by default one status per poll, each succeeding; with
    `run_seconds` it finishes that many seconds after it started, by `clock`; `fail_rate` is
    the share of started runs that end failed, drawn from `seed`.
    """
    if provider not in _STUBS:
        raise ValueError(f"unknown provider {provider!r}; expected one of: {', '.join(PROVIDERS)}")
    if runs < 0:
        raise ValueError(f"runs must not be negative, got {runs}")
    if rate_limit is not None and rate_limit < 1:
        raise ValueError(f"rate_limit must be at least 1, got {rate_limit}")
    if isinstance(faults, str):
        faults = Faults.parse(faults)
    faults = faults or Faults()
    if latency_ms is not None:
        faults = dataclasses.replace(faults, latency_ms=latency_ms)
    stub = _STUBS[provider](
        runs=runs,
        seed=seed,
        credentials=credentials if credentials is not None else Credentials.from_env(),
        clock=clock,
        life=RunLife(run_seconds=run_seconds, fail_rate=fail_rate),
    )
    return StubApp(
        stub,
        faults=faults,
        deviations=[Deviation(d) for d in deviations],
        rate_limit=rate_limit,
        max_body_bytes=max_body_bytes,
        body_timeout=body_timeout,
        realism=realism,
    )


class StubServer:
    """Serve a stub app over HTTP on a background thread (a context manager).

    Binds to ``host`` (loopback by default) on ``port`` (0: the OS picks a free one);
    `base_url` is what an SDK client for the provider takes as its base URL. ``log_level`` is
    uvicorn's; a server that is fed malformed requests on purpose passes ``"error"``.
    A connection that has not sent a request's complete headers within ``header_timeout``
    seconds is closed. ``parser`` is uvicorn's HTTP parser: ``"httptools"`` (llhttp, the
    fast one) or ``"h11"``; either way a request framed by both ``Transfer-Encoding`` and
    ``Content-Length`` is refused. Other keywords go to `create_app` (``runs``, ``seed``,
    ``faults``, ``latency_ms``, ``deviations``, ``credentials``, ``rate_limit``, ...).

    With ``in_process=True`` no socket is opened: `client_options` carries an
    ``http_client`` whose transport calls the app directly (`async_client_options` for an
    ``AsyncClient``), for tests that need no network at all.
    """

    def __init__(
        self,
        provider: Provider,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        app: StubApp | None = None,
        log_level: str = "warning",
        in_process: bool = False,
        header_timeout: float = DEFAULT_HEADER_TIMEOUT_SECONDS,
        parser: Parser = "httptools",
        **options: Any,
    ) -> None:
        if not 0 <= port <= 65535:
            raise ValueError(f"port must be between 0 and 65535, got {port}")
        if header_timeout <= 0:
            raise ValueError(f"header_timeout must be positive, got {header_timeout}")
        if parser not in PARSERS:
            raise ValueError(f"parser must be one of {', '.join(PARSERS)}, got {parser!r}")
        self.parser = parser
        self.provider = provider
        self.app = app if app is not None else create_app(provider, **options)
        self.host = host
        self.log_level = log_level
        self.in_process = in_process
        self.header_timeout = header_timeout
        self._requested_port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._loop: _LoopThread | None = None
        self._clients: list[httpx.Client] = []
        self.port: int | None = None

    @property
    def running(self) -> bool:
        """Whether the server has been started and not stopped."""
        return self._thread is not None or self._loop is not None

    @property
    def base_url(self) -> str:
        """``http://host:port`` plus the API's base path, e.g. ``http://127.0.0.1:8123/api``.

        In process, the host is ``PROVIDER.localhost`` and no port is listening.
        """
        if not self.running:
            raise RuntimeError("the server is not running; call start() or use it in a with block")
        if self.in_process:
            return f"http://{self.provider}.localhost{base_path(self.provider)}"
        return f"http://{self.host}:{self.port}{base_path(self.provider)}"

    def client_options(self) -> dict[str, Any]:
        """Keyword arguments for the provider's SDK client: ``base_url`` and credentials it accepts.

        ``foundry.Client(**server.client_options())`` talks to this server as it is configured.
        In process, an ``http_client`` (an ``httpx.Client`` calling the app) is included; the
        server closes it when it stops.
        """
        options = self._options()
        if self.in_process:
            assert self._loop is not None
            http_client = httpx.Client(transport=_InProcessTransport(self.app, self._loop))
            self._clients.append(http_client)
            options["http_client"] = http_client
        return options

    def async_client_options(self) -> dict[str, Any]:
        """Like `client_options`, for the provider's ``AsyncClient``."""
        options = self._options()
        if self.in_process:
            options["http_client"] = httpx.AsyncClient(transport=httpx.ASGITransport(self.app))
        return options

    def _options(self) -> dict[str, Any]:
        accepted = self.app.stub.credentials.client_keywords(self.provider)
        return {"base_url": self.base_url, **accepted}

    def start(self) -> StubServer:
        """Start serving; returns once the socket is listening (at once, in process).

        Raises `RuntimeError` naming the address when it cannot be bound (for example, the
        port is in use).
        """
        if self.running:
            raise RuntimeError("the server is already running")
        if self.in_process:
            self._loop = _LoopThread(f"modelruns-stub-{self.provider}")
            return self
        sock = self._bind()
        config = uvicorn.Config(
            self.app,
            log_level=self.log_level,
            access_log=False,
            lifespan="off",
            http=bounded_protocol(self.parser, self._malformed_reply, self.header_timeout),
            timeout_keep_alive=max(1, round(self.header_timeout)),
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run,
            kwargs={"sockets": [sock]},
            name=f"modelruns-stub-{self.provider}",
            daemon=True,
        )
        thread.start()
        deadline = time.monotonic() + _START_TIMEOUT_SECONDS
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                server.should_exit = True
                thread.join(timeout=_START_TIMEOUT_SECONDS)
                sock.close()
                where = f"{self.host}:{self._requested_port}"
                raise RuntimeError(f"the {self.provider} stub could not listen on {where}")
            time.sleep(0.01)
        self.port = sock.getsockname()[1]
        self._server, self._thread = server, thread
        return self

    def _malformed_reply(self, message: str | None) -> tuple[int, bytes]:
        # Looked up when needed: `app` may be a wrapper that forwards only what is used.
        return self.app.malformed_request_reply(message)

    def _bind(self) -> socket.socket:
        where = f"{self.host}:{self._requested_port}"
        try:
            family, kind, protocol, _, address = socket.getaddrinfo(
                self.host, self._requested_port, type=socket.SOCK_STREAM
            )[0]
            sock = socket.socket(family, kind, protocol)
        except OSError as error:
            raise RuntimeError(
                f"the {self.provider} stub cannot listen on {where}: {error}"
            ) from None
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
        except OSError as error:
            sock.close()
            reason = error.strerror or str(error)
            raise RuntimeError(
                f"the {self.provider} stub cannot listen on {where}: {reason}"
            ) from None
        return sock

    def stop(self) -> None:
        """Stop serving and wait for the server thread to finish."""
        for client in self._clients:
            client.close()
        self._clients.clear()
        if self._loop is not None:
            self._loop.close()
            self._loop = None
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
        where = self.base_url if self.running else "stopped"
        return f"StubServer({self.provider!r}, {where})"


class _LoopThread:
    """An event loop on its own thread, where in-process calls to a stub app run."""

    def __init__(self, name: str) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)
        self._thread.start()

    def run(self, coroutine: Any, timeout: float) -> Any:
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            return future.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise

    def close(self) -> None:
        async def cancel_pending() -> None:
            tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        with contextlib.suppress(concurrent.futures.TimeoutError):
            self.run(cancel_pending(), _START_TIMEOUT_SECONDS)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=_START_TIMEOUT_SECONDS)
        if not self._thread.is_alive():
            self.loop.close()


class _InProcessTransport(httpx.BaseTransport):
    """A synchronous httpx transport that hands each request to the stub app in process."""

    def __init__(self, app: StubApp, loop: _LoopThread) -> None:
        self._asgi = httpx.ASGITransport(app)
        self._loop = loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        content = request.read()

        async def call() -> tuple[int, list[tuple[bytes, bytes]], bytes]:
            forwarded = httpx.Request(
                request.method, request.url, headers=request.headers, content=content
            )
            response = await self._asgi.handle_async_request(forwarded)
            body = await response.aread()
            return response.status_code, response.headers.raw, body

        timeouts = request.extensions.get("timeout", {})
        limit = timeouts.get("read") or _IN_PROCESS_TIMEOUT_SECONDS
        try:
            status, headers, body = self._loop.run(call(), limit)
        except concurrent.futures.TimeoutError:
            raise httpx.ReadTimeout(f"no answer within {limit} s", request=request) from None
        return httpx.Response(status, headers=headers, content=body)

    def close(self) -> None:
        """Nothing to release: the server owns the loop and stops it."""
