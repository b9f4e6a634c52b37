"""The PAI stub over HTTP: ACS3 signatures, filters, sorting and both paging styles."""

from __future__ import annotations

import base64
import email.utils
import hashlib
import hmac
import itertools
import secrets
import time
import uuid
from typing import Any

import httpx
import pytest

from modelruns import _signing
from modelruns._auth import AcsV3Auth
from modelruns.stubs import StubServer
from modelruns.stubs import _credentials as demo
from modelruns.stubs._pai import PaiStub
from tests.stubs.conftest import PAI_HEADERS, Serve, client

RUNS = "/api/v1/runs"


def walk(http: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    runs: list[dict[str, Any]] = []
    query = dict(params)
    while True:
        page = http.get(RUNS, params=query).json()
        runs.extend(page["Runs"])
        if page["NextPageToken"] == 0:
            return runs
        query["PageToken"] = page["NextPageToken"]


def test_token_walk_covers_every_run_and_ends_at_zero(serve: Serve) -> None:
    http = client(serve("pai", runs=23))
    runs = walk(http, MaxResults=5)
    assert len({run["RunId"] for run in runs}) == 23


def test_page_numbers_cover_every_run_with_total_count(serve: Serve) -> None:
    http = client(serve("pai", runs=7))
    pages = [http.get(RUNS, params={"PageNumber": n, "PageSize": 3}).json() for n in (1, 2, 3)]
    assert {page["TotalCount"] for page in pages} == {7}
    assert [len(page["Runs"]) for page in pages] == [3, 3, 1]
    assert pages[-1]["NextPageToken"] == 0
    assert pages[0]["NextPageToken"] != 0


def test_verbose_adds_params_metrics_and_labels(serve: Serve) -> None:
    http = client(serve("pai", runs=2))
    brief = http.get(RUNS).json()["Runs"][0]
    verbose = http.get(RUNS, params={"Verbose": "true"}).json()["Runs"][0]
    assert not {"Params", "Metrics", "Labels"} & set(brief)
    assert {"Params", "Metrics", "Labels"} <= set(verbose)


def test_filters_by_experiment_name_and_labels(serve: Serve) -> None:
    server = serve("pai", runs=12)
    http = client(server)
    experiment = server.app.stub.describe()["ExperimentIds"].split(",")[0]
    in_experiment = walk(http, ExperimentId=experiment)
    assert in_experiment
    assert {run["ExperimentId"] for run in in_experiment} == {experiment}
    name = in_experiment[0]["Name"]
    assert [run["Name"] for run in walk(http, Name=name)] == [name]
    evaluations = walk(http, Labels="is_evaluation:true,team:t0", Verbose="true")
    assert evaluations
    for run in evaluations:
        labels = {(label["Key"], label["Value"]) for label in run["Labels"]}
        assert {("is_evaluation", "true"), ("team", "t0")} <= labels


def test_sorting_by_name_and_by_order_by(serve: Serve) -> None:
    http = client(serve("pai", runs=9))
    by_name = [run["Name"] for run in walk(http, SortBy="Name", Order="ASC")]
    assert by_name == sorted(by_name)
    newest = [run["GmtCreateTime"] for run in walk(http, OrderBy="GmtCreateTime DESC")]
    assert newest == sorted(newest, reverse=True)
    oldest = [run["GmtCreateTime"] for run in walk(http, OrderBy="GmtCreateTime ASC,Name ASC")]
    assert oldest == sorted(oldest)


@pytest.mark.parametrize(
    "params",
    [{"SortBy": "Size"}, {"OrderBy": "Size DESC"}, {"MaxResults": "0"}, {"Verbose": "maybe"}],
)
def test_invalid_parameters_get_the_alibaba_error_body(
    serve: Serve, params: dict[str, str]
) -> None:
    response = client(serve("pai")).get(RUNS, params=params)
    assert response.status_code == 400
    assert {"RequestId", "HostId", "Code", "Message"} <= set(response.json())


def test_unknown_workspace_and_experiment_are_404(serve: Serve) -> None:
    http = client(serve("pai"))
    for params in ({"WorkspaceId": "1"}, {"ExperimentId": "exp-nope"}):
        response = http.get(RUNS, params=params)
        assert response.status_code == 404


def signed_get(server: StubServer, auth: httpx.Auth, headers: dict[str, str]) -> httpx.Response:
    with httpx.Client(base_url=server.base_url, auth=auth, headers=headers) as http:
        return http.get(RUNS)


@pytest.mark.parametrize(
    ("key_id", "secret", "code"),
    [
        ("someone-else", demo.DEMO_ACCESS_KEY_SECRET, "InvalidAccessKeyId.NotFound"),
        (demo.DEMO_ACCESS_KEY_ID, "wrong-secret", "SignatureDoesNotMatch"),
    ],
)
def test_wrong_keys_are_401(serve: Serve, key_id: str, secret: str, code: str) -> None:
    response = signed_get(serve("pai"), AcsV3Auth(key_id, secret), PAI_HEADERS)
    assert response.status_code == 401
    assert response.json()["Code"] == code


def test_missing_signature_is_401(serve: Serve) -> None:
    response = httpx.get(serve("pai").base_url + RUNS, headers=PAI_HEADERS)
    assert response.status_code == 401
    assert response.json()["Code"] == "MissingAuthorization"


def test_stale_date_and_reused_nonce_are_401(serve: Serve) -> None:
    server = serve("pai", clock=lambda: 1_700_000_000.0)
    stale = AcsV3Auth(demo.DEMO_ACCESS_KEY_ID, demo.DEMO_ACCESS_KEY_SECRET, clock=lambda: 0.0)
    assert signed_get(server, stale, PAI_HEADERS).json()["Code"] == "InvalidTimeStamp.Expired"
    same = AcsV3Auth(
        demo.DEMO_ACCESS_KEY_ID,
        demo.DEMO_ACCESS_KEY_SECRET,
        clock=lambda: 1_700_000_000.0,
        nonce=lambda: "fixed",
    )
    assert signed_get(server, same, PAI_HEADERS).status_code == 200
    replay = signed_get(server, same, PAI_HEADERS)
    assert replay.status_code == 401
    assert replay.json()["Code"] == "SignatureNonceUsed"


def test_wrong_action_header_is_400(serve: Serve) -> None:
    counter = itertools.count()
    auth = AcsV3Auth(
        demo.DEMO_ACCESS_KEY_ID, demo.DEMO_ACCESS_KEY_SECRET, nonce=lambda: str(next(counter))
    )
    response = signed_get(serve("pai"), auth, {**PAI_HEADERS, "x-acs-action": "GetRun"})
    assert response.status_code == 400


def roa_headers(
    secret: str, date: str, query: str = "", nonce: str | None = "fresh"
) -> dict[str, str]:
    """Sign ``GET /api/v1/runs`` the legacy ROA way, written out independently of the stub.

    ``nonce="fresh"`` sends a new random nonce; ``None`` sends none.
    """
    acs = {"x-acs-signature-method": "HMAC-SHA1", "x-acs-version": "2021-02-04"}
    if nonce is not None:
        acs["x-acs-signature-nonce"] = uuid.uuid4().hex if nonce == "fresh" else nonce
    resource = RUNS + (f"?{query}" if query else "")
    lines = "".join(f"{k}:{v}\n" for k, v in sorted(acs.items()))
    string_to_sign = f"GET\napplication/json\n\n\n{date}\n{lines}{resource}"
    digest = hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha1).digest()
    signature = base64.b64encode(digest).decode()
    return {
        **acs,
        "accept": "application/json",
        "date": date,
        "authorization": f"acs {demo.DEMO_ACCESS_KEY_ID}:{signature}",
    }


