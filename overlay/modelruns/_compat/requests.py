"""What conformance's guard needs of requests and urllib3 beyond their public interfaces.

- A body the guard read itself, within its bounds, is handed to the ``requests.Response`` as
  if requests had read it: requests has no public way to give a streamed response its content.
- urllib3's pool manager is told which connection pools to build: its public constructor takes
  no pool classes, and the guard's pools build connections that register with each request's
  deadline (a connection class is a pool's public ``ConnectionCls``).
"""

from __future__ import annotations

from collections.abc import Mapping

import requests
from urllib3.connectionpool import HTTPConnectionPool
from urllib3.poolmanager import PoolManager

from . import require

require("requests", "2.34", "3")
require("urllib3", "2.8", "3")

__all__ = ["set_content", "use_pool_classes"]


def set_content(response: requests.Response, content: bytes) -> None:
    """``response.content`` is ``content``: the body was read whole outside requests."""
    response._content = content
    response._content_consumed = True


def use_pool_classes(manager: PoolManager, pools: Mapping[str, type[HTTPConnectionPool]]) -> None:
    """``manager`` builds its pools, by URL scheme, from ``pools``."""
    manager.pool_classes_by_scheme = dict(pools)
