"""``_masking``, the one masking of a request or response (errors, raw responses, recordings).

Credential headers keep their scheme or become a fixed marker; the headers an auth sets are
masked whole and their secret values searched for in the body (a date is not a secret); the URL
loses its userinfo, its credential query values and known secrets; the secrets the engine puts
on a request are masked in its response too, and a masked copy is never copied again.
"""

from __future__ import annotations

import json

import httpx

from modelruns._masking import SECRETS_EXTENSION, masked_request, masked_response
from modelruns._record import MASK, _entry

SECRET = "SECRETtok123"
URL = "http://api.example/v1/model-runs/r-1"


def _request() -> httpx.Request:
    return httpx.Request("GET", URL, headers={"Authorization": f"Bearer {SECRET}"})


def test_a_credential_header_keeps_its_scheme_or_becomes_the_marker() -> None:
    request = _request()
    assert masked_request(request).headers["authorization"] == "Bearer ***"
    assert masked_request(request, marker="****").headers["authorization"] == "****"


def test_the_auths_own_headers_are_masked_whole_and_searched_for_in_the_body() -> None:
    signature = "c2lnbmF0dXJlLXZhbHVl"
    request = httpx.Request(
        "POST",
        URL,
        headers={"x-acs-signature": signature, "x-acs-date": "2026-01-01T00:00:00Z"},
        content=f'{{"echo": "{signature}", "date": "2026-01-01T00:00:00Z"}}'.encode(),
    )
    masked = masked_request(request, masked_headers=("X-Acs-Signature", "x-acs-date"))
    assert masked.headers["x-acs-signature"] == "***"
    assert masked.headers["x-acs-date"] == "***"
    assert signature.encode() not in masked.content
    assert b"2026-01-01T00:00:00Z" in masked.content  # a date is no secret


def test_the_url_loses_its_userinfo_credential_parameters_and_known_secrets() -> None:
    request = httpx.Request("GET", f"http://user:pw@api.example/v1?token=abc&q={SECRET}&page=2")
    url = str(masked_request(request, (SECRET,)).url)
    for gone in ("user", "pw", SECRET, "abc"):
        assert gone not in url
    assert "page=2" in url


def test_the_engines_secrets_on_a_request_are_masked_in_its_response() -> None:
    request = httpx.Request("GET", URL, extensions={SECRETS_EXTENSION: (SECRET,)})
    echo = httpx.Response(
        401, headers={"x-echo": SECRET}, content=f"token {SECRET}".encode(), request=request
    )
    masked = masked_response(echo)
    assert SECRET not in masked.headers["x-echo"]
    assert SECRET.encode() not in masked.content
    assert masked.request is not request
    assert masked_response(masked) is masked  # a masked copy is not copied again


def test_a_recording_writes_the_same_masked_exchange_with_its_own_marker() -> None:
    request = httpx.Request(
        "POST", f"{URL}?token=abc", headers={"Authorization": f"Bearer {SECRET}"}, content=b"{}"
    )
    answer = httpx.Response(200, content=f'{{"echo": "{SECRET}"}}'.encode(), request=request)
    entry = _entry("getModelRun", request, answer, 0.01, (), frozenset({"authorization"}))
    shown = masked_response(answer)
    assert {"name": "authorization", "value": MASK} in entry["request"]["headers"]
    assert entry["response"]["content"]["text"] == shown.text == '{"echo": "***"}'
    assert entry["request"]["queryString"] == [{"name": "token", "value": "***"}]
    assert SECRET not in json.dumps(entry)