def test_legacy_roa_signature_is_accepted(serve: Serve) -> None:
    now = 1_700_000_000.0
    server = serve("pai", runs=4, clock=lambda: now)
    date = email.utils.formatdate(now, usegmt=True)
    headers = roa_headers(demo.DEMO_ACCESS_KEY_SECRET, date, "MaxResults=2")
    response = httpx.get(server.base_url + RUNS, params={"MaxResults": 2}, headers=headers)
    assert response.status_code == 200
    assert len(response.json()["Runs"]) == 2


def test_legacy_roa_wrong_secret_or_stale_date_is_401(serve: Serve) -> None:
    now = 1_700_000_000.0
    server = serve("pai", clock=lambda: now)
    fresh = email.utils.formatdate(now, usegmt=True)
    stale = email.utils.formatdate(now - 3600, usegmt=True)
    for headers, code in (
        (roa_headers("wrong", fresh), "SignatureDoesNotMatch"),
        (roa_headers(demo.DEMO_ACCESS_KEY_SECRET, stale), "InvalidTimeStamp.Expired"),
    ):
        response = httpx.get(server.base_url + RUNS, headers=headers)
        assert response.status_code == 401
        assert response.json()["Code"] == code


def test_legacy_roa_without_nonce_is_refused_every_time(serve: Serve) -> None:
    now = 1_700_000_000.0
    server = serve("pai", clock=lambda: now)
    headers = roa_headers(demo.DEMO_ACCESS_KEY_SECRET, email.utils.formatdate(now), nonce=None)
    for _ in range(3):
        response = httpx.get(server.base_url + RUNS, headers=headers)
        assert response.status_code == 400
        assert response.json()["Code"] == "MissingSignatureNonce"


