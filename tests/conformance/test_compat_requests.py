"""`_compat.requests`: a body read outside requests, and the pools a manager builds."""

from __future__ import annotations

import requests
from urllib3.connectionpool import HTTPConnectionPool
from urllib3.poolmanager import PoolManager

from modelruns._compat.requests import set_content, use_pool_classes


def test_set_content_is_what_the_response_then_gives() -> None:
    response = requests.Response()
    set_content(response, b'{"a": 1}')
    assert response.content == b'{"a": 1}'
    assert response.json() == {"a": 1}


def test_use_pool_classes_is_what_the_manager_then_builds() -> None:
    class Pool(HTTPConnectionPool):
        pass

    manager = PoolManager()
    use_pool_classes(manager, {"http": Pool, "https": Pool})
    assert isinstance(manager.connection_from_url("http://127.0.0.1:9"), Pool)
