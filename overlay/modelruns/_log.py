"""The ``modelruns`` logger: silent by default, like httpx's, until the application says.

- DEBUG: one line per HTTP request (method, URL without secrets, status, elapsed time);
- INFO: one line per retry (why, and how long it waits);
- WARNING: one line per deviation from the spec that the lenient decoding tolerated.

The library only attaches a ``NullHandler``; configure the ``modelruns`` logger as any other
(``logging.getLogger("modelruns")``). ``MODELRUNS_LOG=debug`` (or ``info``) in the environment
turns on a stderr handler at that level when the package is imported.
"""

from __future__ import annotations

import logging
import os
import sys

__all__ = ["LOGGER", "configure_from_environment"]

LOGGER = logging.getLogger("modelruns")
LOGGER.addHandler(logging.NullHandler())

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}
_ENV_HANDLER_NAME = "modelruns-env"


def configure_from_environment(value: str | None = None) -> logging.Handler | None:
    """Attach a stderr handler at the level ``MODELRUNS_LOG`` names (``debug``/``info``).

    Nothing happens when the variable is unset or empty; an unknown value is a ``ValueError``
    naming the accepted ones. Calling it again replaces the handler it attached before.
    """
    value = os.environ.get("MODELRUNS_LOG", "") if value is None else value
    for handler in list(LOGGER.handlers):
        if handler.get_name() == _ENV_HANDLER_NAME:
            LOGGER.removeHandler(handler)
    if not value.strip():
        return None
    level = _LEVELS.get(value.strip().lower())
    if level is None:
        accepted = "|".join(_LEVELS)
        raise ValueError(f"MODELRUNS_LOG must be one of {accepted}, got {value!r}")
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_ENV_HANDLER_NAME)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    handler.setLevel(level)
    LOGGER.addHandler(handler)
    LOGGER.setLevel(level)
    return handler
