"""Report writers: a terminal table, JUnit XML for CI, and self-contained Markdown and HTML.

Every writer takes the reports of one invocation (one per provider); what they print has
already been masked by the engine.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from ._types import OperationResult, Report

__all__ = [
    "render_html",
    "render_junit",
    "render_markdown",
    "render_table",
    "verdict_line",
    "write_report",
]


def _first_failure(operation: OperationResult) -> str:
    if operation.skipped is not None:
        return f"skipped: {operation.skipped}"
    if operation.failures:
        failure = operation.failures[0]
        return f"{failure.check}: {failure.title}"
    if operation.errors:
        return f"error: {operation.errors[0].splitlines()[0]}"
    if not operation.verified:
        return f"unverified: {_UNVERIFIED} ({_statuses(operation)})"
    return ""


_UNVERIFIED = "no 2xx answer, so no check saw the operation work"


def _statuses(operation: OperationResult) -> str:
    if not operation.statuses:
        return "no answer"
    return ", ".join(f"{count} x {status}" for status, count in sorted(operation.statuses.items()))


def _summary(report: Report) -> str:
    checked = len(report.checked)
    text = f"{report.verified_count} of {checked} operation(s) verified"
    if report.unverified:
        text += f"; unverified: {', '.join(op.label for op in report.unverified)}"
    if report.skipped:
        text += f"; {len(report.skipped)} skipped"
    if report.read_only:
        text += "; read-only"
    if report.max_time_reached:
        text += "; ended by --max-time"
    return text


def verdict_line(reports: Sequence[Report]) -> str:
    """The one line that says how the invocation ended."""
    return _verdict(reports)


def _progress_so_far(report: Report) -> str:
    text = f"{report.provider}: {report.requests} requests, {_summary(report)}"
    if report.failed_checks:
        text += f", checks failed: {', '.join(report.failed_checks)}"
    return text


def _verdict(reports: Sequence[Report]) -> str:
    failed = sorted({name for report in reports for name in report.failed_checks})
    if any(report.interrupted for report in reports):
        done = "; ".join(_progress_so_far(report) for report in reports)
        return f"INTERRUPTED: not a pass, the run was cut short ({done})"
    unusable = [f"{r.provider}: {r.unusable}" for r in reports if r.unusable is not None]
    if unusable:
        return f"FAILED: {'; '.join(unusable)}"
    if all(report.passed for report in reports):
        summary = "; ".join(f"{report.provider}: {_summary(report)}" for report in reports)
        return f"PASSED: every check passed ({summary})"
    if failed:
        return f"FAILED: checks failed: {', '.join(failed)}"
    return "FAILED: errors during the run"


def render_table(reports: Sequence[Report]) -> str:
    """A plain-text table per provider, the first failure of each check with its curl, a verdict."""
    lines: list[str] = []
    for report in reports:
        lines.append(
            f"{report.provider}  {report.base_url}  (seed {report.seed}, "
            f"{report.max_examples} examples, {report.elapsed_seconds:.1f} s)"
        )
        rows = [("OPERATION", "REQUESTS", "PASSED", "FAILED", "STATE", "FIRST FAILURE / NOTE")]
        rows += [
            (
                op.label,
                str(op.requests),
                str(op.checks_passed),
                str(op.checks_failed),
                op.state,
                _first_failure(op) or "-",
            )
            for op in report.operations
        ]
        width = max(len(row[0]) for row in rows)
        for row in rows:
            lines.append(
                f"  {row[0]:<{width}}  {row[1]:>8}  {row[2]:>7}  {row[3]:>6}  {row[4]:<10}  "
                f"{row[5]}".rstrip()
            )
        for op in report.operations:
            for failure in op.failures:
                lines.append(f"  x {op.label}: {failure.check}: {failure.title}")
                for detail in failure.message.splitlines()[:6]:
                    lines.append(f"      {detail}".rstrip())
                if failure.curl:
                    lines.append(f"      reproduce: {failure.curl}")
            for error in op.errors:
                lines.append(f"  ! {op.label}: {error.splitlines()[0] if error else ''}")
        for error in report.errors:
            lines.append(f"  ! {error.splitlines()[0] if error else ''}")
        for reason in report.not_an_api:
            lines.append(f"  ! not an API: {reason}")
        for note in report.notes:
            lines.append(f"  note: {note}")
        lines.append("")
    lines.append(_verdict(reports))
    return "\n".join(lines) + "\n"


def render_junit(reports: Sequence[Report]) -> str:
    """JUnit XML: a testsuite per provider, a testcase per operation, failures as ``<failure>``."""
    root = ET.Element("testsuites", name="modelruns conformance")
    totals: dict[str, int] = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    total_time = 0.0
    for report in reports:
        suite = ET.SubElement(root, "testsuite", name=report.provider)
        properties = ET.SubElement(suite, "properties")
        for name, value in (
            ("base_url", report.base_url),
            ("seed", str(report.seed)),
            ("max_examples", str(report.max_examples)),
            ("read_only", str(report.read_only).lower()),
            ("verified", f"{report.verified_count} of {len(report.checked)}"),
        ):
            ET.SubElement(properties, "property", name=name, value=value)
        counts: dict[str, int] = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for op in report.operations:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"conformance.{report.provider}",
                name=op.label,
                time=f"{op.elapsed_seconds:.3f}",
            )
            counts["tests"] += 1
            if op.skipped is not None:
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message=op.skipped)
                continue
            if op.ok and not op.verified:
                counts["skipped"] += 1
                ET.SubElement(
                    case, "skipped", message=f"unverified: {_UNVERIFIED}"
                ).text = f"answers: {_statuses(op)}"
            if op.failures or op.checks_failed:
                counts["failures"] += 1
                failure = ET.SubElement(
                    case,
                    "failure",
                    message=f"checks failed: {', '.join(op.failed_checks)}",
                    type=op.failed_checks[0] if op.failed_checks else "check",
                )
                failure.text = "\n\n".join(
                    f"{f.check}: {f.title}\n{f.message}\nreproduce: {f.curl}" for f in op.failures
                )
            if op.errors:
                counts["errors"] += 1
                error = ET.SubElement(case, "error", message=op.errors[0].splitlines()[0])
                error.text = "\n".join(op.errors)
        run_errors = list(report.errors)
        if report.interrupted:
            run_errors.insert(0, "INTERRUPTED: the run was cut short; this is not a pass")
        elif report.unusable is not None:
            run_errors.insert(0, report.unusable + (f"; {report.hint}" if report.hint else ""))
        if run_errors:
            case = ET.SubElement(
                suite, "testcase", classname=f"conformance.{report.provider}", name="run", time="0"
            )
            counts["tests"] += 1
            counts["errors"] += 1
            error = ET.SubElement(case, "error", message=run_errors[0].splitlines()[0])
            error.text = "\n".join([*run_errors, *report.notes])
        for key, count in counts.items():
            suite.set(key, str(count))
            totals[key] += count
        suite.set("time", f"{report.elapsed_seconds:.3f}")
        total_time += report.elapsed_seconds
    for key, total in totals.items():
        root.set(key, str(total))
    root.set("time", f"{total_time:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _run_notes(report: Report) -> list[str]:
    lines = [f"not an API: {reason}" for reason in report.not_an_api]
    lines += report.notes
    if report.hint:
        lines.append(f"hint: {report.hint}")
    if report.interrupted:
        lines.insert(0, "INTERRUPTED: the run was cut short; this is not a pass")
    return lines


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(reports: Sequence[Report]) -> str:
    """A Markdown report: a summary table per provider and every first failure with its curl."""
    out = ["# Conformance report", "", f"**{_verdict(reports)}**", ""]
    for report in reports:
        out += [
            f"## {report.provider}",
            "",
            f"Base URL `{report.base_url}`, seed {report.seed}, {report.max_examples} examples "
            f"per operation and phase, {report.requests} requests, "
            f"{report.elapsed_seconds:.1f} s; {_summary(report)}.",
            "",
            "| operation | requests | checks passed | checks failed | state "
            "| first failure / note |",
            "|---|---:|---:|---:|---|---|",
        ]
        for op in report.operations:
            out.append(
                f"| `{_md_cell(op.label)}` | {op.requests} | {op.checks_passed} | "
                f"{op.checks_failed} | {op.state} | {_md_cell(_first_failure(op)) or '-'} |"
            )
        out.append("")
        for line in _run_notes(report):
            out += [f"- {line}"]
        if _run_notes(report):
            out.append("")
        for op in report.operations:
            for failure in op.failures:
                out += [
                    f"### `{op.label}`: {failure.check}",
                    "",
                    f"**{failure.title}**",
                    "",
                    "```text",
                    failure.message,
                    "```",
                    "",
                    "```sh",
                    failure.curl,
                    "```",
                    "",
                ]
            for error in op.errors:
                out += [f"### `{op.label}`: error", "", "```text", error, "```", ""]
        for error in report.errors:
            out += ["### run error", "", "```text", error, "```", ""]
    return "\n".join(out)


_STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}
td.n{text-align:right}
tr.fail td{background:#fdecea}
pre{background:#f6f8fa;padding:8px;overflow-x:auto;white-space:pre-wrap}
.ok{color:#1a7f37}.bad{color:#cf222e}
"""


