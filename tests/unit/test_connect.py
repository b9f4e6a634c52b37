"""A constructor's keywords to a ``Connection`` (``_connect``): credentials, URL, defaults."""

from __future__ import annotations

import pytest

from modelruns import MissingCredentialsError
from modelruns._auth import BearerAuth
from modelruns._connect import (
    checked_headers,
    checked_query,
    connect,
    resolve_credentials,
    without_userinfo,
)
from modelruns._specs import Credential

TOKEN = Credential("token", ("EXAMPLE_TOKEN",))
KEY = Credential("api_key", ("EXAMPLE_KEY", "EXAMPLE_KEY_OLD"))


def test_a_credential_comes_from_its_keyword_else_its_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("EXAMPLE_KEY_OLD", "from-env")
    found = resolve_credentials("c", {"token": "given"}, (TOKEN, KEY))
    assert found == {"token": "given", "api_key": "from-env"}


def test_a_missing_credential_names_its_keyword_and_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("EXAMPLE_TOKEN", raising=False)
    with pytest.raises(MissingCredentialsError, match="pass token= or set EXAMPLE_TOKEN"):
        resolve_credentials("c", {}, (TOKEN,))


def test_with_any_of_one_credential_is_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("EXAMPLE_TOKEN", "EXAMPLE_KEY", "EXAMPLE_KEY_OLD"):
        monkeypatch.delenv(name, raising=False)
    assert resolve_credentials("c", {"api_key": "k"}, (TOKEN, KEY), any_of=True) == {"api_key": "k"}
    with pytest.raises(MissingCredentialsError, match="one of these credentials"):
        resolve_credentials("c", {}, (TOKEN, KEY), any_of=True)


def test_a_header_the_auth_sets_is_refused_and_bad_types_are_named() -> None:
    auth = BearerAuth("secret")
    owned = frozenset({"authorization"})
    assert checked_headers("default_headers", {"X-Team": "a"}, owned, auth) == {"X-Team": "a"}
    with pytest.raises(ValueError, match="'Authorization' is set by the client's authentication"):
        checked_headers("default_headers", {"Authorization": "x"}, owned, auth)
    with pytest.raises(TypeError, match="header 'X-N' must map a str to a str, got int"):
        checked_headers("extra_headers", {"X-N": 1}, owned, auth)  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="'q' must be a str, int, float, bool or a list"):
        checked_query("extra_query", {"q": object()})


def test_the_server_url_is_filled_from_its_variables_or_given_whole() -> None:
    connection = connect(
        "foundry",
        lambda found: BearerAuth(found["token"]),
        {"token": "t"},
        {"hostname": "h.x"},
        None,
    )
    assert "h.x" in connection.base_url
    assert connection.secrets == ("t",)
    given = connect("foundry", lambda f: BearerAuth(f["token"]), {"token": "t"}, {}, "http://s")
    assert given.base_url == "http://s"


def test_a_urls_userinfo_is_dropped() -> None:
    assert without_userinfo("https://user:pw@host.example/api") == "https://host.example/api"
    assert without_userinfo("https://host.example") == "https://host.example"
