"""What the sync and async engines share, without I/O: configuration and the steps of a call.

A call goes through steps with one job each (the engines add only the sending and the sleeping):
build the request (``_requests``), send it within the deadline (the engine's ``_read``), decide
what comes next (``_steps.decide``: done, retry, redirect or fail), map the error (``_mapping``),
decode the answer (``Operation`` and ``_deviations``). ``_begin`` starts a call, ``_answered`` and
``_failed`` turn an attempt into an ``Outcome``, ``_next`` applies the decision.
"""

from __future__ import annotations

import dataclasses
import os
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self, TypeVar

import httpx

from modelruns._auth import SecretAuth
from modelruns._connect import (
    Connection,
    checked_headers,
    checked_query,
    connect,
    owned_headers,
    without_userinfo,
)
from modelruns._deadline import Cancellation, Deadline, total_seconds
from modelruns._decode import decode_typed, gc_paused
from modelruns._deviations import DeviationReporter
from modelruns._exceptions import APIError, masked_request
from modelruns._exchange_log import ExchangeLog
from modelruns._fork import InheritedHTTPClient, OpenedOnFirstUse, track
from modelruns._mapping import ErrorMapper
from modelruns._operations import ModelT, Operation
from modelruns._options import (
    DEFAULT_MAX_RESPONSE_SIZE,
    ClientOptions,
    Headers,
    NotGiven,
    Query,
    Timeout,
    strict_from_environment,
)
from modelruns._reading import BodyLimits
from modelruns._record import recorder_for
from modelruns._requests import RequestShape, redirect_target, redirected
from modelruns._response import RawResponse
from modelruns._retry import RetryPolicy
from modelruns._specs import Provider, load_spec, request_id_places
from modelruns._steps import Attempts, Outcome, Redirect, Retry, Step, decide
from modelruns._transport import AsyncDeadlineTransport, DeadlineTransport

__all__ = ["Attempted", "Call", "ClientCore", "environment_proxies"]

T = TypeVar("T")


def environment_proxies() -> bool:
    """Whether the environment names a proxy (``HTTPS_PROXY``, ``ALL_PROXY``...) as httpx reads."""
    return bool(urllib.request.getproxies())


@dataclass(frozen=True)
class Attempted:
    """One attempt done: its ``Outcome`` (what ``decide`` reads), its answer or its error."""

    outcome: Outcome
    response: httpx.Response | None = None
    error: APIError | None = None

    def result(self) -> httpx.Response:
        """The answer of a ``Done`` attempt; the error of a ``Fail`` one, raised."""
        if self.error is not None:
            raise self.error from None
        if self.response is None:
            raise RuntimeError("an attempt without an answer or an error")
        return self.response


@dataclass
class Call:
    """One call in progress: its operation, request arguments, deadline and attempts so far."""

    op: Operation[Any]
    kwargs: Mapping[str, Any]
    #: The call's httpx timeout (each phase capped by the time left, per attempt).
    timeout: Any
    extensions: Mapping[str, Any] | None
    deadline: Deadline
    attempts: Attempts
    request: httpx.Request = field(init=False)


