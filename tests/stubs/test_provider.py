"""`ProviderStub`'s helpers: the error kinds read from the spec, and the credential checks."""

from __future__ import annotations

import copy

import pytest

from modelruns._specs import load_spec
from modelruns.stubs._provider import bearer_token, error_kinds, secure_equal
from modelruns.stubs._routing import StubRequest


def test_error_codes_missing_a_kind_are_refused_naming_them() -> None:
    spec = copy.deepcopy(load_spec("pai"))
    del spec["x-modelruns-error-codes"]["timeout"]
    with pytest.raises(ValueError, match="x-modelruns-error-codes must give each of"):
        error_kinds(spec)
    spec = copy.deepcopy(load_spec("pai"))
    spec["x-modelruns-error-codes"]["timeout"] = {"name": "no code"}
    with pytest.raises(ValueError, match=r"x-modelruns-error-codes\.timeout: needs a string code"):
        error_kinds(spec)
    assert set(error_kinds(load_spec("dataplatform")).values()) >= {(429, "", "")}


def _request(headers: dict[str, str]) -> StubRequest:
    return StubRequest(
        method="GET", path="/", raw_path="/", query_string="", headers=headers, body=b""
    )


def test_bearer_token_is_read_from_a_bearer_authorization_only() -> None:
    assert bearer_token(_request({"authorization": "Bearer abc "})) == "abc"
    assert bearer_token(_request({"authorization": "bearer abc"})) == "abc"
    assert bearer_token(_request({"authorization": "Basic abc"})) is None
    assert bearer_token(_request({"authorization": "Bearer  "})) is None
    assert bearer_token(_request({})) is None


def test_secure_equal_needs_a_value_equal_to_the_accepted_one() -> None:
    assert secure_equal("demo", "demo")
    assert not secure_equal("demo ", "demo")
    assert not secure_equal(None, "demo")
    assert not secure_equal("", "demo")
