"""Run as a program: prefetched walks interrupted by SIGINT while the server holds answers.

For each walk (sync and async, a page-number walk with ``prefetch=4`` and a token walk with
``prefetch=1``) a loopback server answers the first page at once and holds every later answer;
once the first page is in, SIGINT is sent to this process. Prints one JSON line per walk: how
long KeyboardInterrupt took to arrive after the signal (sent while the walk waits for a page, or
while the loop's own code runs), the threads left besides those that
were there before, and the connections the server still has open once the client is closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

from modelruns import dataplatform, nsml
from tests.unit.test_clients import example

#: How long a held answer waits; far beyond what an interrupted walk may take to end.
HOLD = 20.0
#: The calls' timeout: on the code before the fix, Ctrl-C waited for it.
TIMEOUT = 8.0


def _response(body: dict[str, Any]) -> bytes:
    data = json.dumps(body).encode()
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(data)}\r\n"
    return head.encode() + b"\r\n" + data


class HoldingServer:
    """Answers the first request with ``first``; holds every later one (``HOLD`` at most)."""

    def __init__(self, first: dict[str, Any]) -> None:
        self.first = _response(first)
        self.answered = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._requests = 0
        self.open = 0
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def _serve(self, conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            conn.settimeout(HOLD)
            data = b""
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    return  # the client closed the connection
                data += chunk
                if b"\r\n\r\n" not in data:
                    continue
                data = b""
                with self._lock:
                    self._requests += 1
                    first = self._requests == 1
                if first:
                    conn.sendall(self.first)
                    self.answered.set()
                    continue
                # Held: wait for the client to hang up (or the stop), then answer nothing.
                conn.settimeout(0.05)
                ends = time.monotonic() + HOLD
                while not self._stop.is_set() and time.monotonic() < ends:
                    try:
                        if not conn.recv(65536):
                            return
                    except TimeoutError:
                        continue

    def _connection(self, conn: socket.socket) -> None:
        with self._lock:
            self.open += 1
        try:
            self._serve(conn)
        finally:
            with self._lock:
                self.open -= 1

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(
                target=self._connection, args=(conn,), name="server", daemon=True
            ).start()

    @contextlib.contextmanager
    def running(self) -> Iterator[HoldingServer]:
        thread = threading.Thread(target=self._accept, name="server", daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            thread.join(5)
            self._listener.close()

    def open_after_close(self) -> int:
        """The connections still open, once those the client closed have been seen closed."""
        ends = time.monotonic() + 2.0
        while self.open and time.monotonic() < ends:
            time.sleep(0.01)
        return self.open


def _first_pages() -> dict[str, dict[str, Any]]:
    numbered = example("nsml", "getRunList")
    numbered["totalCount"] = 100 * len(numbered["runList"])
    token = example("dataplatform", "listModelRuns")
    token["next_page_token"] = "page-2"
    return {"page-number": numbered, "token": token}


def _client(style: str, url: str, *, asynchronous: bool) -> Any:
    if style == "page-number":
        cls: Any = nsml.AsyncClient if asynchronous else nsml.Client
        credentials = {"access_key": "ak", "secret_key": "sk", "api_key": "api"}
    else:
        cls = dataplatform.AsyncClient if asynchronous else dataplatform.Client
        credentials = {"api_key": "dp-key"}
    return cls(base_url=url, timeout=TIMEOUT, max_retries=0, **credentials)


def _walk(client: Any, style: str) -> Any:
    if style == "page-number":
        return client.get_run_list(prefetch=4)
    return client.list_model_runs(prefetch=1)


def _interrupt_once(answered: threading.Event, sent: list[float]) -> None:
    def interrupt() -> None:
        if answered.wait(HOLD):
            time.sleep(0.3)  # the walk is now waiting for a held page
            sent.append(time.monotonic())
            os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=interrupt, name="interrupter", daemon=True).start()


def _busy(client: Any) -> int:
    """The client's pooled connections still in use (neither idle nor closed)."""
    pool = client._transport.pool
    return sum(1 for c in pool.connections if not c.is_idle() and not c.is_closed())


def _sync(
    style: str, server: HoldingServer, sent: list[float], busy: list[int], in_body: bool
) -> float:
    with _client(style, server.url, asynchronous=False) as client:
        _interrupt_once(server.answered, sent)
        try:
            for _ in _walk(client, style):
                if in_body:
                    time.sleep(HOLD)  # Ctrl-C while the loop's own code runs
        except KeyboardInterrupt:
            busy.append(_busy(client))
            return time.monotonic() - sent[0]
    raise AssertionError("the walk ended without KeyboardInterrupt")


def _async(
    style: str, server: HoldingServer, sent: list[float], busy: list[int], in_body: bool
) -> float:
    async def main() -> None:
        async with _client(style, server.url, asynchronous=True) as client:
            try:
                # Closed as the loop ends (not when the event loop finalises it), as a program
                # that wants its walk over at once writes it.
                async with contextlib.aclosing(aiter(_walk(client, style))) as runs:
                    async for _ in runs:
                        if in_body:
                            await asyncio.sleep(HOLD)  # Ctrl-C while the loop's own code runs
            finally:
                busy.append(_busy(client))  # as the walk has ended, before the client closes

    _interrupt_once(server.answered, sent)
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        return time.monotonic() - sent[0]
    raise AssertionError("the walk ended without KeyboardInterrupt")


def _threads() -> set[str]:
    return {
        f"{thread.name}:{thread.ident}"
        for thread in threading.enumerate()
        if thread.name not in ("server", "interrupter")
    }


WHERE = {False: "", True: ", in the loop"}


def main() -> None:
    for style, first in _first_pages().items():
        for (mode, run), in_body in itertools.product(
            (("sync", _sync), ("async", _async)), (False, True)
        ):
            before = _threads()
            with HoldingServer(first).running() as server:
                sent: list[float] = []
                busy: list[int] = []
                took = run(style, server, sent, busy, in_body)
                left = sorted(
                    name
                    for name in _threads() - before
                    if not name.startswith("modelruns-deadlines")
                )
                result = {
                    "walk": f"{mode} {style}{WHERE[in_body]}",
                    "seconds": round(took, 3),
                    "threads_left": left,
                    "connections_in_use": busy,
                    "connections_open": server.open_after_close(),
                }
            print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
    sys.exit(0)
