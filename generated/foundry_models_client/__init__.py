"""A client library for accessing Palantir Foundry Models API - Model Studio runs"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