def test_legacy_roa_replay_is_refused_until_the_window_has_passed(serve: Serve) -> None:
    now = [1_700_000_000.0]
    server = serve("pai", clock=lambda: now[0])
    headers = roa_headers(demo.DEMO_ACCESS_KEY_SECRET, email.utils.formatdate(now[0]), nonce="once")
    assert httpx.get(server.base_url + RUNS, headers=headers).status_code == 200
    now[0] += 14 * 60  # still inside the 15-minute window: the replay must fail
    replay = httpx.get(server.base_url + RUNS, headers=headers)
    assert replay.status_code == 401
    assert replay.json()["Code"] == "SignatureNonceUsed"
    now[0] += 2 * 60  # the signed time is now out of range, so the date check refuses it
    assert httpx.get(server.base_url + RUNS, headers=headers).json()["Code"] == (
        "InvalidTimeStamp.Expired"
    )


def test_nonces_expire_with_the_window_instead_of_being_wiped(serve: Serve) -> None:
    now = [1_700_000_000.0]
    server = serve("pai", clock=lambda: now[0])
    stub = server.app.stub
    assert isinstance(stub, PaiStub)
    for index in range(5):
        headers = roa_headers(
            demo.DEMO_ACCESS_KEY_SECRET, email.utils.formatdate(now[0]), nonce=f"n{index}"
        )
        assert httpx.get(server.base_url + RUNS, headers=headers).status_code == 200
    assert len(stub.seen_nonces) == 5
    now[0] += 31 * 60  # past two windows: none of them can pass the date check any more
    headers = roa_headers(demo.DEMO_ACCESS_KEY_SECRET, email.utils.formatdate(now[0]), nonce="n0")
    assert httpx.get(server.base_url + RUNS, headers=headers).status_code == 200
    assert set(stub.seen_nonces) == {"n0"}


def test_a_full_nonce_memory_throttles_rather_than_forgets(
    serve: Serve, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("modelruns.stubs._pai._NONCE_LIMIT", 2)
    now = 1_700_000_000.0
    server = serve("pai", clock=lambda: now)
    date = email.utils.formatdate(now)
    for nonce in ("a", "b"):
        headers = roa_headers(demo.DEMO_ACCESS_KEY_SECRET, date, nonce=nonce)
        assert httpx.get(server.base_url + RUNS, headers=headers).status_code == 200
    full = httpx.get(server.base_url + RUNS, headers=roa_headers(demo.DEMO_ACCESS_KEY_SECRET, date))
    assert full.status_code == 429
    assert "Retry-After" in full.headers
    replay = roa_headers(demo.DEMO_ACCESS_KEY_SECRET, date, nonce="a")
    assert httpx.get(server.base_url + RUNS, headers=replay).json()["Code"] == "SignatureNonceUsed"


def signed_with(
    server: StubServer, signed: list[str], extra: dict[str, str] | None = None
) -> httpx.Response:
    """A GET whose ACS3 signature covers exactly `signed` (valid over those headers)."""
    host = httpx.URL(server.base_url).netloc.decode()
    headers = {
        **PAI_HEADERS,
        "host": host,
        "accept": "application/json",
        "user-agent": "AlibabaCloud (test) TeaDSL/2",
        "x-acs-date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "x-acs-signature-nonce": secrets.token_hex(8),
        "x-acs-content-sha256": hashlib.sha256(b"").hexdigest(),
        **(extra or {}),
    }
    present = {name: headers.get(name, "") for name in signed}
    canonical = _signing.acs3_canonical_request(
        "GET", RUNS, [], present, headers["x-acs-content-sha256"], signed
    )
    signature = _signing.acs3_signature(
        demo.DEMO_ACCESS_KEY_SECRET, _signing.acs3_string_to_sign(canonical)
    )
    headers["authorization"] = _signing.acs3_authorization(
        demo.DEMO_ACCESS_KEY_ID, signed, signature
    )
    return httpx.get(server.base_url + RUNS, headers=headers)


_ACS = ["x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce"]
_ACS += ["x-acs-version"]


def test_signature_covers_the_headers_the_request_lists(serve: Serve) -> None:
    server = serve("pai")
    # Alibaba's SDK signs every header it sends, accept and user-agent included.
    assert signed_with(server, ["accept", "host", "user-agent", *_ACS]).status_code == 200
    assert signed_with(server, ["host", *_ACS]).status_code == 200


@pytest.mark.parametrize(
    ("signed", "extra"),
    [
        ([*_ACS], {}),  # host left out
        (["host", *[name for name in _ACS if name != "x-acs-signature-nonce"]], {}),
        (["host", *_ACS], {"x-acs-extra": "1"}),  # an x-acs-* header sent but not signed
        (["host", "x-missing", *_ACS], {}),  # names a header the request does not carry
    ],
)
def test_signed_headers_that_leave_out_or_invent_headers_are_refused(
    serve: Serve, signed: list[str], extra: dict[str, str]
) -> None:
    response = signed_with(serve("pai"), sorted(signed), extra)
    assert response.status_code == 401
    assert response.json()["Code"] == "IncompleteSignature"
