"""The public surface: sorted ``__all__``, Foundry's named errors equal to the spec's."""

from __future__ import annotations

import email.utils

import httpx

import modelruns
from modelruns import APIStatusError, RetryPolicy, foundry
from modelruns._exceptions import status_class
from modelruns._specs import load_spec


def _isort_key(name: str) -> tuple[int, str]:
    # ruff's RUF022 order: CONSTANTS, then Classes, then functions, each alphabetical.
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


def test_all_is_sorted_and_resolves() -> None:
    assert modelruns.__all__ == sorted(modelruns.__all__, key=_isort_key)
    for name in modelruns.__all__:
        assert getattr(modelruns, name) is not None


def test_foundry_named_error_classes_equal_the_spec() -> None:
    declared: dict[str, int] = {}
    for item in load_spec("foundry")["paths"].values():
        for op in item.values():
            for entry in op.get("x-modelruns-errors", []):
                declared[entry["name"]] = entry["status"]
    classes = {
        name: obj
        for name in dir(foundry)
        if isinstance(obj := getattr(foundry, name), type)
        and issubclass(obj, foundry.FoundryAPIError)
        and obj is not foundry.FoundryAPIError
    }
    assert set(classes) == set(declared)
    for name, status in declared.items():
        assert issubclass(classes[name], status_class(status))
        assert issubclass(classes[name], APIStatusError)


def test_backoff_is_capped_exponential_with_bounded_jitter() -> None:
    low = RetryPolicy(random=lambda: 1.0, initial_delay=0.5, max_delay=4.0, jitter=0.25)
    high = RetryPolicy(random=lambda: 0.0, initial_delay=0.5, max_delay=4.0, jitter=0.25)
    assert [high.delay(n) for n in range(5)] == [0.5, 1.0, 2.0, 4.0, 4.0]
    assert [low.delay(n) for n in range(3)] == [0.375, 0.75, 1.5]


def test_retry_after_seconds_http_date_and_cap() -> None:
    policy = RetryPolicy(clock=lambda: 1_000_000.0, max_retry_after=30.0)
    date = email.utils.formatdate(1_000_010.0, usegmt=True)
    assert policy.delay(0, httpx.Headers({"Retry-After": "7"})) == 7.0
    assert policy.delay(0, httpx.Headers({"Retry-After": date})) == 10.0
    assert policy.delay(0, httpx.Headers({"Retry-After": "999"})) == 30.0


def test_retry_rules_by_status_and_idempotency() -> None:
    policy = RetryPolicy()
    assert policy.should_retry_status(503, idempotent=True)
    assert policy.should_retry_status(500, idempotent=True)
    assert policy.should_retry_status(400, idempotent=True, code="Throttling.User")
    assert not policy.should_retry_status(404, idempotent=True)
    assert not policy.should_retry_status(429, idempotent=False)
    request = httpx.Request("POST", "http://x")
    assert policy.should_retry_error(httpx.ConnectTimeout("t", request=request), idempotent=False)
    assert not policy.should_retry_error(httpx.ReadTimeout("t", request=request), idempotent=False)
    assert policy.should_retry_error(httpx.ReadTimeout("t", request=request), idempotent=True)


def test_auth_reprs_mask_secrets() -> None:
    auths = [
        modelruns.BearerAuth("s3cret-value"),
        modelruns.ApiKeyAuth("s3cret-value"),
        modelruns.AcsV3Auth("id", "s3cret-value"),
        modelruns.NcpSignatureV2Auth("ak", "s3cret-value", "s3cret-value"),
    ]
    for auth in auths:
        assert "s3cret-value" not in repr(auth)


def test_timeout_names_are_public_and_the_clients_default_to_default_timeout() -> None:
    import inspect

    from modelruns import _base, dataplatform, nsml, pai

    assert modelruns.Timeout is _base.Timeout
    assert modelruns.NOT_GIVEN is _base.NOT_GIVEN
    assert isinstance(modelruns.NOT_GIVEN, modelruns.NotGiven)
    for module in (foundry, dataplatform, pai, nsml):
        for cls in (module.Client, module.AsyncClient):
            default = inspect.signature(cls.__init__).parameters["timeout"].default
            assert default == modelruns.DEFAULT_TIMEOUT, (module.__name__, cls.__name__)
