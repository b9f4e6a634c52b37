"""The credentials the stub servers accept: fixed demo values, overridable from the environment.

The environment variables are the ones the SDK reads, so one exported set serves both the
client and the stub it talks to.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from typing import Any

from modelruns._secrets import redact
from modelruns._specs import Provider, credential_variable

__all__ = [
    "DEMO_ACCESS_KEY_ID",
    "DEMO_ACCESS_KEY_SECRET",
    "DEMO_DATAPLATFORM_API_KEY",
    "DEMO_DATAPLATFORM_TOKEN",
    "DEMO_FOUNDRY_TOKEN",
    "DEMO_NCP_ACCESS_KEY",
    "DEMO_NCP_API_KEY",
    "DEMO_NCP_SECRET_KEY",
    "ENVIRONMENT_VARIABLES",
    "FIELDS",
    "Credentials",
    "mask",
]

DEMO_FOUNDRY_TOKEN = "demo-foundry-token"  # noqa: S105  (a public demo value, not a secret)
DEMO_DATAPLATFORM_TOKEN = "demo-dataplatform-token"  # noqa: S105
DEMO_DATAPLATFORM_API_KEY = "demo-dataplatform-api-key"
DEMO_ACCESS_KEY_ID = "demo-access-key-id"
DEMO_ACCESS_KEY_SECRET = "demo-access-key-secret"  # noqa: S105
DEMO_NCP_ACCESS_KEY = "demo-ncp-access-key"
DEMO_NCP_SECRET_KEY = "demo-ncp-secret-key"  # noqa: S105
DEMO_NCP_API_KEY = "demo-ncp-api-key"

#: Fields that are identifiers rather than secrets: their masked form keeps a short prefix.
_IDENTIFIERS = frozenset({"access_key_id", "ncp_access_key"})


def mask(value: str, *, keep: int = 0) -> str:
    """A value safe to print: the demo values as they are, anything else starred out."""
    return value if value in _DEMO_VALUES else redact(value, keep=keep)


def _accepted(provider: Provider, keyword: str, demo: str) -> Any:
    """A `Credentials` field: the demo value, and the client keyword of the spec it stands for."""
    return dataclasses.field(default=demo, metadata={"provider": provider, "keyword": keyword})


@dataclasses.dataclass(frozen=True, repr=False)
class Credentials:
    """What the stubs accept: one value per credential, the demo values unless overridden.

    Each field stands for one keyword of a provider's ``x-modelruns-credentials``; the
    environment variable that overrides it is the one the spec gives that keyword.
    """

    foundry_token: str = _accepted("foundry", "token", DEMO_FOUNDRY_TOKEN)
    dataplatform_token: str = _accepted("dataplatform", "token", DEMO_DATAPLATFORM_TOKEN)
    dataplatform_api_key: str = _accepted("dataplatform", "api_key", DEMO_DATAPLATFORM_API_KEY)
    access_key_id: str = _accepted("pai", "access_key_id", DEMO_ACCESS_KEY_ID)
    access_key_secret: str = _accepted("pai", "access_key_secret", DEMO_ACCESS_KEY_SECRET)
    ncp_access_key: str = _accepted("nsml", "access_key", DEMO_NCP_ACCESS_KEY)
    ncp_secret_key: str = _accepted("nsml", "secret_key", DEMO_NCP_SECRET_KEY)
    ncp_api_key: str = _accepted("nsml", "api_key", DEMO_NCP_API_KEY)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Credentials:
        """The demo values, each replaced by its environment variable when that is set."""
        env = os.environ if environ is None else environ
        values = {
            field: env[variable]
            for field, variable in ENVIRONMENT_VARIABLES.items()
            if env.get(variable)
        }
        return cls(**values)

    def client_keywords(self, provider: Provider) -> dict[str, str]:
        """The provider's SDK client keywords (the spec's) with the values accepted here."""
        return {
            keyword: getattr(self, field)
            for field, (owner, keyword) in FIELDS.items()
            if owner == provider
        }

    def masked(self) -> dict[str, str]:
        """Environment variable -> printable value (secrets masked unless they are demo values)."""
        return {
            variable: mask(getattr(self, field), keep=4 if field in _IDENTIFIERS else 0)
            for field, variable in ENVIRONMENT_VARIABLES.items()
        }

    def __repr__(self) -> str:
        fields = ", ".join(f"{key}={value!r}" for key, value in self.masked().items())
        return f"Credentials({fields})"


#: Credential field -> the provider and SDK client keyword it stands for.
FIELDS: dict[str, tuple[Provider, str]] = {
    field.name: (field.metadata["provider"], field.metadata["keyword"])
    for field in dataclasses.fields(Credentials)
}
#: Credential field -> the environment variable the SDK and the stubs read it from (the spec's).
ENVIRONMENT_VARIABLES: dict[str, str] = {
    field: credential_variable(provider, keyword) for field, (provider, keyword) in FIELDS.items()
}
_DEMO_VALUES = frozenset(
    field.default for field in dataclasses.fields(Credentials) if isinstance(field.default, str)
)
