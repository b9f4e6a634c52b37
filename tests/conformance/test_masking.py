"""`_masking`: known secrets and credential headers never shown."""

from __future__ import annotations

from modelruns._specs import load_spec
from modelruns.conformance._masking import MASK, Masker, sensitive_headers


def test_the_credential_headers_are_the_specs_security_schemes() -> None:
    assert "authorization" in sensitive_headers(load_spec("foundry"))
    assert "x-api-key" in sensitive_headers(load_spec("dataplatform"))


def test_a_curl_line_masks_secrets_and_credential_headers() -> None:
    masker = Masker(["s3cr3t-value"], ["Authorization"])
    line = masker.curl(
        "get",
        "http://h/a?key=s3cr3t-value",
        [("Authorization", "Bearer derived"), ("X-Trace", "t")],
        b'{"k": "s3cr3t-value"}',
    )
    assert "s3cr3t-value" not in line
    assert "derived" not in line
    assert f"Authorization: {MASK}" in line
    assert "X-Trace: t" in line


def test_a_credential_header_inside_free_text_is_masked() -> None:
    masker = Masker([], ["x-api-key"])
    assert masker.text("sent X-API-Key: abc123 to h") == f"sent X-API-Key: {MASK}"
