"""The PAI stub over HTTP: ACS3 signatures, filters, sorting, paging, and a run's whole life."""

from __future__ import annotations

import base64
import email.utils
import hashlib
import hmac
import itertools
import json
import secrets
import time
import uuid
from typing import Any

import httpx
import pytest

from modelruns import _signing
from modelruns._auth import AcsV3Auth
from modelruns.stubs import StubServer, _pai
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


# --- a run's whole life -------------------------------------------------------------------


def call(http: httpx.Client, action: str, method: str, path: str, **options: Any) -> httpx.Response:
    """One signed request for ``action`` (the stub checks ``x-acs-action`` against the path)."""
    return http.request(method, path, headers={"x-acs-action": action}, **options)


def create(http: httpx.Client, body: dict[str, Any]) -> httpx.Response:
    return call(http, "CreateRun", "POST", RUNS, json=body)


def get(http: httpx.Client, run_id: str, **params: Any) -> httpx.Response:
    return call(http, "GetRun", "GET", f"{RUNS}/{run_id}", params=params)


def metrics_walk(http: httpx.Client, run_id: str, **params: Any) -> list[list[dict[str, Any]]]:
    pages, query = [], dict(params)
    for _ in range(100):
        page = call(http, "ListRunMetrics", "GET", f"{RUNS}/{run_id}/metrics", params=query)
        assert page.status_code == 200, page.text
        body = page.json()
        assert isinstance(body["NextPageToken"], int)
        pages.append(body["Metrics"])
        if body["NextPageToken"] == 0:
            return pages
        query["PageToken"] = body["NextPageToken"]
    raise AssertionError("the metrics walk did not end")


def experiment(server: StubServer) -> str:
    return server.app.stub.describe()["ExperimentIds"].split(",")[0]


def test_created_run_is_listed_read_updated_relabelled_and_deleted(serve: Serve) -> None:
    server = serve("pai", runs=5)
    http = client(server)
    body = {
        "ExperimentId": experiment(server),
        "Name": "lifecycle",
        "SourceType": "DLC",
        "SourceId": "dlc-123",
        "Params": [{"Key": "lr", "Value": "0.1"}],
        "Labels": [{"Key": "stage", "Value": "draft"}, {"Key": "owner", "Value": "ml"}],
    }
    created = create(http, body)
    assert created.status_code == 200, created.text
    run_id = created.json()["RunId"]
    assert created.json()["requestId"]

    listed = walk(http, ExperimentId=body["ExperimentId"])
    assert run_id in {run["RunId"] for run in listed}
    assert len(walk(http)) == 6

    brief = get(http, run_id).json()
    assert (brief["RunId"], brief["Name"], brief["SourceType"]) == (run_id, "lifecycle", "DLC")
    assert brief["ExperimentId"] == body["ExperimentId"]
    assert not {"Params", "Metrics", "Labels"} & set(brief)
    verbose = get(http, run_id, Verbose="true").json()
    assert verbose["Params"] == body["Params"]
    assert [(label["Key"], label["Value"]) for label in verbose["Labels"]] == [
        ("stage", "draft"),
        ("owner", "ml"),
    ]
    assert verbose["Metrics"] == []

    change = {
        "Name": "lifecycle-2",
        "Labels": [{"Key": "stage", "Value": "final"}, {"Key": "team", "Value": "t9"}],
        "Params": [{"Key": "lr", "Value": "0.05"}, {"Key": "epochs", "Value": "3"}],
    }
    assert call(http, "UpdateRun", "PUT", f"{RUNS}/{run_id}", json=change).status_code == 200
    updated = get(http, run_id, Verbose="true").json()
    assert updated["Name"] == "lifecycle-2"
    assert {(label["Key"], label["Value"]) for label in updated["Labels"]} == {
        ("stage", "final"),
        ("owner", "ml"),
        ("team", "t9"),
    }
    assert updated["Params"] == [{"Key": "lr", "Value": "0.05"}, {"Key": "epochs", "Value": "3"}]
    assert [run["Name"] for run in walk(http, Name="lifecycle-2")] == ["lifecycle-2"]

    label = f"{RUNS}/{run_id}/labels/owner"
    assert call(http, "DeleteRunLabel", "DELETE", label).status_code == 200
    relabelled = get(http, run_id, Verbose="true").json()
    assert {label["Key"] for label in relabelled["Labels"]} == {"stage", "team"}
    again = call(http, "DeleteRunLabel", "DELETE", label)
    assert again.status_code == 404
    assert again.json()["Code"] == "LabelNotFound"

    assert call(http, "DeleteRun", "DELETE", f"{RUNS}/{run_id}").status_code == 200
    assert run_id not in {run["RunId"] for run in walk(http)}
    for action, method, path, options in (
        ("GetRun", "GET", f"{RUNS}/{run_id}", {}),
        ("UpdateRun", "PUT", f"{RUNS}/{run_id}", {"json": change}),
        ("DeleteRun", "DELETE", f"{RUNS}/{run_id}", {}),
        ("DeleteRunLabel", "DELETE", f"{RUNS}/{run_id}/labels/stage", {}),
        ("LogRunMetrics", "POST", f"{RUNS}/{run_id}/metrics/action/log", {"json": {}}),
        ("ListRunMetrics", "GET", f"{RUNS}/{run_id}/metrics", {"params": {"Key": "loss"}}),
    ):
        gone = call(http, action, method, path, **options)
        assert gone.status_code == 404, action
        assert set(gone.json()) == {"RequestId", "HostId", "Code", "Message"}
        assert gone.json()["Code"] == "RunNotFound"


