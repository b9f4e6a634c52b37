"""The reachability probe: one signed GET before the run, so a wrong URL fails in one line.

The probe goes through the run's guard like every request of the run; what answers it must be
an API (JSON, credentials accepted, a 404 the spec documents) for the run to start.
"""

from __future__ import annotations

from typing import Any

import httpx
import requests
import schemathesis
from schemathesis.schemas import APIOperation, BaseSchema

from . import _guard
from ._auth import HttpxAuthAdapter
from ._masking import Masker
from ._options import RunOptions
from ._schema import operations
from ._types import UnreachableError

__all__ = ["probe"]


def _probe_case(operation: APIOperation[Any, Any, Any, Any]) -> schemathesis.Case[Any]:
    # The spec's example ids; the user's own replace them when it is sent (`_path_params`).
    values = {
        parameter.name: parameter.definition.get("example")
        for parameter in operation.path_parameters
        if parameter.definition.get("example") is not None
    }
    return operation.Case(path_parameters=values)


def probe(
    schema: BaseSchema,
    adapter: HttpxAuthAdapter,
    base_url: str,
    masker: Masker,
    *,
    guard: _guard.RunGuard | None = None,
    options: RunOptions | None = None,
) -> None:
    """One signed GET to a list operation; `UnreachableError` when nothing useful answers."""
    options = options or RunOptions()
    gets = [op for op in operations(schema) if op.method.upper() == "GET"]
    listing = [op for op in gets if op.definition.raw.get("x-modelruns-pagination")]
    if not gets:
        # Nothing is sent that the run itself would not send.
        return
    operation = (listing or gets)[0]
    case = _probe_case(operation)
    where = f"{operation.method.upper()} {base_url.rstrip('/')}{operation.path}"
    timeout = options.request_timeout
    session = _guard.guarded_session(
        guard or _guard.RunGuard(allow_writes=False, timeout=timeout), options.headers
    )
    # Signed as a generated case is (its pre-signing headers come from the `before_call` hook).
    kwargs: dict[str, Any] = {"timeout": timeout, "verify": options.tls_verify, "auth": adapter}
    if options.proxy:
        kwargs["proxies"] = {"all": options.proxy}
    try:
        response = case.call(session=session, **kwargs)
    except _guard.ResponseRefused as exc:
        raise UnreachableError(f"{where}: not an API: {exc}") from None
    except requests.Timeout:
        raise UnreachableError(f"{where}: no answer within {timeout:g} s") from None
    except requests.exceptions.SSLError:
        raise UnreachableError(
            f"{where}: TLS verification failed (--tls-verify takes a CA bundle, or false)"
        ) from None
    except requests.ConnectionError as exc:
        reason = _connection_reason(exc)
        raise UnreachableError(f"cannot reach {base_url}: {reason}") from None
    except (requests.RequestException, httpx.HTTPError) as exc:
        raise UnreachableError(masker.text(f"{where}: {exc}")) from None
    finally:
        session.close()
    content_type = response.headers.get("content-type", [""])[0] or "no Content-Type"
    try:
        response.json()
    except (ValueError, RecursionError):
        # A wrong Content-Type on a JSON body is a contract violation for the checks to report;
        # a body that is not JSON at all is not an API.
        raise UnreachableError(
            f"{where} answered {response.status_code} with {content_type.split(';')[0]} that is "
            "not JSON: is --base-url the API's base URL?"
        ) from None
    if response.status_code in (401, 403):
        raise UnreachableError(
            f"{where} answered {response.status_code}: the server rejected the credentials"
        )
    if response.status_code == 404 and not operation.is_valid_response(response):
        raise UnreachableError(
            f"{where} answered 404 with a body the spec does not document: is --base-url "
            "the API's base URL?"
        )


def _connection_reason(exc: requests.ConnectionError) -> str:
    text = str(exc)
    for marker, reason in (
        ("Connection refused", "connection refused"),
        ("Name or service not known", "unknown host"),
        ("nodename nor servname", "unknown host"),
        ("timed out", "connection timed out"),
    ):
        if marker in text:
            return reason
    return "connection failed"
