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

__all__ = ["render_html", "render_junit", "render_markdown", "render_table", "write_report"]


def _first_failure(operation: OperationResult) -> str:
    if operation.failures:
        failure = operation.failures[0]
        return f"{failure.check}: {failure.title}"
    if operation.errors:
        return f"error: {operation.errors[0].splitlines()[0]}"
    return ""


def _verdict(reports: Sequence[Report]) -> str:
    failed = sorted({name for report in reports for name in report.failed_checks})
    if all(report.passed for report in reports):
        return "PASSED: every check passed"
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
        rows = [("OPERATION", "REQUESTS", "PASSED", "FAILED", "FIRST FAILURE")]
        rows += [
            (
                op.label,
                str(op.requests),
                str(op.checks_passed),
                str(op.checks_failed),
                _first_failure(op) or "-",
            )
            for op in report.operations
        ]
        width = max(len(row[0]) for row in rows)
        for row in rows:
            lines.append(
                f"  {row[0]:<{width}}  {row[1]:>8}  {row[2]:>7}  {row[3]:>6}  {row[4]}".rstrip()
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
        lines.append("")
    lines.append(_verdict(reports))
    return "\n".join(lines) + "\n"


def render_junit(reports: Sequence[Report]) -> str:
    """JUnit XML: a testsuite per provider, a testcase per operation, failures as ``<failure>``."""
    root = ET.Element("testsuites", name="modelruns conformance")
    totals: dict[str, int] = {"tests": 0, "failures": 0, "errors": 0}
    total_time = 0.0
    for report in reports:
        suite = ET.SubElement(root, "testsuite", name=report.provider)
        properties = ET.SubElement(suite, "properties")
        for name, value in (
            ("base_url", report.base_url),
            ("seed", str(report.seed)),
            ("max_examples", str(report.max_examples)),
        ):
            ET.SubElement(properties, "property", name=name, value=value)
        counts: dict[str, int] = {"tests": 0, "failures": 0, "errors": 0}
        share = report.elapsed_seconds / max(len(report.operations), 1)
        for op in report.operations:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"conformance.{report.provider}",
                name=op.label,
                time=f"{share:.3f}",
            )
            counts["tests"] += 1
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
        if report.errors:
            case = ET.SubElement(
                suite, "testcase", classname=f"conformance.{report.provider}", name="run", time="0"
            )
            counts["tests"] += 1
            counts["errors"] += 1
            error = ET.SubElement(case, "error", message=report.errors[0].splitlines()[0])
            error.text = "\n".join(report.errors)
        for key, count in counts.items():
            suite.set(key, str(count))
            totals[key] += count
        suite.set("skipped", "0")
        suite.set("time", f"{report.elapsed_seconds:.3f}")
        total_time += report.elapsed_seconds
    for key, total in totals.items():
        root.set(key, str(total))
    root.set("time", f"{total_time:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


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
            f"{report.elapsed_seconds:.1f} s.",
            "",
            "| operation | requests | checks passed | checks failed | first failure |",
            "|---|---:|---:|---:|---|",
        ]
        for op in report.operations:
            out.append(
                f"| `{_md_cell(op.label)}` | {op.requests} | {op.checks_passed} | "
                f"{op.checks_failed} | {_md_cell(_first_failure(op)) or '-'} |"
            )
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
            f"requests, {report.elapsed_seconds:.1f} s.</p>",
            "<table><tr><th>operation</th><th>requests</th><th>checks passed</th>"
            "<th>checks failed</th><th>first failure</th></tr>",
        ]
        for op in report.operations:
            css = "" if op.ok else ' class="fail"'
            body.append(
                f"<tr{css}><td><code>{esc(op.label)}</code></td><td class=n>{op.requests}</td>"
                f"<td class=n>{op.checks_passed}</td><td class=n>{op.checks_failed}</td>"
                f"<td>{esc(_first_failure(op)) or '-'}</td></tr>"
            )
        body.append("</table>")
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