def test_an_unnamed_run_is_named_after_its_id(serve: Serve) -> None:
    server = serve("pai", runs=0)
    http = client(server)
    run_id = create(http, {"ExperimentId": experiment(server)}).json()["RunId"]
    run = get(http, run_id, Verbose="true").json()
    assert run["Name"] == run_id
    assert (run["Params"], run["Labels"], run["SourceType"]) == ([], [], "")


def test_metrics_come_back_in_step_order_and_page_by_integer_tokens(serve: Serve) -> None:
    server = serve("pai", runs=0)
    http = client(server)
    run_id = create(http, {"ExperimentId": experiment(server)}).json()["RunId"]
    log = f"{RUNS}/{run_id}/metrics/action/log"
    steps = [5, 0, 9, 2, 7, 1, 8, 3, 6, 4]
    first = [{"Key": "acc", "Value": step / 10, "Step": step, "Timestamp": 1} for step in steps]
    second = [{"Key": "loss", "Value": 0.5, "Step": 1}, {"Key": "acc", "Value": 1.0, "Step": 10}]
    for metrics in (first, second):
        logged = call(http, "LogRunMetrics", "POST", log, json={"Metrics": metrics})
        assert logged.status_code == 200, logged.text

    pages = metrics_walk(http, run_id, Key="acc", MaxResults=3)
    assert [len(page) for page in pages] == [3, 3, 3, 2]
    values = [metric for page in pages for metric in page]
    assert [metric["Step"] for metric in values] == list(range(11))
    assert values[0] == {"Key": "acc", "Value": 0.0, "Step": 0, "Timestamp": 1}
    assert metrics_walk(http, run_id, Key="loss") == [[second[0]]]
    assert metrics_walk(http, run_id, Key="nothing") == [[]]
    # Logging is not idempotent: the same values sent again are recorded again.
    call(http, "LogRunMetrics", "POST", log, json={"Metrics": second[:1]})
    assert len(metrics_walk(http, run_id, Key="loss")[0]) == 2
    verbose = get(http, run_id, Verbose="true").json()
    assert len(verbose["Metrics"]) == 13


def test_unknown_experiment_is_404(serve: Serve) -> None:
    response = create(client(serve("pai")), {"ExperimentId": "exp-nope"})
    assert response.status_code == 404
    assert response.json()["Code"] == "ExperimentNotFound"


