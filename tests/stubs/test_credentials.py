"""The credentials the stubs accept: one field per keyword of each spec, read from the spec's
environment variables, handed to clients under the spec's keywords."""

from __future__ import annotations

from modelruns._specs import PROVIDERS, spec_credentials
from modelruns.stubs import Credentials
from modelruns.stubs import _credentials as demo


def test_every_spec_keyword_has_exactly_one_field() -> None:
    expected = {
        (provider, credential.keyword)
        for provider in PROVIDERS
        for credential in spec_credentials(provider)[0]
    }
    assert sorted(demo.FIELDS.values()) == sorted(expected)


def test_each_field_is_overridden_by_the_variable_its_spec_keyword_names() -> None:
    for field, (provider, keyword) in demo.FIELDS.items():
        (credential,) = (c for c in spec_credentials(provider)[0] if c.keyword == keyword)
        assert demo.ENVIRONMENT_VARIABLES[field] == credential.env[0]
    given = Credentials.from_env({"DATAPLATFORM_API_KEY": "from-env"})
    assert given.dataplatform_api_key == "from-env"
    assert given.dataplatform_token == demo.DEMO_DATAPLATFORM_TOKEN


def test_client_keywords_are_the_specs_with_the_accepted_values() -> None:
    accepted = Credentials(dataplatform_api_key="s3cret-dp", ncp_api_key="s3cret-gw")
    assert accepted.client_keywords("dataplatform") == {
        "token": demo.DEMO_DATAPLATFORM_TOKEN,
        "api_key": "s3cret-dp",
    }
    assert accepted.client_keywords("nsml") == {
        "access_key": demo.DEMO_NCP_ACCESS_KEY,
        "secret_key": demo.DEMO_NCP_SECRET_KEY,
        "api_key": "s3cret-gw",
    }
    assert set(accepted.client_keywords("pai")) == {"access_key_id", "access_key_secret"}
    assert "s3cret" not in repr(accepted)
