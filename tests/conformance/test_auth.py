"""`_auth`: the provider modules' own signers, the spec's ways to authenticate, the hook."""

from __future__ import annotations

import pytest
import requests

from modelruns import _auth
from modelruns.conformance import ConformanceUsageError
from modelruns.conformance._auth import (
    HttpxAuthAdapter,
    auth_options,
    build_auth,
    credential_values,
    resolve_credentials,
)
from modelruns.stubs import Credentials


def test_the_ways_to_authenticate_are_the_specs_credentials() -> None:
    assert auth_options("foundry") == (("foundry_token",),)
    # any-of: a token or an API key, the token first.
    assert auth_options("dataplatform") == (("dataplatform_token",), ("dataplatform_api_key",))
    assert auth_options("pai") == (("access_key_id", "access_key_secret"),)
    assert auth_options("nsml") == (("ncp_access_key", "ncp_secret_key", "ncp_api_key"),)


@pytest.mark.parametrize(
    ("provider", "kind"),
    [
        ("foundry", _auth.BearerAuth),
        ("dataplatform", _auth.BearerAuth),
        ("pai", _auth.AcsV3Auth),
        ("nsml", _auth.NcpSignatureV2Auth),
    ],
)
def test_the_signer_is_the_provider_modules_own(provider: str, kind: type) -> None:
    assert isinstance(build_auth(provider, Credentials()), kind)  # type: ignore[arg-type]


def test_an_api_key_alone_signs_data_platform_with_x_api_key() -> None:
    auth = build_auth("dataplatform", Credentials(dataplatform_token=""))
    assert isinstance(auth, _auth.ApiKeyAuth)


def test_missing_credentials_name_the_flag_and_the_variable() -> None:
    with pytest.raises(ConformanceUsageError) as caught:
        resolve_credentials("pai", {}, {}, flags={"access_key_id": "--access-key"})
    message = str(caught.value)
    assert "missing credentials for pai" in message
    assert "--access-key or ALIBABA_CLOUD_ACCESS_KEY_ID" in message
    assert "ALIBABA_CLOUD_ACCESS_KEY_SECRET" in message


def test_credentials_come_from_the_flags_before_the_environment() -> None:
    creds = resolve_credentials(
        "foundry", {"foundry_token": "from-flag"}, {"FOUNDRY_TOKEN": "from-env"}
    )
    assert creds.foundry_token == "from-flag"
    assert credential_values("foundry", creds) == ["from-flag"]


def test_the_adapter_signs_the_request_as_sent() -> None:
    adapter = HttpxAuthAdapter(_auth.BearerAuth("secret-token"))
    request = requests.Request("GET", "http://example.com/a b?x=1").prepare()
    adapter(request)
    assert request.headers["Authorization"] == "Bearer secret-token"
    assert "secret-token" not in repr(adapter)
