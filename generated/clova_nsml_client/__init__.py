"""A client library for accessing NAVER Cloud Platform CLOVA NSML API - Runs"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
