"""A client library for accessing DuckDB Data Platform Models API - Model Runs"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
