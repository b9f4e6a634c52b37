"""A client library for accessing Alibaba Cloud PAI AI Workspace API (runs)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
