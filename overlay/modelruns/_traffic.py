"""Recorded traffic read back: HAR files (ours, a browser's, mitmproxy's) as exchanges, each
matched to the spec operation it belongs to by method and path template.

Read by ``modelruns conformance --har`` and ``modelruns spec suggest``. A HAR from a browser or
mitmproxy is read too: their extra fields are ignored, base64 ``content`` (``encoding``) is
decoded, optional fields may be missing, and an entry without an answer (status 0) is skipped.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import yaml

from modelruns._specs import (
    PROVIDERS,
    Provider,
    SpecOperation,
    iter_operations,
    load_spec,
    server_base_path,
)

__all__ = [
    "MAX_HAR_BYTES",
    "Exchange",
    "Matcher",
    "TrafficError",
    "documented_media",
    "documented_status",
    "load_spec_file",
    "read_hars",
    "spec_for",
]

#: The largest HAR file read, in bytes.
MAX_HAR_BYTES = 512 * 1024 * 1024


class TrafficError(ValueError):
    """A HAR or spec file that cannot be read; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Exchange:
    """One recorded request and its answer."""

    source: str  # "traffic.har#3": the file and the entry's index
    method: str
    url: str
    path: str
    query: tuple[tuple[str, str], ...]
    request_headers: tuple[tuple[str, str], ...]
    status: int
    response_headers: tuple[tuple[str, str], ...]
    mime_type: str
    body: bytes
    #: A modelruns recording names the operation it called (``_modelruns_operation``).
    operation: str | None = None
    request_body: bytes = b""
    request_mime: str = ""

    def header(self, name: str, *, response: bool = True) -> str | None:
        """The first value of a header (case-insensitive), or ``None``."""
        for key, value in self.response_headers if response else self.request_headers:
            if key.lower() == name.lower():
                return value
        return None

    @property
    def media_type(self) -> str:
        """The response's media type without parameters, lower case."""
        declared = self.header("content-type") or self.mime_type
        return declared.split(";")[0].strip().lower()

    def json(self, *, request: bool = False) -> tuple[bool, Any]:
        """``(True, value)`` when the response's (or request's) body is JSON, else
        ``(False, None)``."""
        body = self.request_body if request else self.body
        if not body.strip():
            return False, None
        try:
            return True, json.loads(body)
        except ValueError:
            return False, None


def _pairs(value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list):
        return ()
    return tuple(
        (str(item.get("name", "")), str(item.get("value", "")))
        for item in value
        if isinstance(item, Mapping)
    )


def _content(content: Any, where: str) -> bytes:
    if not isinstance(content, Mapping):
        return b""
    text = content.get("text")
    if not isinstance(text, str):
        return b""
    if str(content.get("encoding", "")).lower() == "base64":
        try:
            return base64.b64decode(text, validate=False)
        except (binascii.Error, ValueError):
            raise TrafficError(f"{where}: content.text is not base64") from None
    return text.encode("utf-8", "surrogatepass")


def _exchange(entry: Any, where: str) -> Exchange | None:
    if not isinstance(entry, Mapping):
        raise TrafficError(f"{where}: an entry is not an object")
    request, response = entry.get("request"), entry.get("response")
    if not isinstance(request, Mapping) or not isinstance(request.get("url"), str):
        raise TrafficError(f"{where}: no request with a url")
    if not isinstance(response, Mapping):
        return None
    try:
        status = int(response.get("status") or 0)
    except (TypeError, ValueError):
        raise TrafficError(f"{where}: response.status is not a number") from None
    if status <= 0:  # a browser's aborted or blocked request: no answer to check
        return None
    url = request["url"]
    parts = urlsplit(url)
    query = _pairs(request.get("queryString")) or tuple(
        parse_qsl(parts.query, keep_blank_values=True)
    )
    content = response.get("content")
    mime = str(content.get("mimeType", "")) if isinstance(content, Mapping) else ""
    operation = entry.get("_modelruns_operation")
    posted = request.get("postData")
    posted_mime = str(posted.get("mimeType", "")) if isinstance(posted, Mapping) else ""
    return Exchange(
        source=where,
        method=str(request.get("method", "GET")).upper(),
        url=url,
        path=parts.path or "/",
        query=query,
        request_headers=_pairs(request.get("headers")),
        status=status,
        response_headers=_pairs(response.get("headers")),
        mime_type=mime,
        body=_content(content, where),
        operation=operation if isinstance(operation, str) else None,
        request_body=_content(posted, where),
        request_mime=posted_mime.split(";")[0].strip().lower(),
    )


