"""The one version check every ``_compat`` module makes at import."""

from __future__ import annotations

import pytest

from modelruns._compat import UnsupportedVersionError, require


def test_an_installed_release_inside_the_range_is_returned() -> None:
    assert require("httpx", "0.28", "0.29").startswith("0.28")


def test_a_release_outside_the_range_names_the_library_the_release_and_the_range() -> None:
    with pytest.raises(UnsupportedVersionError) as caught:
        require("httpx", "0.29", "0.30")
    message = str(caught.value)
    assert "httpx 0.28" in message
    assert "httpx>=0.29,<0.30" in message


def test_a_missing_library_is_named() -> None:
    with pytest.raises(UnsupportedVersionError, match="no-such-dist is not installed"):
        require("no-such-dist", "1", "2")
