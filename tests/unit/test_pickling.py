"""Clients cross process boundaries: each pickles and unpickles whole.

A ``Client`` or ``AsyncClient`` of every provider pickles as its options, credentials
included, connections not, and the copy works against a stub served over HTTP (the errors'
pickling is in ``test_exceptions``).
"""

from __future__ import annotations

import asyncio
import itertools
import pickle
from collections.abc import Callable
from typing import Any, TypeVar

import httpx
import pytest

from modelruns import RetryPolicy, dataplatform, foundry, nsml, pai
from modelruns._auth import AcsV3Auth
from modelruns._specs import PROVIDERS, Provider, load_spec
from modelruns.pytest_plugin import StubFactory

T = TypeVar("T")
SECRET = "SECRETtok123"
MODULES = {"foundry": foundry, "dataplatform": dataplatform, "pai": pai, "nsml": nsml}
FOUNDRY_RID = load_spec("foundry")["components"]["parameters"]["ModelStudioRid"]["example"]


def _roundtrip(value: T) -> T:
    copy: T = pickle.loads(pickle.dumps(value))  # noqa: S301 - bytes this test just made
    return copy


def test_a_pai_auth_pickles_with_its_own_nonce() -> None:
    auth = AcsV3Auth("AKID-example", "secret-example")
    copy = _roundtrip(auth)
    assert repr(copy) == repr(auth)
    assert copy.secrets() == auth.secrets()


def test_a_retry_policy_unpickles_drawing_from_the_processs_generator() -> None:
    copy = _roundtrip(RetryPolicy(max_retries=4))
    assert copy.max_retries == 4
    # A copy of the generator's state would draw the same numbers as the original from here.
    draws = [RetryPolicy().random() for _ in range(3)]
    assert [copy.random() for _ in range(3)] != draws


def _first_runs(provider: Provider, client: Any) -> list[Any]:
    walks: dict[Provider, Callable[[], Any]] = {
        "foundry": lambda: client.list_model_studio_runs(FOUNDRY_RID, limit=2),
        "dataplatform": lambda: client.list_model_runs(limit=2),
        "pai": lambda: client.list_runs(limit=2),
        "nsml": lambda: client.get_run_list(limit=2),
    }
    return list(itertools.islice(walks[provider](), 2))


async def _first_runs_async(provider: Provider, client: Any) -> list[Any]:
    walks: dict[Provider, Callable[[], Any]] = {
        "foundry": lambda: client.list_model_studio_runs(FOUNDRY_RID, limit=2),
        "dataplatform": lambda: client.list_model_runs(limit=2),
        "pai": lambda: client.list_runs(limit=2),
        "nsml": lambda: client.get_run_list(limit=2),
    }
    return [run async for run in walks[provider]()]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_used_client_pickles_as_its_options_and_works_on_the_other_side(
    provider: Provider, modelruns_stub: StubFactory
) -> None:
    server = modelruns_stub(provider, runs=3)
    client = MODULES[provider].Client(
        **server.client_options(), timeout=7, max_retries=1, strict=False, max_response_size=1 << 20
    )
    assert len(_first_runs(provider, client)) == 2  # its pool now holds a connection
    copy = _roundtrip(client)
    client.close()  # the copy's connections are its own
    assert type(copy) is type(client)
    assert (repr(copy), copy.base_url, copy.strict) == (repr(client), client.base_url, False)
    assert (copy._timeout, copy._max_retries, copy._max_response_size) == (7, 1, 1 << 20)
    assert len(_first_runs(provider, copy)) == 2  # credentials included: the stub checks them
    copy.close()


@pytest.mark.parametrize("provider", PROVIDERS)
def test_an_async_client_pickles_and_works_in_another_event_loop(
    provider: Provider, modelruns_stub: StubFactory
) -> None:
    server = modelruns_stub(provider, runs=3)
    client = MODULES[provider].AsyncClient(**server.client_options(), timeout=7)

    async def use(it: Any) -> int:
        async with it:
            return len(await _first_runs_async(provider, it))

    copy = _roundtrip(client)
    assert type(copy) is type(client)
    assert asyncio.run(use(client)) == 2
    assert asyncio.run(use(copy)) == 2


def test_a_client_with_a_callers_http_client_refuses_to_pickle_naming_it() -> None:
    with httpx.Client() as http:
        client = dataplatform.Client(token=SECRET, base_url="http://x/v1", http_client=http)
        with pytest.raises(TypeError, match="http_client="):
            pickle.dumps(client)


def test_a_with_options_copy_pickles_as_its_own_options(modelruns_stub: StubFactory) -> None:
    server = modelruns_stub("dataplatform", runs=3)
    client = dataplatform.Client(**server.client_options())
    copy = _roundtrip(client.with_options(timeout=9))
    client.close()  # the unpickled copy has connections of its own
    assert copy._timeout == 9
    assert len(_first_runs("dataplatform", copy)) == 2
    copy.close()
