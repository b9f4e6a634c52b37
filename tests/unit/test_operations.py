"""What an operation is, read from its spec and generated module (``_operations``)."""

from __future__ import annotations

import httpx
import pytest

from dataplatform_models_client.api.model_runs import get_model_run, list_model_runs
from dataplatform_models_client.models import ModelRun
from modelruns import ResponseValidationError
from modelruns._operations import PaginationStyle, attribute_for, operation
from tests.unit.test_clients import example


def test_an_operation_reads_its_method_model_retry_rule_and_pagination() -> None:
    op = operation("dataplatform", get_model_run, ModelRun)
    assert op.operation_id == "getModelRun"
    assert op.method == "GET"
    assert op.response_model is ModelRun
    assert op.idempotent
    assert op.pagination == ()
    listing = operation("dataplatform", list_model_runs)
    assert [style.style for style in listing.pagination]


def test_a_model_other_than_the_specs_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="answers ModelRun, not int: run `make generate`"):
        operation("dataplatform", get_model_run, int)


def test_a_2xx_body_decodes_into_the_model_and_a_broken_one_names_the_operation() -> None:
    op = operation("dataplatform", get_model_run, ModelRun)
    request = httpx.Request("GET", "http://x/runs/1")
    fine = httpx.Response(200, json=example("dataplatform", "getModelRun"), request=request)
    model, raw = op.decode(fine)
    assert isinstance(model, ModelRun)
    assert raw == example("dataplatform", "getModelRun")
    with pytest.raises(ResponseValidationError, match="getModelRun: the 2xx body is not JSON"):
        op.decode(httpx.Response(200, content=b"{", request=request))


def test_an_unknown_pagination_style_is_an_error_when_read() -> None:
    with pytest.raises(ValueError, match="unknown x-modelruns-pagination style 'cursor'"):
        PaginationStyle.from_spec({"style": "cursor", "items": "data"})
    with pytest.raises(ValueError, match="'in' must be query or body"):
        PaginationStyle.from_spec({"style": "token", "items": "data", "in": "header"})
    style = PaginationStyle.from_spec(
        {"style": "token", "items": "data", "request_token": "pageToken", "page_size": "pageSize"}
    )
    assert style.request_names() == ("pageToken", "pageSize")


def test_a_json_key_finds_its_attribute() -> None:
    assert attribute_for(ModelRun, "id") == "id"
    with pytest.raises(LookupError, match="ModelRun has no attribute for 'nope'"):
        attribute_for(ModelRun, "nope")
