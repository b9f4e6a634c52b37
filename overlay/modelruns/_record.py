"""Recording a client's exchanges as HAR 1.2 (``record_to=PATH`` or ``MODELRUNS_RECORD=PATH``).

One ``Recorder`` per file and process, shared by every client that records to it (a lock
orders the writes of threads and tasks). The file is a valid HAR document after every
exchange: entries are appended in place before a fixed trailer (``]``, the log's custom fields,
``}}``), so a crash between calls loses nothing and no ``close`` is needed. An existing HAR
file is continued, not overwritten; a file that is not a HAR is refused. One process writes a
file: a forked child records to its own, ``NAME.PID.har`` beside its parent's (a second process
started apart must be given another path). An attempt that got no answer (a transport error, a
timeout) is not an exchange and is not recorded; a file that cannot be written (a full disk)
is reported once at ERROR and the recording stops, never the call.

Bounded: the file grows to at most ``max_bytes`` (``DEFAULT_MAX_BYTES``, 32 MiB); an exchange
that would pass it is not written, counted in the log's ``_modelruns_dropped`` and reported by
one WARNING. Masked by ``_masking``, the one masking (as an error's copies are): credential
headers and those the auth sets are written as ``****`` whole, and every known secret of the
recording client (``SecretAuth.secrets``) and anything shaped like a credential is masked in the
URL, query, headers and bodies.

Besides each exchange (with its ``_modelruns_operation``), the log keeps the lenient decoder's
deviations, one per operation, JSON path and kind, with a count and an example
(``_modelruns_deviations``): the evidence ``modelruns spec suggest`` reads.
"""

from __future__ import annotations

import base64
import json
import os
import re
import threading
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qsl

import httpx

from modelruns._log import LOGGER
from modelruns._masking import masked_response
from modelruns._secrets import mask_secrets

__all__ = ["DEFAULT_MAX_BYTES", "MASK", "Recorder", "recorder_for"]

#: The largest a recording grows to, in bytes; later exchanges are counted, not written.
DEFAULT_MAX_BYTES = 32 * 1024 * 1024
#: What a credential header's value is written as.
MASK = "****"
#: The environment variable that turns recording on for every client without ``record_to``.
ENVIRONMENT = "MODELRUNS_RECORD"

_INDEX = re.compile(r"\[\d+\]")
_REGISTRY: dict[Path, Recorder] = {}
_REGISTRY_LOCK = threading.Lock()


def _version() -> str:
    try:
        return metadata.version("modelruns")
    except metadata.PackageNotFoundError:  # pragma: no cover - a bare checkout
        return "0+unknown"


def recorder_for(target: str | os.PathLike[str] | None) -> Recorder | None:
    """The process's recorder of ``target`` (``None``: ``MODELRUNS_RECORD``, else no recording)."""
    if target is None:
        target = os.environ.get(ENVIRONMENT, "").strip() or None
        if target is None:
            return None
        where = ENVIRONMENT
    else:
        where = "record_to"
        if not isinstance(target, str | os.PathLike) or not str(target):
            raise TypeError(f"record_to must be a file path, got {target!r}")
    path = Path(target).expanduser().resolve()
    with _REGISTRY_LOCK:
        found = _REGISTRY.get(path)
        if found is None:
            found = _REGISTRY[path] = Recorder(path, where=where)
        return found


def _after_fork_in_child() -> None:
    # The parent owns its files; a lock another thread held at the fork would never be released.
    global _REGISTRY_LOCK
    _REGISTRY_LOCK = threading.Lock()
    for recorder in _REGISTRY.values():
        recorder.forked = True
        recorder._lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


