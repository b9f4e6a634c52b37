"""The command that adds an extra to this installation, read from how it was installed.

modelruns is installed from a checkout, a built wheel or a URL, and PEP 610's
``direct_url.json`` in its metadata says which. ``pip install 'modelruns[stubs]'`` only works
for an install from an index, so a missing-extra message names the source this installation
came from: the checkout (``-e`` when editable), the wheel file, or the URL it was fetched from.
Credentials in a recorded URL are never repeated.
"""

from __future__ import annotations

import json
from importlib import metadata
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from urllib.request import url2pathname

DISTRIBUTION = "modelruns"


def install_command(extra: str) -> str:
    """The ``pip install`` command that adds ``extra`` to the installed modelruns."""
    try:
        recorded = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        recorded = None
    origin = _origin(recorded)
    if origin is None:
        return f"pip install '{DISTRIBUTION}[{extra}]'"
    target, editable = origin
    if "://" not in target:
        return f"pip install {'-e ' if editable else ''}'{target}[{extra}]'"
    return f"pip install '{DISTRIBUTION}[{extra}] @ {target}'"


def _origin(recorded: str | None) -> tuple[str, bool] | None:
    """(where it came from, editable) from ``direct_url.json``; ``None`` for an index."""
    if not recorded:
        return None
    try:
        info: Any = json.loads(recorded)
    except ValueError:
        return None
    url = info.get("url") if isinstance(info, dict) else None
    if not isinstance(url, str) or not url:
        return None
    parts = urlsplit(url)
    if parts.scheme == "file":
        editable = bool((info.get("dir_info") or {}).get("editable"))
        return url2pathname(parts.path), editable
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    bare = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and isinstance(vcs.get("vcs"), str):
        commit = vcs.get("requested_revision") or vcs.get("commit_id")
        bare = f"{vcs['vcs']}+{bare}" + (f"@{commit}" if commit else "")
    return bare, False
