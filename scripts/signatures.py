"""The signatures of the SDK's methods: the parameter lines both clients and the reference show."""

from __future__ import annotations

from scripts.surface import Method
from scripts.surface_clients import WaiterMethod


def parameter_lines(method: Method) -> list[str]:
    """A method's parameters after ``self``, one a line, as its ``def`` lists them."""
    lines = [f"{p.name}: {p.type.text}" for p in method.path_params]
    if method.body_model:
        lines.append(f"body: {method.body_model} | None = None")
    lines.append("*")
    for p in (*method.keywords, *method.body_fields):
        if p.required and p.location != "body":
            lines.append(f"{p.name}: {p.type.text}")
        else:
            lines.append(f"{p.name}: {p.type.text} | None = None")
    if method.paginated:
        lines.append("limit: int | None = None")
        if method.prefetch:
            lines.append("prefetch: int | None = None")
    lines += ["timeout: Timeout = NOT_GIVEN", "max_retries: int | NotGiven = NOT_GIVEN"]
    lines += [f"{name}: {kind} | None = None" for name, kind in extras(method)]
    return lines


def extras(method: Method) -> list[tuple[str, str]]:
    """The extra_* keywords of a method and their types (``extra_body`` only with a body)."""
    found = [("extra_headers", "Headers"), ("extra_query", "Query")]
    if method.body_model:
        found.append(("extra_body", "Body"))
    return found


def returns(method: Method, sync: bool) -> str:
    """The annotation a method returns (a list method: its paginator)."""
    if method.paginated and method.item_type is not None:
        pager = "SyncPaginator" if sync else "AsyncPaginator"
        return f"{pager}[{method.item_type.text}, {method.page_model}]"
    return f"{method.returns.text} | None" if method.optional else method.returns.text


def is_coroutine(method: Method, sync: bool) -> bool:
    """Whether the method is ``async def``: a paginator is returned at once (it fetches when
    iterated); everything else of the async client is awaited."""
    return not sync and not method.paginated


def signature(method: Method, sync: bool = True) -> str:
    """``def name(self, ...) -> T`` on one line (for change reports)."""
    prefix = "async def" if is_coroutine(method, sync) else "def"
    args = ", ".join(["self", *parameter_lines(method)])
    return f"{prefix} {method.name}({args}) -> {returns(method, sync)}"


def waiter_parameter_lines(waiter: WaiterMethod) -> list[str]:
    """A waiter's parameters after ``self``: the run's ids, then how it polls."""
    lines = [f"{p.name}: {p.type.text}" for p in waiter.path_params]
    if waiter.found is not None:
        lines.append(f"{waiter.found.name}: {waiter.found.type.text}")
    return [
        *lines,
        "*",
        "timeout: float = DEFAULT_WAIT_TIMEOUT",
        "poll_interval: float = DEFAULT_POLL_INTERVAL",
        f"on_poll: Callable[[{waiter.returns.text}], object] | None = None",
        "poll_policy: PollPolicy | None = None",
    ]