BAD_REQUESTS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("CreateRun", "POST", "", {"json": {"Name": "no-experiment"}}),
    ("CreateRun", "POST", "", {"json": {"ExperimentId": 5}}),
    ("CreateRun", "POST", "", {"json": {"ExperimentId": "{exp}", "Name": "1starts-with-digit"}}),
    ("CreateRun", "POST", "", {"json": {"ExperimentId": "{exp}", "Labels": [{"Key": "a=b"}]}}),
    ("CreateRun", "POST", "", {"json": {"ExperimentId": "{exp}", "Params": [{"Key": "k"}]}}),
    ("CreateRun", "POST", "", {"content": b"{not json"}),
    ("CreateRun", "POST", "", {}),
    ("UpdateRun", "PUT", "/{run}", {"json": {"Name": ""}}),
    ("UpdateRun", "PUT", "/{run}", {"json": {"Labels": "stage:final"}}),
    ("LogRunMetrics", "POST", "/{run}/metrics/action/log", {"json": {"Metrics": [{"Key": "k"}]}}),
    (
        "LogRunMetrics",
        "POST",
        "/{run}/metrics/action/log",
        {"json": {"Metrics": [{"Key": "k", "Value": "high"}]}},
    ),
    (
        "LogRunMetrics",
        "POST",
        "/{run}/metrics/action/log",
        {"content": b'{"Metrics": [{"Key": "k", "Value": NaN}]}'},
    ),
    (
        "LogRunMetrics",
        "POST",
        "/{run}/metrics/action/log",
        {"json": {"Metrics": [{"Key": "k", "Value": 1, "Step": 2**70}]}},
    ),
    ("ListRunMetrics", "GET", "/{run}/metrics", {}),
    ("ListRunMetrics", "GET", "/{run}/metrics", {"params": {"Key": "loss", "MaxResults": 0}}),
    ("ListRunMetrics", "GET", "/{run}/metrics", {"params": {"Key": "loss", "PageToken": -1}}),
    ("GetRun", "GET", "/{run}", {"params": {"Verbose": "maybe"}}),
]


@pytest.mark.parametrize(("action", "method", "where", "options"), BAD_REQUESTS)
def test_bad_input_is_400_in_the_alibaba_error_shape(
    serve: Serve, action: str, method: str, where: str, options: dict[str, Any]
) -> None:
    server = serve("pai", runs=1)
    http = client(server)
    run_id = walk(http)[0]["RunId"]
    if "json" in options:
        text = json.dumps(options["json"]).replace("{exp}", experiment(server))
        options = {"content": text.encode(), "headers": {"content-type": "application/json"}}
    path = RUNS + where.format(run=run_id)
    request = http.build_request(method, path, **options)
    request.headers["x-acs-action"] = action
    response = http.send(request)
    assert response.status_code == 400, response.text
    assert set(response.json()) == {"RequestId", "HostId", "Code", "Message"}
    assert response.json()["Message"]


def test_what_requests_can_add_is_bounded(serve: Serve, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_pai, "_METRIC_LIMIT", 3)
    monkeypatch.setattr(_pai, "_CREATED_RUN_LIMIT", 1)
    monkeypatch.setattr(_pai, "_LABEL_LIMIT", 2)
    server = serve("pai", runs=0)
    http = client(server)
    run_id = create(http, {"ExperimentId": experiment(server)}).json()["RunId"]
    refused = create(http, {"ExperimentId": experiment(server)})
    assert refused.status_code == 400
    assert refused.json()["Code"] == "QuotaExceeded"
    log = f"{RUNS}/{run_id}/metrics/action/log"
    four = {"Metrics": [{"Key": "k", "Value": i} for i in range(4)]}
    assert call(http, "LogRunMetrics", "POST", log, json=four).json()["Code"] == "QuotaExceeded"
    labels = {"Labels": [{"Key": str(i), "Value": "v"} for i in range(3)]}
    put = call(http, "UpdateRun", "PUT", f"{RUNS}/{run_id}", json=labels)
    assert put.json()["Code"] == "QuotaExceeded"


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
    assert len(stub.verifier.nonces.seen) == 5
    now[0] += 31 * 60  # past two windows: none of them can pass the date check any more
    headers = roa_headers(demo.DEMO_ACCESS_KEY_SECRET, email.utils.formatdate(now[0]), nonce="n0")
    assert httpx.get(server.base_url + RUNS, headers=headers).status_code == 200
    assert set(stub.verifier.nonces.seen) == {"n0"}


def test_a_full_nonce_memory_throttles_rather_than_forgets(
    serve: Serve, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("modelruns.stubs._signatures._NONCE_LIMIT", 2)
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
