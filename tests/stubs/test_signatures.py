"""The signature checks on their own: the nonce ledger, ACS3's and ROA's one date window, and
NCP signature v2, each refusing with the provider's error name."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable

import pytest

from modelruns import _signing
from modelruns._specs import load_spec
from modelruns.stubs import Credentials, _signatures
from modelruns.stubs import _credentials as demo
from modelruns.stubs._acs_roa import roa_signature, roa_string_to_sign
from modelruns.stubs._routing import Operation, StubError, StubRequest, compile_operations
from modelruns.stubs._signatures import AcsVerifier, NonceLedger, verify_ncp_signature_v2

NOW = 1_700_000_000.0
WINDOW = _signatures.ACS_DATE_WINDOW_SECONDS


def _refusal(check: Callable[..., object], *args: object) -> str | None:
    with pytest.raises(StubError) as raised:
        check(*args)
    return raised.value.name


def test_a_nonce_is_refused_while_a_replay_could_pass_the_date_check() -> None:
    ledger = NonceLedger()
    ledger.admit("n", NOW)
    assert _refusal(ledger.admit, "n", NOW + 2 * WINDOW - 1) == "SignatureNonceUsed"
    ledger.admit("n", NOW + 2 * WINDOW)  # two windows on, no replay of it can be in range
    assert set(ledger.seen) == {"n"}


def test_a_missing_or_oversized_nonce_is_invalid() -> None:
    ledger = NonceLedger()
    assert _refusal(ledger.admit, None, NOW) == "MissingSignatureNonce"
    with pytest.raises(StubError) as raised:
        ledger.admit("x" * 129, NOW)
    assert raised.value.kind == "invalid"
    assert raised.value.parameter == "x-acs-signature-nonce"
    assert ledger.seen == {}


def test_a_full_ledger_throttles_with_the_time_until_a_nonce_expires(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_signatures, "_NONCE_LIMIT", 1)
    ledger = NonceLedger()
    ledger.admit("a", NOW)
    with pytest.raises(StubError) as raised:
        ledger.admit("b", NOW + 10)
    assert raised.value.kind == "throttled"
    assert raised.value.headers == {"Retry-After": str(2 * WINDOW - 10 + 1)}


def _list_runs() -> Operation:
    (operation,) = (
        op for op in compile_operations(load_spec("pai")) if op.operation_id == "ListRuns"
    )
    return operation


def _roa_request(moment: float, secret: str = demo.DEMO_ACCESS_KEY_SECRET) -> StubRequest:
    headers = {
        "date": email.utils.formatdate(moment),
        "x-acs-version": str(load_spec("pai")["x-acs-version"]),
        "x-acs-signature-nonce": f"nonce-{moment}",
    }
    signed = roa_string_to_sign("GET", "/api/v1/runs", [], headers)
    headers["authorization"] = f"acs {demo.DEMO_ACCESS_KEY_ID}:{roa_signature(secret, signed)}"
    request = StubRequest(
        method="GET",
        path="/api/v1/runs",
        raw_path="/api/v1/runs",
        query_string="",
        headers=headers,
        body=b"",
    )
    request.operation = _list_runs()
    return request


def test_roa_is_checked_against_the_one_date_window() -> None:
    verifier = AcsVerifier(load_spec("pai"), Credentials(), lambda: NOW)
    verifier.authenticate(_roa_request(NOW - WINDOW))
    expired = _roa_request(NOW - WINDOW - 1)
    assert _refusal(verifier.authenticate, expired) == "InvalidTimeStamp.Expired"
    wrong = _roa_request(NOW, secret="not-the-secret")
    assert _refusal(verifier.authenticate, wrong) == "SignatureDoesNotMatch"


def _acs3_request(moment: float) -> StubRequest:
    spec = load_spec("pai")
    headers = {
        "host": "pai.localhost",
        "x-acs-action": "ListRuns",
        "x-acs-version": str(spec["x-acs-version"]),
        "x-acs-date": time.strftime(_signing.ACS3_DATE_FORMAT, time.gmtime(moment)),
        "x-acs-signature-nonce": f"nonce-{moment}",
        "x-acs-content-sha256": _signing.acs_content_sha256(b""),
    }
    signed = sorted(headers)
    headers["authorization"] = _signing.acs3_expected_authorization(
        demo.DEMO_ACCESS_KEY_ID,
        demo.DEMO_ACCESS_KEY_SECRET,
        "GET",
        "/api/v1/runs",
        "",
        headers,
        b"",
        signed,
    )
    request = StubRequest(
        method="GET",
        path="/api/v1/runs",
        raw_path="/api/v1/runs",
        query_string="",
        headers=headers,
        body=b"",
    )
    request.operation = _list_runs()
    return request


def test_acs3_is_checked_against_the_same_window_and_its_body_digest() -> None:
    verifier = AcsVerifier(load_spec("pai"), Credentials(), lambda: NOW)
    accepted = _acs3_request(NOW + WINDOW)
    verifier.authenticate(accepted)
    expired = _acs3_request(NOW + WINDOW + 1)
    assert _refusal(verifier.authenticate, expired) == "InvalidTimeStamp.Expired"
    accepted.body = b"{}"
    assert _refusal(verifier.verify_body, accepted) == "SignatureDoesNotMatch"


def _ncp_request(timestamp_ms: int, api_key: str = demo.DEMO_NCP_API_KEY) -> StubRequest:
    headers = {
        "x-ncp-apigw-timestamp": str(timestamp_ms),
        "x-ncp-iam-access-key": demo.DEMO_NCP_ACCESS_KEY,
        "x-ncp-apigw-api-key": api_key,
    }
    headers["x-ncp-apigw-signature-v2"] = _signing.nsml_expected_signature(
        demo.DEMO_NCP_SECRET_KEY, "GET", "/projects/runs", headers
    )
    return StubRequest(
        method="GET",
        path="/projects/runs",
        raw_path="/projects/runs",
        query_string="",
        headers=headers,
        body=b"",
    )


def test_ncp_signature_v2_within_its_window_then_the_api_key() -> None:
    window = _signatures.NCP_TIMESTAMP_WINDOW_MS
    now_ms = int(NOW * 1000)
    verify_ncp_signature_v2(_ncp_request(now_ms - window), Credentials(), NOW)
    with pytest.raises(StubError, match="outside the 5-minute window"):
        verify_ncp_signature_v2(_ncp_request(now_ms - window - 1), Credentials(), NOW)
    with pytest.raises(StubError) as raised:
        verify_ncp_signature_v2(_ncp_request(now_ms, api_key="wrong"), Credentials(), NOW)
    assert raised.value.kind == "forbidden"
