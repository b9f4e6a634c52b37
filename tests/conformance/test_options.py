"""`_options`: flags and ``--config`` values checked one by one, with schemathesis' names."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelruns.conformance import ConformanceUsageError, RunOptions
from modelruns.conformance._options import (
    check_rate_limit,
    is_secret_header,
    load_config,
    parse_header,
    parse_path_param,
    parse_tls_verify,
)


def test_a_rate_limit_schemathesis_accepts_is_kept() -> None:
    assert check_rate_limit("10/s") == "10/s"


def test_a_rate_limit_schemathesis_refuses_names_the_flag() -> None:
    with pytest.raises(ConformanceUsageError, match="--rate-limit fast: Invalid rate limit"):
        check_rate_limit("fast")


def test_headers_and_path_params_are_split_once() -> None:
    assert parse_header("X-Trace: a:b") == ("X-Trace", "a:b")
    assert parse_path_param("runId=a=b") == ("runId", "a=b")
    with pytest.raises(ConformanceUsageError, match="expected NAME:VALUE"):
        parse_header("no-colon")
    with pytest.raises(ConformanceUsageError, match="line break"):
        parse_header("X-A: a\nb")


def test_tls_verify_takes_a_boolean_or_a_bundle_that_exists(tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_text("x")
    assert parse_tls_verify("false") is False
    assert parse_tls_verify(str(bundle)) == str(bundle)
    with pytest.raises(ConformanceUsageError, match="not true, false or a CA bundle"):
        parse_tls_verify(str(tmp_path / "missing.pem"))


def test_secret_looking_headers_are_masked() -> None:
    options = RunOptions(headers={"X-Api-Token": "abcdef", "X-Trace": "visible"})
    assert is_secret_header("X-Api-Token")
    assert options.secrets() == ["abcdef"]
    assert options.secret_header_names() == ["X-Api-Token"]


def test_a_config_file_with_an_unknown_key_lists_the_known_ones(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('base-url = "http://x"\nbase_ulr = 1\n')
    with pytest.raises(ConformanceUsageError, match="unknown key 'base_ulr'; known keys: "):
        load_config(config)
    config.write_text("max-time = 1.5\n")
    with pytest.raises(ConformanceUsageError, match="max-time must be a integer"):
        load_config(config)
