"""Known-answer tests of the pure signing algorithms in ``modelruns._signing``."""

from __future__ import annotations

import base64
import hashlib
import hmac

from modelruns import _signing

# Alibaba Cloud's published V3 example ("Request syntax and signature method V3", and its
# Chinese edition "ROA风格请求体&签名机制"): RunInstances on ECS with fixed AccessKey values.
ALIYUN_ID = "YourAccessKeyId"
ALIYUN_SECRET = "YourAccessKeySecret"
ALIYUN_HEADERS = {
    "host": "ecs.cn-shanghai.aliyuncs.com",
    "x-acs-action": "RunInstances",
    "x-acs-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "x-acs-date": "2023-10-26T09:01:01Z",
    "x-acs-signature-nonce": "d410180a5abf7fe235dd9b74aca91fc0",
    "x-acs-version": "2014-05-26",
}
ALIYUN_QUERY = [
    ("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"),
    ("RegionId", "cn-shanghai"),
]
ALIYUN_CANONICAL = (
    "POST\n"
    "/\n"
    "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\n"
    "host:ecs.cn-shanghai.aliyuncs.com\n"
    "x-acs-action:RunInstances\n"
    "x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
    "x-acs-date:2023-10-26T09:01:01Z\n"
    "x-acs-signature-nonce:d410180a5abf7fe235dd9b74aca91fc0\n"
    "x-acs-version:2014-05-26\n"
    "\n"
    "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n"
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)
ALIYUN_SIGNATURE = "e521358f7776c97df52e6b2891a8bc73026794a071b50c3323388c4e0df64804"


def test_acs_content_sha256_of_empty_body_is_the_documented_hash() -> None:
    """The documented ``x-acs-content-sha256`` of a request without a body."""
    assert _signing.acs_content_sha256(b"") == ALIYUN_HEADERS["x-acs-content-sha256"]


def test_acs3_canonical_request_matches_published_example() -> None:
    """Canonical request of "Request syntax and signature method V3" (Alibaba Cloud SDK docs)."""
    canonical = _signing.acs3_canonical_request(
        "POST", "/", ALIYUN_QUERY, ALIYUN_HEADERS, ALIYUN_HEADERS["x-acs-content-sha256"]
    )
    assert canonical == ALIYUN_CANONICAL


def test_acs3_signature_matches_published_example() -> None:
    """Signature and Authorization of "Request syntax and signature method V3"."""
    string_to_sign = _signing.acs3_string_to_sign(ALIYUN_CANONICAL)
    assert string_to_sign.startswith("ACS3-HMAC-SHA256\n")
    signature = _signing.acs3_signature(ALIYUN_SECRET, string_to_sign)
    assert signature == ALIYUN_SIGNATURE
    authorization = _signing.acs3_authorization(
        ALIYUN_ID, _signing.acs3_signed_header_names(ALIYUN_HEADERS), signature
    )
    assert authorization == (
        "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;"
        "x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
        f"Signature={ALIYUN_SIGNATURE}"
    )


def test_acs3_expected_authorization_recomputes_published_example() -> None:
    """The verifier helper rebuilds the published Authorization from the raw request."""
    raw_query = "RegionId=cn-shanghai&ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"
    expected = _signing.acs3_expected_authorization(
        ALIYUN_ID, ALIYUN_SECRET, "POST", "/", raw_query, ALIYUN_HEADERS, b""
    )
    assert expected.endswith(f"Signature={ALIYUN_SIGNATURE}")
    assert _signing.parse_acs3_authorization(expected)["Signature"] == ALIYUN_SIGNATURE


def test_acs3_expected_authorization_rejects_a_changed_body() -> None:
    """The body hash is recomputed, so a body that differs from the signed one fails."""
    expected = _signing.acs3_expected_authorization(
        ALIYUN_ID, ALIYUN_SECRET, "POST", "/", "", ALIYUN_HEADERS, b"{}"
    )
    assert not expected.endswith(ALIYUN_SIGNATURE)


def test_acs_percent_encode_uses_rfc3986_forms() -> None:
    """Space is ``%20``, ``*`` is ``%2A``, ``~`` stays, ``/`` and ``:`` are encoded."""
    assert _signing.acs_percent_encode("a b*c~d/e:f") == "a%20b%2Ac~d%2Fe%3Af"


def test_acs3_canonical_query_sorts_by_encoded_key() -> None:
    """Keys and values are encoded first, then sorted."""
    assert _signing.acs3_canonical_query([("b", "2"), ("a", "x y"), ("A", "1")]) == (
        "A=1&a=x%20y&b=2"
    )


def test_nsml_signature_v2_hand_computed_vector() -> None:
    """NAVER Cloud "API Gateway signature v2" (Ncloud API common guide: "Signature 생성").

    NAVER's guide documents the algorithm but publishes no vector with a known secret, so each
    documented step is written out here: the string to sign literally, then the HMAC.
    """
    secret = "ncp-demo-secret"
    access = "ncp-demo-access"
    timestamp = "1725330000000"
    uri = "/nsml/v1/projects/runs?page=1&pageSize=10"
    message = "GET /nsml/v1/projects/runs?page=1&pageSize=10\n1725330000000\nncp-demo-access"
    assert _signing.nsml_string_to_sign("GET", uri, timestamp, access) == message
    expected = base64.b64encode(
        hmac.new(secret.encode(), message.encode(), hashlib.sha256).digest()
    ).decode()
    assert _signing.nsml_signature_v2(secret, "GET", uri, timestamp, access) == expected
    # Cross-checked with: printf MESSAGE | openssl dgst -sha256 -hmac SECRET -binary | base64
    assert expected == "wpGylRlUU9y4Gm99k83isIUe+kJr6QT9G0e6uuAj4Lg="