def render_html(reports: Sequence[Report]) -> str:
    """A self-contained HTML page (inline CSS, no scripts) with the same content as Markdown."""
    esc = html.escape
    passed = all(report.passed for report in reports)
    body = [
        "<h1>Conformance report</h1>",
        f'<p class="{"ok" if passed else "bad"}"><strong>{esc(_verdict(reports))}</strong></p>',
    ]
    for report in reports:
        body += [
            f"<h2>{esc(report.provider)}</h2>",
            f"<p>Base URL <code>{esc(report.base_url)}</code>, seed {report.seed}, "
            f"{report.max_examples} examples per operation and phase, {report.requests} "
            f"requests, {report.elapsed_seconds:.1f} s; {esc(_summary(report))}.</p>",
            "<table><tr><th>operation</th><th>requests</th><th>checks passed</th>"
            "<th>checks failed</th><th>state</th><th>first failure / note</th></tr>",
        ]
        for op in report.operations:
            css = "" if op.ok else ' class="fail"'
            body.append(
                f"<tr{css}><td><code>{esc(op.label)}</code></td><td class=n>{op.requests}</td>"
                f"<td class=n>{op.checks_passed}</td><td class=n>{op.checks_failed}</td>"
                f"<td>{esc(op.state)}</td><td>{esc(_first_failure(op)) or '-'}</td></tr>"
            )
        body.append("</table>")
        notes = _run_notes(report)
        if notes:
            body.append("<ul>" + "".join(f"<li>{esc(line)}</li>" for line in notes) + "</ul>")
        for op in report.operations:
            for failure in op.failures:
                body += [
                    f"<h3><code>{esc(op.label)}</code>: {esc(failure.check)}</h3>",
                    f"<p><strong>{esc(failure.title)}</strong></p>",
                    f"<pre>{esc(failure.message)}</pre>",
                    f"<pre>{esc(failure.curl)}</pre>",
                ]
            for error in op.errors:
                body += [
                    f"<h3><code>{esc(op.label)}</code>: error</h3>",
                    f"<pre>{esc(error)}</pre>",
                ]
        for error in report.errors:
            body += ["<h3>run error</h3>", f"<pre>{esc(error)}</pre>"]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Conformance report</title><style>{_STYLE}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )


def write_report(path: Path, reports: Sequence[Report]) -> None:
    """Write Markdown (``.md``) or HTML (``.html``), chosen by ``path``'s extension."""
    suffix = path.suffix.lower()
    if suffix in {".md", ".markdown"}:
        text = render_markdown(reports)
    elif suffix in {".html", ".htm"}:
        text = render_html(reports)
    else:
        raise ValueError(f"--report {path}: the extension must be .md or .html")
    path.write_text(text, encoding="utf-8")