def read_har(path: Path) -> tuple[list[Exchange], list[dict[str, Any]]]:
    """The exchanges of one HAR file, and the deviations a modelruns recording kept."""
    try:
        size = path.stat().st_size
        if size > MAX_HAR_BYTES:
            raise TrafficError(f"{path}: {size} bytes, more than the {MAX_HAR_BYTES} read")
        document = json.loads(path.read_bytes())
    except OSError as error:
        raise TrafficError(f"{path}: cannot read: {error.strerror or error}") from None
    except ValueError as error:
        if isinstance(error, TrafficError):
            raise
        raise TrafficError(f"{path}: not a HAR file (not JSON: {error})") from None
    log = document.get("log") if isinstance(document, Mapping) else None
    entries = log.get("entries") if isinstance(log, Mapping) else None
    if not isinstance(log, Mapping) or not isinstance(entries, list):
        raise TrafficError(f"{path}: not a HAR file (no log.entries)")
    exchanges = []
    for index, entry in enumerate(entries):
        found = _exchange(entry, f"{path.name}#{index}")
        if found is not None:
            exchanges.append(found)
    deviations = [d for d in log.get("_modelruns_deviations") or [] if isinstance(d, dict)]
    return exchanges, deviations


def read_hars(paths: Iterable[Path]) -> tuple[list[Exchange], list[dict[str, Any]]]:
    """Every exchange and deviation of several HAR files, in order."""
    exchanges: list[Exchange] = []
    deviations: list[dict[str, Any]] = []
    for path in paths:
        found, seen = read_har(path)
        exchanges += found
        deviations += seen
    return exchanges, deviations


def load_spec_file(path: Path, provider: Provider) -> dict[str, Any]:
    """A spec file given instead of the packaged one; it must be an OpenAPI document of
    ``provider`` (its ``x-modelruns-provider``, when it says)."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise TrafficError(f"{path}: cannot read: {error.strerror or error}") from None
    except yaml.YAMLError as error:
        first = str(error).splitlines()[0] if str(error) else "unreadable"
        raise TrafficError(f"{path}: not YAML or JSON: {first}") from None
    if not isinstance(document, dict) or "openapi" not in document:
        raise TrafficError(f"{path}: not an OpenAPI document (no 'openapi' key)")
    if not isinstance(document.get("paths"), Mapping):
        raise TrafficError(f"{path}: an OpenAPI document without paths")
    named = document.get("x-modelruns-provider")
    if named is not None and named != provider:
        raise TrafficError(f"{path}: a spec of {named}, not of {provider}")
    return document


def spec_for(provider: str, spec_file: Path | None) -> tuple[Provider, dict[str, Any]]:
    """The provider named and the spec to check against: ``spec_file``, else the packaged one."""
    for known in PROVIDERS:
        if known == provider:
            return known, load_spec(known) if spec_file is None else load_spec_file(
                spec_file, known
            )
    raise TrafficError(f"unknown provider {provider!r}; expected one of: {', '.join(PROVIDERS)}")


@dataclass(frozen=True)
class _Template:
    operation: SpecOperation
    pattern: re.Pattern[str]
    literals: int


class Matcher:
    """Finds the spec operation of an exchange: its method, and its path after the server's
    base path (``/api`` for Foundry) or at the host's root."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        self.spec = spec
        self.base_path = server_base_path(spec)
        self._templates: dict[str, list[_Template]] = {}
        for found in iter_operations(spec):
            regex = ""
            literals = 0
            for part in re.split(r"(\{[^}/]+\})", found.path):
                if part.startswith("{") and part.endswith("}"):
                    regex += f"(?P<{_group(part[1:-1])}>[^/]+)"
                else:
                    regex += re.escape(part)
                    literals += len(part)
            template = _Template(found, re.compile(rf"(?P<_prefix>.*?){regex}/?"), literals)
            self._templates.setdefault(found.method, []).append(template)

    def match(self, exchange: Exchange) -> SpecOperation | None:
        """The operation the exchange called, or ``None`` when it is none of the spec's."""
        path = unquote(exchange.path)
        best: tuple[int, int, SpecOperation] | None = None
        for template in self._templates.get(exchange.method, ()):
            found = template.pattern.fullmatch(path)
            if found is None:
                continue
            prefix = found.group("_prefix").rstrip("/")
            # The spec's base path first, then the most literal template (``/runs/search``
            # before ``/runs/{id}``).
            rank = (0 if prefix == self.base_path else 1, -template.literals)
            if prefix not in ("", self.base_path):
                continue
            if best is None or rank < best[:2]:
                best = (*rank, template.operation)
        return None if best is None else best[2]

    def operations(self) -> Sequence[SpecOperation]:
        """Every operation of the spec, in spec order."""
        return list(iter_operations(self.spec))


def _group(name: str) -> str:
    return "p_" + re.sub(r"\W", "_", name)


def documented_status(responses: Mapping[str, Any], status: int) -> str | None:
    """The key of ``responses`` that documents ``status`` (``"404"``, ``"4XX"``, ``"default"``)."""
    for key in (str(status), f"{status // 100}XX", "default"):
        for name in responses:
            if str(name).upper() == key.upper():
                return str(name)
    return None


def documented_media(content: Mapping[str, Any], media: str) -> Mapping[str, Any] | None:
    """The media type object of ``content`` that covers ``media`` (``*/*`` and ``text/*`` too)."""
    for name, value in content.items():
        declared = str(name).split(";")[0].strip().lower()
        if declared in (media, "*/*") or (
            declared.endswith("/*") and media.startswith(declared[:-1])
        ):
            return value if isinstance(value, Mapping) else {}
    return None
