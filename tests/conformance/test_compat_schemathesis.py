"""`_compat.schemathesis`: a run's routing touches only its own schema, and only while it runs."""

from __future__ import annotations

from typing import Any

import pytest
import requests
import schemathesis
from schemathesis.engine import context as engine_context
from schemathesis.transport.requests import REQUESTS_TRANSPORT, RequestsTransport

from modelruns._compat.schemathesis import route_sends, sessions_built
from modelruns._specs import load_spec
from modelruns.conformance import run_conformance

ORIGINAL_SEND = RequestsTransport.send
ORIGINAL_MAKE_SESSION = engine_context.make_session


def _schema() -> Any:
    return schemathesis.openapi.from_dict(dict(load_spec("nsml")))


def test_a_routed_schema_sends_through_its_own_transport_and_others_do_not() -> None:
    routed, other = _schema(), _schema()
    seen: list[str] = []

    def through(send: Any, case: Any, session: Any, kwargs: dict[str, Any]) -> Any:
        seen.append(case.operation.label)
        raise requests.ConnectionError("not sent")

    route_sends(routed, through)
    assert other.transport is REQUESTS_TRANSPORT
    assert routed.transport is not REQUESTS_TRANSPORT
    # Everything else of the transport is the shared one's (its serializers among them).
    assert routed.transport.serialize_case.__self__ is REQUESTS_TRANSPORT
    operation = next(iter(routed.get_all_operations())).ok()
    with pytest.raises(requests.ConnectionError, match="not sent"):
        operation.Case().call(base_url="http://127.0.0.1:9")
    assert seen == [operation.label]
    assert type(routed).__mro__[1] is type(other)


def test_sessions_built_for_a_config_reach_the_caller_only_while_the_block_runs() -> None:
    mine, other = _schema(), _schema()
    built: list[requests.Session] = []
    with sessions_built(mine.config, built.append):
        session = engine_context.make_session(mine.config)
        engine_context.make_session(other.config)
    assert built == [session]
    assert engine_context.make_session is ORIGINAL_MAKE_SESSION


def test_a_run_leaves_schemathesis_as_it_found_it() -> None:
    run_conformance("nsml", max_examples=1)
    assert RequestsTransport.send is ORIGINAL_SEND
    assert engine_context.make_session is ORIGINAL_MAKE_SESSION
    assert _schema().transport is REQUESTS_TRANSPORT
