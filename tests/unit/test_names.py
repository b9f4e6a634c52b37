"""The core helpers every layer shares: names, operations in a spec, credentials, masking."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_python_client.strings import snake_case as generator_snake_case

from modelruns._names import snake_case, squash
from modelruns._secrets import describe, mask_secrets, redact
from modelruns._specs import (
    HTTP_METHODS,
    PROVIDERS,
    credential_environment,
    find_operation,
    iter_operations,
    load_spec,
)
from modelruns.conformance._masking import Masker
from modelruns.stubs._credentials import ENVIRONMENT_VARIABLES


def _spec_names(node: Any, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("operationId", "name") and isinstance(value, str):
                found.add(value)
            if key == "properties" and isinstance(value, dict):
                found.update(value)
            _spec_names(value, found)
    elif isinstance(node, list):
        for item in node:
            _spec_names(item, found)
    return found


def test_snake_case_is_the_generators_for_every_name_in_the_specs() -> None:
    names: set[str] = set()
    for provider in PROVIDERS:
        _spec_names(load_spec(provider), names)
    assert len(names) > 50
    differing = {n: snake_case(n) for n in names if snake_case(n) != generator_snake_case(n)}
    assert differing == {}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("HTTPMethod", "http_method"),
        ("listModelStudioRuns", "list_model_studio_runs"),
        ("WorkspaceId", "workspace_id"),
        ("x-acs-id", "x_acs_id"),
        ("MaxResults", "max_results"),
    ],
)
def test_snake_case_splits_acronyms_as_the_generator_does(name: str, expected: str) -> None:
    assert snake_case(name) == expected == generator_snake_case(name)


def test_squash_ignores_case_underscores_and_hyphens() -> None:
    assert squash("page_size") == squash("PageSize") == squash("page-size") == "pagesize"
    assert squash("page_size") != squash("page_sizes")


def test_find_operation_by_id_and_by_snake_name() -> None:
    spec = load_spec("foundry")
    by_id = find_operation(spec, "listModelStudioRuns")
    by_snake = find_operation(spec, "list_model_studio_runs", key=snake_case)
    assert by_id == by_snake
    assert by_id.method in {m.upper() for m in HTTP_METHODS}
    assert by_id.operation is spec["paths"][by_id.path][by_id.method.lower()]
    with pytest.raises(LookupError, match="noSuchOperation"):
        find_operation(spec, "noSuchOperation")


def test_iter_operations_sees_every_operation_id_once() -> None:
    for provider in PROVIDERS:
        ids = [found.operation_id for found in iter_operations(load_spec(provider))]
        assert ids, provider
        assert len(ids) == len(set(ids)), provider


def test_credential_environment_comes_from_the_spec() -> None:
    assert credential_environment("foundry") == ("FOUNDRY_TOKEN",)
    assert credential_environment("nsml") == (
        "NCP_ACCESS_KEY",
        "NCP_SECRET_KEY",
        "NCP_APIGW_API_KEY",
    )
    every = {name for provider in PROVIDERS for name in credential_environment(provider)}
    assert set(ENVIRONMENT_VARIABLES.values()) == every


def test_one_masking_serves_errors_reports_reprs_and_banners() -> None:
    secret = "s3cr3t-value"
    assert mask_secrets(f"token {secret} sent", [secret]) == "token *** sent"
    # Short secrets are kept (they would garble words), each place with its own minimum.
    assert mask_secrets("id abcd here", ["abcd"]) == "id abcd here"
    assert Masker(["ab", "abcd", "abcdef"], ()).text("x abcdef abcd ab") == "x **** **** ab"
    assert Masker([secret], ()).text("Bearer abcdefgh") == "Bearer abcdefgh"
    assert mask_secrets("Bearer abcdefgh") == "Bearer ***"
    assert describe(secret) == f"***({len(secret)})"
    assert redact("LTAI5tExampleKey", keep=4) == "LTAI****"
    assert redact("short", keep=4) == "****"