class ClientCore:
    """What sync and async clients share: configuration, request building, answer handling."""

    _provider: Provider
    _secrets: tuple[str, ...]
    #: Whether this client made its httpx client (and so may close it, or make a new one).
    _owns_http: bool
    #: The client whose own pool a ``with_options`` copy shares (None: not such a copy).
    _pool_owner: ClientCore | None = None
    #: Each engine's httpx client (typed there).
    _http: Any
    #: The SDK's own transport under ``_http`` (``_transport``), or ``None``: a caller's
    #: ``http_client=``, or environment proxies, which httpx applies only to its own transport.
    _transport: DeadlineTransport | AsyncDeadlineTransport | None
    #: What a 404 with an empty body means, if the provider module says (``Connection``).
    _empty_not_found_hint: ClassVar[str | None] = None

    @staticmethod
    def _auth_from(credentials: Mapping[str, str]) -> SecretAuth:
        """The provider module's hook: the resolved credentials -> the request signer.

        The generated constructor resolves the keywords the spec declares and calls this; each
        provider module's ``Client`` and ``AsyncClient`` set it to their one function.
        """
        raise NotImplementedError("the provider module's client class supplies _auth_from")

    def _init_engine(
        self,
        connection: Connection,
        timeout: float | httpx.Timeout | None,
        max_retries: int | None,
        retry_policy: RetryPolicy | None,
        http_client: Any,
        options: Mapping[str, Any],
    ) -> None:
        """The engine's constructor (each engine's ``__init__`` types ``http_client``)."""
        self._setup(connection, timeout, max_retries, retry_policy, options)  # type: ignore[arg-type]
        self._owns_http = http_client is None
        self._transport = None  # the SDK's own transport, once this client makes its httpx one
        self._http = http_client or self._new_http()

    def _setup(
        self,
        connection: Connection,
        timeout: float | httpx.Timeout | None,
        max_retries: int | None,
        retry_policy: RetryPolicy | None,
        options: ClientOptions,
    ) -> None:
        unknown = set(options) - set(ClientOptions.__annotations__)
        if unknown:
            raise TypeError(f"unexpected keyword argument(s): {', '.join(sorted(unknown))}")
        self._connection = connection
        self._built_in = os.getpid()
        self._provider = connection.provider
        self._base_url = without_userinfo(connection.base_url).rstrip("/")
        self._auth = connection.auth
        self._secrets = connection.secrets
        self._timeout = timeout
        self._retry = retry_policy or RetryPolicy()
        self._max_retries = self._retry.max_retries if max_retries is None else max_retries
        self._owned_headers = owned_headers(connection.provider, connection.auth)
        self._request_id_places = request_id_places(connection.provider)
        self._requests = RequestShape(
            self._base_url,
            connection.auth,
            connection.secrets,
            dict(connection.default_params),
            dict(connection.default_headers),
            dict(connection.default_query),
            self._owned_headers,
            load_spec(connection.provider).get("x-acs-version"),
        )
        self._errors = ErrorMapper(
            connection.secrets,
            dict(connection.named_errors),
            connection.empty_not_found,
            self._request_id_places,
        )
        self._read_options(options)
        track(self)

    def _read_options(self, options: ClientOptions) -> None:
        """The ``ClientOptions`` checked and kept, with what they make (limits, recorder)."""
        strict = options.get("strict")
        self._strict = strict_from_environment() if strict is None else bool(strict)
        callback = options.get("on_deviation")
        if callback is not None and not callable(callback):
            raise TypeError(f"on_deviation must be callable, got {type(callback).__name__}")
        self._on_deviation = callback
        size = options.get("max_response_size", DEFAULT_MAX_RESPONSE_SIZE)
        if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
            raise ValueError(f"max_response_size must be a positive integer, got {size!r}")
        self._max_response_size = size
        self._limits = BodyLimits(size, self._secrets)
        self._record_to = options.get("record_to")
        self._recorder = recorder_for(self._record_to)
        self._log = ExchangeLog(self._secrets, self._request_id_places, self._recorder)
        self._deviations = DeviationReporter(self._secrets, callback, self._recorder)

    def _name(self) -> str:
        return f"{type(self).__module__}.{type(self).__name__}"

    def _new_http(self) -> Any:
        """A new httpx client of the engine's kind, with this client's timeout."""
        raise NotImplementedError

    def _after_fork(self) -> None:
        """In a forked child (``_fork``'s hook): fresh locks, fresh connections.

        The parent's pool is dropped, never closed: closing could write on the parent's
        sockets (a TLS close, an HTTP/2 GOAWAY) or wait on a lock a parent's thread held.
        """
        self._deviations.after_fork()
        if not hasattr(self, "_http"):
            return  # forked while another thread was building this client
        if self._owns_http:
            self._http = OpenedOnFirstUse(self)
        elif self._pool_owner is not None:
            self._http = OpenedOnFirstUse(self, self._pool_owner)
        else:
            self._http = InheritedHTTPClient(self._name(), self._built_in)
        self._built_in = os.getpid()

    def _options(self) -> tuple[Any, ...]:
        """What a pickled client carries: the engine's arguments, resolved (``_rebuild_client``)."""
        options: ClientOptions = {
            "strict": self._strict,
            "on_deviation": self._on_deviation,
            "max_response_size": self._max_response_size,
            "record_to": self._record_to,
        }
        return (self._connection, self._timeout, self._max_retries, self._retry, options)

    def __reduce__(self) -> tuple[Any, ...]:
        """A client pickles as its options, credentials included, never its connections.

        The other side builds the same client with connections of its own. A client given an
        ``http_client=`` does not pickle: that httpx client (its transport, its pool) is the
        caller's and belongs to this process.
        """
        if not self._owns_http and self._pool_owner is None:
            raise TypeError(
                f"cannot pickle a {self._name()} built with http_client=: the httpx client's "
                "connections belong to this process (pickle one built without it, which makes "
                "its own, or build the client in the other process)"
            )
        return (_rebuild_client, (type(self), *self._options()))

    @property
    def base_url(self) -> str:
        """The URL requests are sent to."""
        return self._base_url

    @property
    def strict(self) -> bool:
        """Whether any deviation from the spec raises (else tolerated and reported)."""
        return self._strict

    def __repr__(self) -> str:
        base_url = self._errors.mask(self._connection.base_url.rstrip("/"))
        return f"{self._name()}(base_url={base_url!r}, auth={self._auth!r})"

    # The public steps, which pagination and the generated facades call.

    def request_kwargs(self, op: Operation[Any], *args: Any, **params: Any) -> dict[str, Any]:
        """A call's arguments (and ``extra_*``) checked, as the request ``kwargs`` to send."""
        return self._requests.call_kwargs(op, *args, **params)

    def unsendable(self, kwargs: Mapping[str, Any]) -> str | None:
        """Why the request ``kwargs`` describe cannot be sent, or ``None``: it can."""
        return self._requests.unsendable(kwargs)

    def decode(self, op: Operation[Any], response: httpx.Response) -> tuple[Any, Any]:
        """A 2xx ``response`` as ``(model, raw JSON)``: parsed, checked and decoded.

        The typed route reads the text straight into the model (its JSON a ``LazyJSON``,
        parsed only if read beyond the values the model holds as they came); a body it
        declines, and every body of a strict client, is parsed, then ``decode_parsed``.
        """
        bodiless = op.bodiless(response)
        if bodiless is not None:
            return bodiless
        with gc_paused():  # one pause for both steps (see gc_paused)
            answer = decode_typed(op.decoder, response.content, strict=self._strict)
            if answer is not None:
                return answer
            raw = op.parse(response)
            return self.decode_parsed(op, raw, response), raw

    def decode_parsed(self, op: Operation[Any], raw: Any, response: httpx.Response) -> Any:
        """Decode a parsed 2xx body: strict, or tolerant with deviations reported."""
        if self._strict:
            return op.build(raw, response, strict=True)
        return op.build(raw, response, self._deviations)

    def raw_response(self, response: httpx.Response, parse: Callable[[], T]) -> RawResponse[T]:
        """A 2xx ``response`` as ``with_raw_response`` answers it; ``parse`` gives the value."""
        auth = self._auth
        signed = auth.header_names() if isinstance(auth, SecretAuth) else frozenset()
        shown = masked_request(response.request, self._secrets, signed)
        return RawResponse(
            response, parse, request_id_places=self._request_id_places, http_request=shown
        )

    def _decoded(self, op: Operation[ModelT], response: httpx.Response) -> ModelT:
        """A 2xx ``response`` decoded into ``op``'s model (``RawResponse.parse``)."""
        model: ModelT = self.decode(op, response)[0]
        return model

    # The steps of one call.

    def _begin(
        self,
        op: Operation[Any],
        kwargs: Mapping[str, Any],
        timeout: Any,
        max_retries: int | NotGiven,
        extensions: Mapping[str, Any] | None,
        cancellation: Cancellation | None,
    ) -> Call:
        """A call's state, its first request built, its deadline started."""
        timeout = self._timeout if isinstance(timeout, NotGiven) else timeout
        retries = self._max_retries if isinstance(max_retries, NotGiven) else max_retries
        deadline = Deadline(total_seconds(timeout))
        capped = deadline.cap(timeout)  # the whole budget, as the deadline starts
        deadline.cancellation = cancellation
        call = Call(op, kwargs, timeout, extensions, deadline, Attempts(retries))
        call.request = self._requests.build(self._http, op, kwargs, capped, extensions)
        return call

    def _build_request(self, call: Call) -> httpx.Request:
        timeout = call.deadline.cap(call.timeout)
        return self._requests.build(self._http, call.op, call.kwargs, timeout, call.extensions)

    def _failed(self, call: Call, error: httpx.HTTPError, started: float) -> Attempted:
        """An attempt the transport failed: logged, and its error mapped."""
        self._log.request(call.request, type(error).__name__, started)
        mapped = self._errors.transport_error(error, call.request, call.deadline)
        # Reachable as before (masked): ``raise ... from None`` hides it only from tracebacks.
        mapped.__context__ = error
        return Attempted(Outcome(error=error), error=mapped)

    def _answered(self, call: Call, response: httpx.Response, started: float) -> Attempted:
        """An answered attempt: logged and recorded; an error status mapped."""
        self._log.exchange(call.op, call.request, response, started)
        status = response.status_code
        if 200 <= status < 300:
            return Attempted(Outcome(status=status), response)
        follows = bool(getattr(self._http, "follow_redirects", False))
        target = redirect_target(call.request, response, follows=follows)
        error = self._errors.status_error(response, call.op.named_errors)
        outcome = Outcome(status=status, headers=response.headers, code=error.code, redirect=target)
        return Attempted(outcome, error=error)

    def _next(self, call: Call, outcome: Outcome) -> Step:
        """The step after an attempt (``decide``); a retry or redirect has its request built."""
        deadline = call.deadline
        step = decide(
            outcome,
            call.attempts,
            self._retry,
            idempotent=call.op.idempotent,
            left=deadline.remaining(),
            expired=outcome.error is not None and deadline.expired(),
        )
        if isinstance(step, Retry):
            attempts = call.attempts
            self._log.retry(
                call.request, step.reason, attempts.attempt, attempts.retries, step.wait
            )
            attempts.attempt += 1
        elif isinstance(step, Redirect):
            call.attempts.redirects += 1
            call.request = redirected(self._http, call.request, step.target, outcome.status or 0)
        return step

    def _after_wait(self, call: Call) -> None:
        """After a retry's wait: the request built again (signed afresh, timeouts capped)."""
        call.request = self._build_request(call)

    # ``with_options`` copies.

    def _options_for_copy(
        self,
        *,
        credentials: Mapping[str, str | None],
        variables: Mapping[str, str | None],
        base_url: str | None,
        auth: SecretAuth | None,
        default_headers: Headers | None,
        default_query: Query | None,
    ) -> Connection:
        """The ``Connection`` of a ``with_options`` copy: this one's, with what was given changed.

        Defaults given are merged into this client's. A credential, server variable, ``auth`` or
        ``base_url`` given resolves the connection afresh (credentials not given then come from
        the environment, as in the constructor); otherwise the auth and URL are kept.
        """
        old = self._connection
        headers = {**old.default_headers, **(default_headers or {})}
        query = {**old.default_query, **(default_query or {})}
        new_credentials = any(value is not None for value in credentials.values())
        new_variables = any(value is not None for value in variables.values())
        if not (new_credentials or new_variables or auth is not None or base_url):
            return dataclasses.replace(
                old,
                default_headers=checked_headers(
                    "default_headers", headers, self._owned_headers, old.auth
                ),
                default_query=checked_query("default_query", query),
            )
        kept = old.auth if isinstance(old.auth, SecretAuth) and not new_credentials else None
        return connect(
            old.provider,
            self._auth_from,
            credentials,
            variables,
            base_url or (None if new_variables else old.base_url),
            auth=auth if auth is not None else kept,
            named_errors=old.named_errors,
            empty_not_found=old.empty_not_found,
            default_headers=headers,
            default_query=query,
        )

    def _with_options(
        self,
        *,
        credentials: Mapping[str, str | None],
        variables: Mapping[str, str | None],
        base_url: str | None,
        auth: SecretAuth | None,
        timeout: Timeout,
        max_retries: int | None,
        retry_policy: RetryPolicy | None,
        default_headers: Headers | None,
        default_query: Query | None,
        options: Mapping[str, Any],
    ) -> Self:
        """What the generated ``with_options`` does: a changed copy on this connection pool."""
        connection = self._options_for_copy(
            credentials=credentials,
            variables=variables,
            base_url=base_url,
            auth=auth,
            default_headers=default_headers,
            default_query=default_query,
        )
        return self._copy(
            connection, *self._copy_arguments(timeout, max_retries, retry_policy, options)
        )

    def _copy_arguments(
        self,
        timeout: Timeout,
        max_retries: int | None,
        retry_policy: RetryPolicy | None,
        options: Mapping[str, Any],
    ) -> tuple[Any, int | None, RetryPolicy, dict[str, Any]]:
        """A ``with_options`` copy's engine arguments: what was given, else this client's."""
        if max_retries is None and retry_policy is None:
            max_retries = self._max_retries
        kept = {
            "strict": self._strict,
            "on_deviation": self._on_deviation,
            "max_response_size": self._max_response_size,
            "record_to": self._record_to,
        }
        return (
            self._timeout if isinstance(timeout, NotGiven) else timeout,
            max_retries,
            retry_policy or self._retry,
            {**kept, **options},
        )

    def _copy(
        self,
        connection: Connection,
        timeout: Any,
        max_retries: int | None,
        retry_policy: RetryPolicy,
        options: Mapping[str, Any],
    ) -> Self:
        """A client of this class on ``connection``, sharing this one's httpx client."""
        clone = type(self).__new__(type(self))
        clone._init_engine(connection, timeout, max_retries, retry_policy, self._http, options)
        clone._pool_owner = self if self._owns_http else self._pool_owner
        clone._transport = self._transport
        return clone


def _rebuild_client(
    cls: type[ClientCore],
    connection: Connection,
    timeout: float | httpx.Timeout | None,
    max_retries: int,
    retry_policy: RetryPolicy,
    options: ClientOptions,
) -> ClientCore:
    """Unpickle a client (``ClientCore.__reduce__``): its engine built again, no http_client."""
    client = cls.__new__(cls)
    if not isinstance(client, ClientCore) or cls._new_http is ClientCore._new_http:
        raise TypeError(f"{cls.__name__} is not a modelruns client")
    client._init_engine(connection, timeout, max_retries, retry_policy, None, options)
    return client
