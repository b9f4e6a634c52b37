"""The public surface: sorted ``__all__``, Foundry's named errors equal to the spec's."""

from __future__ import annotations

import email.utils
from collections.abc import Mapping

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

    from modelruns import _options, dataplatform, nsml, pai

    assert modelruns.Timeout is _options.Timeout
    assert modelruns.NOT_GIVEN is _options.NOT_GIVEN
    assert isinstance(modelruns.NOT_GIVEN, modelruns.NotGiven)
    for module in (foundry, dataplatform, pai, nsml):
        for cls in (module.Client, module.AsyncClient):
            default = inspect.signature(cls.__init__).parameters["timeout"].default
            assert default == modelruns.DEFAULT_TIMEOUT, (module.__name__, cls.__name__)


#: Foundry's named errors as they were written by hand before the spec generated them: base,
#: the docstring's first line (what a message-less error says) and each property's type and
#: the wire names it reads, in order.
FOUNDRY_ERRORS: dict[str, tuple[str, str, dict[str, tuple[str, tuple[str, ...]]]]] = {
    "ApiFeaturePreviewUsageOnly": (
        "BadRequestError",
        "The endpoint is in preview and the request did not set ``preview=true``.",
        {},
    ),
    "ApiUsageDenied": (
        "PermissionDeniedError",
        "The caller may not use Palantir APIs, e.g. the token lacks the operation's scope.",
        {"missing_scope": ("str | None", ("missingScope",))},
    ),
    "InvalidPageSize": (
        "BadRequestError",
        "The page size was zero or negative.",
        {"page_size": ("int | None", ("pageSize",))},
    ),
    "InvalidPageToken": (
        "BadRequestError",
        "The page token is invalid.",
        {"page_token": ("str | None", ("pageToken",))},
    ),
    "LaunchModelStudioPermissionDenied": (
        "PermissionDeniedError",
        "Could not launch the Model Studio.",
        {"studio_rid": ("str | None", ("modelStudioRid", "studioRid"))},
    ),
    "ModelStudioConfigVersionNotFound": (
        "NotFoundError",
        "The requested Model Studio configuration version was not found.",
        {
            "studio_rid": ("str | None", ("studioRid",)),
            "config_version": ("int | None", ("configVersion",)),
        },
    ),
    "ModelStudioNotFound": (
        "NotFoundError",
        "The requested Model Studio was not found.",
        {"studio_rid": ("str | None", ("studioRid",))},
    ),
    "Unauthorized": (
        "AuthenticationError",
        "The credentials are missing, invalid or expired.",
        {},
    ),
}


def _error(cls: type[APIStatusError], parameters: Mapping[str, object]) -> APIStatusError:
    response = httpx.Response(400, request=httpx.Request("GET", "http://x/"))
    return cls("m", response=response, parameters=parameters)


def test_foundry_named_errors_keep_their_classes_docs_and_typed_properties() -> None:
    # Those written by hand before are kept as they were (the spec has since added more,
    # which test_foundry_named_error_classes_equal_the_spec holds to the spec).
    assert set(FOUNDRY_ERRORS) <= set(foundry.NAMED_ERRORS)
    for name, (base, summary, properties) in FOUNDRY_ERRORS.items():
        cls = foundry.NAMED_ERRORS[name]
        assert getattr(foundry, name) is cls
        assert [b.__name__ for b in cls.__bases__] == [base, "FoundryAPIError"], name
        assert (cls.__doc__ or "").splitlines()[0] == summary, name
        assert cls.__module__ == "modelruns.foundry", name
        found = {k: v for k, v in vars(cls).items() if isinstance(v, property)}
        assert list(found) == list(properties), name
        for prop, (annotation, wires) in properties.items():
            getter = found[prop].fget
            assert getter is not None
            assert getter.__annotations__["return"] == annotation
            assert found[prop].__doc__, f"{name}.{prop} has no docstring"
            assert getattr(_error(cls, {}), prop) is None
            # Each wire name is read, the first one the body holds wins.
            for index, wire in enumerate(wires):
                given = {w: f"v{i}" for i, w in enumerate(wires) if i >= index}
                assert getattr(_error(cls, given), prop) == f"v{index}", (name, wire)
    assert foundry.FoundryAPIError.__bases__ == (APIStatusError,)
