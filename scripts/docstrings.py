"""The docstrings of the generated methods, constructors and errors, wrapped to the line.

Each builder returns the lines (or the text) a template puts between triple quotes; the
spec's prose comes in cleaned (``surface.clean``) and without its provenance.
"""

from __future__ import annotations

import re
import textwrap

from scripts.surface import Method, Param, clean, without_provenance
from scripts.surface_clients import Constructor, NamedError, WaiterMethod

#: The line length the docstrings are wrapped to (ruff's, in pyproject).
LINE = 100


def wrap(text: str, indent: str, width: int = LINE) -> list[str]:
    """``text`` wrapped to ``width``, every line at ``indent`` (one empty line for no text)."""
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def paragraphs(text: str) -> list[str]:
    """The spec's description as cleaned paragraphs, without its provenance."""
    text = without_provenance(text)
    return [clean(p) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def doc_default(param: Param) -> str:
    """What an argument's docstring says of the server's default, if the spec gives one."""
    if not param.has_default:
        return ""
    value = param.default
    shown = repr(value) if not isinstance(value, bool) else str(value)
    return f" Default (on the server): {clean(shown)}."


def method_doc(method: Method, sync: bool, indent: str) -> list[str]:
    """The method's docstring lines (without the quotes' own indentation on the first line)."""
    title = clean(method.summary or method.operation_id).rstrip(".") + "."
    lines = wrap(title, indent)
    lines[0] = lines[0].lstrip()
    body: list[str] = []
    if method.deprecated:
        body.append("Deprecated by the provider.")
    body += [p for p in paragraphs(method.description) if clean(p) != clean(method.summary)]
    body.append(f"``{method.http_method} {clean(method.path)}``.")
    for paragraph in body:
        lines += ["", *wrap(paragraph, indent)]
    args: list[tuple[str, str]] = []
    for p in method.path_params:
        args.append((p.name, clean(without_provenance(p.description)) + doc_default(p)))
    if method.body_model:
        fields = "the fields below as keywords"
        args.append(("body", f"The whole request as a ``{method.body_model}``, or {fields}."))
    for p in (*method.keywords, *method.body_fields):
        marks = [
            m for m, on in (("body field", p.location == "body"), ("required", p.required)) if on
        ]
        where = f"({', '.join(marks)}) " if marks else ""
        args.append((p.name, where + clean(without_provenance(p.description)) + doc_default(p)))
    if method.paginated:
        args.append(("limit", "Stop after this many items (all of them when ``None``)."))
        if method.prefetch:
            args.append(
                (
                    "prefetch",
                    "Pages to fetch ahead while this one is consumed (by default one for a "
                    "token walk, none for a page-number walk; ``0``: none).",
                )
            )
    if method.idempotent:
        retried = "the operation is idempotent, so failed attempts are retried"
    else:
        retried = "not idempotent: retried only when the request cannot have been sent"
    args.append(("timeout", "This call's timeout (the client's when not given)."))
    args.append(
        ("max_retries", f"This call's retry budget (the client's when not given); {retried}.")
    )
    signed = " (signed with the request)"
    args.append(("extra_headers", f"Headers sent besides the spec's{signed}."))
    args.append(("extra_query", f"Query parameters sent besides the spec's{signed}."))
    if method.body_model:
        args.append(("extra_body", "JSON fields merged into the top level of the body."))
    lines += ["", f"{indent}Args:"]
    for name, text in args:
        lines += hanging(f"{name}: {text.strip()}", indent + "    ")
    lines += ["", f"{indent}Returns:"]
    if method.paginated:
        walk = "``async for``" if not sync else "iteration"
        what = f"A paginator over ``{method.item_type.text if method.item_type else ''}`` items"
        lines += wrap(f"{what}; {walk} fetches pages lazily.", indent + "    ")
    elif method.binary:
        lines += wrap(f"The body's bytes (``{method.binary}``), as sent.", indent + "    ")
    else:
        empty = ", or ``None`` for an answer without a body" if method.optional else ""
        lines += wrap(f"The decoded ``{method.returns.text}``{empty}.", indent + "    ")
    lines.append(indent)
    return lines


def hanging(text: str, indent: str) -> list[str]:
    """``text`` as an ``Args:`` entry: its first line at ``indent``, the rest four further."""
    first, *rest = textwrap.wrap(
        text,
        width=LINE,
        initial_indent=indent,
        subsequent_indent=indent + "    ",
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent]
    return [first, *rest]


#: What the constructor's docstring says of each keyword every client has (the SDK's, not a spec's).
COMMON_KEYWORDS: tuple[tuple[str, str], ...] = (
    (
        "base_url",
        "The API's whole base URL (a stub, a proxy, another host); when given, the server "
        "keywords above are not needed.",
    ),
    (
        "timeout",
        "Seconds (or an ``httpx.Timeout``) bounding each whole call: every attempt, every "
        "wait between them, every byte; ``None`` for no bound. Default 60.",
    ),
    (
        "max_retries",
        "Retries of a failed attempt that cannot do harm twice (default: the retry "
        "policy's, 2); a call's own ``max_retries=`` overrides it.",
    ),
    ("retry_policy", "A ``modelruns.RetryPolicy`` (backoff, jitter, ``Retry-After`` cap)."),
    (
        "http_client",
        "Your own {http} (proxies, TLS, transports); the client does not close it.",
    ),
    (
        "default_headers",
        "Headers sent with every request, under each call's own (``extra_headers=``); a "
        "header the authentication or the spec sets is refused, naming it.",
    ),
    (
        "default_query",
        "Query parameters sent with every request, under the operation's own and each "
        "call's ``extra_query=``.",
    ),
    (
        "strict",
        "Raise ``ResponseValidationError`` on any deviation from the spec instead of "
        "tolerating it (default: ``MODELRUNS_STRICT=1`` in the environment, else ``False``).",
    ),
    (
        "on_deviation",
        "Called with each tolerated ``modelruns.Deviation`` (once per operation and JSON "
        "path), besides the WARNING on the ``modelruns`` logger; an exception it raises is "
        "logged, not raised.",
    ),
    (
        "max_response_size",
        "The largest body read, in bytes after decompression (default 64 MiB); a larger one "
        "is a ``ResponseTooLargeError``.",
    ),
    (
        "record_to",
        "A file every exchange (and tolerated deviation) is recorded to as HAR 1.2, "
        "credentials masked (default: ``MODELRUNS_RECORD`` in the environment, else none).",
    ),
)


def constructor_doc(constructor: Constructor, provider: str, sync: bool) -> str:
    """The ``__init__`` docstring: every keyword, the spec's first."""
    indent = " " * 8
    title = constructor.title or provider
    lines = wrap(f"A {'' if sync else 'asynchronous '}client of the {title}.", indent)
    lines += [
        "",
        *wrap(
            "Credentials and server keywords not given are read from the environment; any other "
            "keyword is a ``TypeError`` naming the nearest valid one.",
            indent,
        ),
    ]
    lines += ["", f"{indent}Args:"]
    entries = list(constructor.docs)
    http = "``httpx.Client``" if sync else "``httpx.AsyncClient``"
    for name, text in COMMON_KEYWORDS:
        entries.append((name, text.format(http=http)))
        if name == "http_client" and constructor.auth:
            entries.append(
                (
                    "auth",
                    f"A preconfigured ``modelruns.{constructor.auth}`` instead of the "
                    "credential keywords.",
                )
            )
    for name, text in entries:
        lines += hanging(f"{name}: {text}", indent + "    ")
    return "\n".join([f'{indent}"""{lines[0].lstrip()}', *lines[1:], f'{indent}"""'])


def raw_method_doc(method: Method) -> str:
    """The docstring of a ``with_raw_response`` method: what its ``RawResponse`` parses to."""
    what = "the paginator, from this page" if method.paginated else f"the ``{method.returns.text}``"
    page = "the first page" if method.paginated else "the answer"
    text = f"``{method.name}()``, returning {page} as a ``RawResponse``; ``parse()`` gives {what}."
    indent = " " * 8
    lines = wrap(text, indent, LINE - 6)  # room for the quotes on either side
    return lines[0].strip() if len(lines) == 1 else "\n".join(lines).strip() + "\n" + indent


def docstring_text(text: str, indent: str) -> str:
    """``text`` wrapped to fit between triple quotes at ``indent``; closing quotes on their own
    line when it takes several."""
    lines = wrap(text, indent, LINE - 3)
    if len(lines) == 1:
        return lines[0].strip()
    return "\n".join(lines).strip() + "\n" + indent


def error_doc(error: NamedError) -> str:
    """The summary (one line: what a message-less error says), then the documentation's text."""
    if not error.description or error.description == error.summary:
        return error.summary
    body = "\n".join(wrap(error.description, " " * 4))
    return f"{error.summary}\n\n{body}\n    "


def waiter_doc(waiter: WaiterMethod, indent: str) -> list[str]:
    """A waiter's docstring lines: what it polls, when a run is final, its arguments."""
    op = waiter.operation
    what = f"``{waiter.returns.text}``"
    lines = ["Wait until the run is final (succeeded, failed or cancelled) and return it."]
    if waiter.found is not None:
        reads = (
            f"Polls ``{op.name}`` and finds the run by its ``{waiter.found.wire}`` in the list, "
            f"newest first, reading at most {waiter.max_pages} pages of {waiter.page_size} runs "
            "(the spec's ``x-modelruns-wait``); a run not listed there (after the grace for a new "
            "run) is a ``RunNotFoundError``."
        )
    else:
        reads = f"Polls ``{op.name}`` (the spec's ``x-modelruns-wait``)."
    body = [
        reads,
        "Final, by the spec's ``x-modelruns-run-states``: "
        + ", ".join(f"``{value}`` ({state})" for value, state in waiter.finals)
        + "; any other status, one the spec does not list included, is not. Intervals grow "
        "from ``poll_interval`` with jitter to a cap; 429s, 5xx and connection errors are "
        "polled again (``Retry-After`` honoured), as is a 404 "
        "shortly after the start; no part of the wait outlasts ``timeout`` (see "
        "``modelruns.PollPolicy``).",
    ]
    out = wrap(lines[0], indent)
    out[0] = out[0].lstrip()
    for paragraph in body:
        out += ["", *wrap(paragraph, indent)]
    args = [(p.name, clean(p.description)) for p in waiter.path_params]
    if waiter.found is not None:
        args.append((waiter.found.name, clean(waiter.found.description)))
    args += [
        ("timeout", "Seconds the whole wait may take (``WaitTimeoutError`` after them)."),
        ("poll_interval", "Seconds before the second poll; later intervals grow from it."),
        (
            "on_poll",
            f"Called with each {what} read, after every poll; an exception it raises ends "
            "the wait.",
        ),
        (
            "poll_policy",
            "How polls are spaced (``modelruns.PollPolicy``); the default's when not given.",
        ),
    ]
    out += ["", f"{indent}Args:"]
    for name, text in args:
        out += hanging(f"{name}: {text.strip()}", indent + "    ")
    out += ["", f"{indent}Returns:"]
    out += wrap(f"The final {what}, whatever its state.", indent + "    ")
    out += ["", f"{indent}Raises:"]
    out += hanging(
        "WaitTimeoutError: ``timeout`` passed first (``.last`` is the last run read).",
        indent + "    ",
    )
    out += hanging(
        "APIConnectionError: the API could not be reached when ``timeout`` passed.",
        indent + "    ",
    )
    out.append(indent)
    return out