class Recorder:
    """Appends HAR entries to one file, always leaving it a valid HAR document."""

    def __init__(
        self, path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, where: str = "record_to"
    ) -> None:
        self.path = path
        self.max_bytes = max_bytes
        #: Set in a forked child: the file is the parent's, this process writes ``_child``.
        self.forked = False
        self._child: Recorder | None = None
        self._failed = False
        self._lock = threading.Lock()
        self._deviations: dict[tuple[str, str, str], dict[str, Any]] = {}
        self._dropped = 0
        entries = self._existing(where)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._file: IO[bytes] = path.open("w+b")
        except OSError as error:
            raise ValueError(f"{where}={str(path)!r} cannot be written: {error}") from None
        creator = {"name": "modelruns", "version": _version()}
        head = json.dumps({"version": "1.2", "creator": creator})[:-1]
        self._file.write(f'{{"log": {head}, "entries": [\n'.encode())
        self._count = 0
        for entry in entries:
            self._file.write((b",\n" if self._count else b"") + _dump(entry))
            self._count += 1
        self._end = self._file.tell()
        self._trailer()

    def _in_child(self) -> Recorder:
        """The recorder of this (forked) process: ``NAME.PID.har`` beside the parent's file."""
        with self._lock:
            if self._child is None:
                name = f"{self.path.stem}.{os.getpid()}{self.path.suffix}"
                self._child = recorder_for(self.path.with_name(name))
            assert self._child is not None
            return self._child

    def _existing(self, where: str) -> list[Any]:
        """The entries of a HAR file already at the path (continued, never overwritten)."""
        try:
            if self.path.stat().st_size == 0:
                return []
            document = json.loads(self.path.read_bytes())
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as error:
            message = f"{where}={str(self.path)!r} exists and is not a HAR file: {error}"
            raise ValueError(message) from None
        entries = document.get("log", {}).get("entries") if isinstance(document, dict) else None
        if not isinstance(entries, list):
            raise ValueError(f"{where}={str(self.path)!r} exists and is not a HAR file")
        log = document["log"]
        for found in log.get("_modelruns_deviations") or []:
            key = (found["operation"], found["path"], found["kind"])
            self._deviations[key] = found
        self._dropped = int(log.get("_modelruns_dropped") or 0)
        return entries

    def _trailer(self) -> None:
        log = {
            "_modelruns_deviations": list(self._deviations.values()),
            "_modelruns_dropped": self._dropped,
        }
        self._file.seek(self._end)
        self._file.write(b"\n], " + json.dumps(log).encode()[1:] + b"}\n")
        self._file.truncate()
        self._file.flush()

    def record(
        self,
        operation: str,
        request: httpx.Request,
        response: httpx.Response,
        elapsed: float,
        secrets: Iterable[str],
        headers: Iterable[str],
    ) -> None:
        """Append one exchange (``response`` read), masked with the client's secrets."""
        if self.forked:
            self._in_child().record(operation, request, response, elapsed, secrets, headers)
            return
        entry = _entry(operation, request, response, elapsed, tuple(secrets), frozenset(headers))
        data = _dump(entry)
        with self._lock:
            if self._end + len(data) + 2 > self.max_bytes:
                self._dropped += 1
                if self._dropped == 1:
                    LOGGER.warning(
                        "%s reached its %d byte cap: later exchanges are counted, not recorded",
                        self.path,
                        self.max_bytes,
                    )
                self._write(b"")
            else:
                self._write((b",\n" if self._count else b"") + data)

    def _write(self, data: bytes) -> None:
        """Append ``data`` after the last entry and rewrite the trailer (under the lock).

        A write that fails (a full disk) is reported once and stops the recording: the call
        it records does not fail for it.
        """
        if self._failed:
            return
        try:
            if data:
                self._file.seek(self._end)
                self._file.write(data)
                self._count += 1
                self._end = self._file.tell()
            self._trailer()
        except (OSError, ValueError) as error:  # ValueError: the file was closed
            self._failed = True
            LOGGER.error("%s cannot be written, recording stops: %s", self.path, error)

    def deviations(
        self, operation: str, found: Iterable[tuple[str, str, str]], secrets: Iterable[str]
    ) -> None:
        """Count the lenient decoder's deviations of one response (path, kind, detail)."""
        if self.forked:
            self._in_child().deviations(operation, found, secrets)
            return
        secrets = tuple(secrets)
        with self._lock:
            for path, kind, detail in found:
                key = (operation, _INDEX.sub("[*]", path), kind)
                seen = self._deviations.get(key)
                if seen is None:
                    if len(self._deviations) >= 10_000:  # bounded, like the entries
                        continue
                    seen = self._deviations[key] = {
                        "operation": operation,
                        "path": key[1],
                        "kind": kind,
                        "count": 0,
                        "example": mask_secrets(detail, secrets),
                        "example_path": path,
                    }
                seen["count"] += 1
            self._write(b"")


def _dump(entry: Any) -> bytes:
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()


def _pairs(items: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in items]


def _content(body: bytes) -> dict[str, Any]:
    try:
        return {"text": body.decode("utf-8")}
    except UnicodeDecodeError:
        return {"text": base64.b64encode(body).decode("ascii"), "encoding": "base64"}


def _entry(
    operation: str,
    request: httpx.Request,
    response: httpx.Response,
    elapsed: float,
    secrets: tuple[str, ...],
    headers: frozenset[str],
) -> dict[str, Any]:
    started = datetime.now(UTC) - timedelta(seconds=elapsed)
    # The one masking, the auth's headers written as MASK whole (and searched for in bodies).
    shown = masked_response(response, secrets, headers, marker=MASK)
    sent = shown.request
    url = sent.url.copy_with(username=None, password=None)
    query = parse_qsl(url.query.decode("ascii", "replace"), keep_blank_values=True)
    version = str(response.extensions.get("http_version", b"HTTP/1.1"), "ascii", "replace")
    har_request: dict[str, Any] = {
        "method": request.method,
        "url": str(url),
        "httpVersion": version,
        "cookies": [],
        "headers": _pairs(sent.headers.multi_items()),
        "queryString": _pairs(query),
        "headersSize": -1,
        "bodySize": len(request.content),
    }
    if sent.content:
        har_request["postData"] = {
            "mimeType": request.headers.get("content-type", ""),
            **_content(sent.content),
        }
    size = len(response.content)
    ms = round(elapsed * 1000, 3)
    return {
        "startedDateTime": started.isoformat(),
        "time": ms,
        "request": har_request,
        "response": {
            "status": response.status_code,
            "statusText": response.reason_phrase,
            "httpVersion": version,
            "cookies": [],
            "headers": _pairs(shown.headers.multi_items()),
            "content": {
                "size": size,
                "mimeType": response.headers.get("content-type", ""),
                **_content(shown.content),
            },
            "redirectURL": shown.headers.get("location", ""),
            "headersSize": -1,
            "bodySize": size,
        },
        "cache": {},
        "timings": {"send": 0, "wait": ms, "receive": 0},
        "_modelruns_operation": operation,
    }
