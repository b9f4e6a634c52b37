"""Settings for the whole suite."""

from __future__ import annotations

import os

# The project checks its own stubs and examples strictly: any deviation from a spec raises
# (`MODELRUNS_STRICT=1`), where a user's client would tolerate and report it. Tests of the
# lenient mode pass `strict=False` themselves. Subprocesses (CLI tests) inherit it.
os.environ["MODELRUNS_STRICT"] = "1"
