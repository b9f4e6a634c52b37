"""Every example of README.md runs as written, against `make stub`.

How a README code block is treated is said by its fence's info string (```` ```sh serve ````):

- ``python``: run by this interpreter as a script, in a subprocess.
- ``python pytest``: a test module, run by pytest.
- ``sh``: each command (a line; a trailing ``\\`` continues it) run by ``bash -c``; it must
  exit 0. ``make ...`` runs in the checkout's root, any other command in a temporary folder.
- ``sh serve``: each command starts a server; it must print its base URL and stop cleanly
  on Ctrl-C (SIGINT). The one that is ``make stub`` serves every other example.
- ``<anything> no-run``: not run (it would run the test suite, rewrite the tree, install,
  or reach a host that is not the stubs): counted, and each ``make TARGET`` in it must exist.

Every example runs with the credentials ``make stub`` prints (its ``accepts:`` lines)
exported and this interpreter's ``bin`` first on ``PATH``. Any other info string, an unclosed
fence or a README with nothing to run fails here; so does a busy stub port (8101-8104), named.
A new README section needs nothing here: mark its blocks as above.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from modelruns.stubs import DEFAULT_PORTS

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
#: The interpretations an info string may ask for (language, then markers).
KINDS = {("python",), ("python", "pytest"), ("sh",), ("sh", "serve")}
TIMEOUT = 180.0


@dataclass(frozen=True)
class Block:
    """One fenced code block of the README."""

    line: int  # of its opening fence, 1-based
    info: tuple[str, ...]
    code: str

    @property
    def runs(self) -> bool:
        return "no-run" not in self.info

    @property
    def commands(self) -> list[str]:
        """Its shell commands: one per line, a trailing backslash joining the next line."""
        return [c.strip() for c in re.sub(r"\\\n", " ", self.code).splitlines() if c.strip()]

    def __str__(self) -> str:
        return f"README.md:{self.line} ({' '.join(self.info)})"


class ReadmeError(Exception):
    """The README has a block this test cannot run."""


def parse_blocks(text: str) -> list[Block]:
    """Every fenced block of a Markdown text; raises ReadmeError for one it cannot classify."""
    blocks: list[Block] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.lstrip().startswith(("```", "~~~")):
            start = index + 1
            info = tuple(line.lstrip().strip("`~").split())
            if line != line.lstrip() or line.startswith("~~~"):
                raise ReadmeError(f"README.md:{start}: fences start at the margin with ```")
            if not info:
                raise ReadmeError(f"README.md:{start}: a block without a language")
            close = next((i for i in range(start, len(lines)) if lines[i] == "```"), None)
            if close is None:
                raise ReadmeError(f"README.md:{start}: the block is never closed")
            if info[-1] != "no-run" and info not in KINDS:
                raise ReadmeError(
                    f"README.md:{start}: ```{' '.join(info)} is not one of "
                    f"{sorted(' '.join(k) for k in KINDS)} (or LANG no-run)"
                )
            blocks.append(Block(start, info, "\n".join(lines[start:close]) + "\n"))
            index = close + 1
            continue
        index += 1
    return blocks


BLOCKS = parse_blocks(README.read_text(encoding="utf-8"))
RUN = [block for block in BLOCKS if block.runs and block.info[0] == "python"]
COMMANDS = [
    (block, command) for block in BLOCKS if block.info == ("sh",) for command in block.commands
]
SERVE = [
    (block, command)
    for block in BLOCKS
    if block.info == ("sh", "serve")
    for command in block.commands
    if not command.startswith("make stub")
]
MAKE_STUB = [
    command
    for block in BLOCKS
    if block.info == ("sh", "serve")
    for command in block.commands
    if command.startswith("make stub")
]


def _environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, **(extra or {})}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop("MODELRUNS_STRICT", None)
    return env


def _port_is_busy(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


@dataclass
class Server:
    """A README server command running in its own process group."""

    process: subprocess.Popen[str]
    banner: list[str]
    drain: threading.Thread | None = None
    tail: deque[str] = field(default_factory=lambda: deque(maxlen=200))

    def serve(self) -> None:
        """Keep reading its output (one log line a request), so a full pipe never blocks it."""
        assert self.process.stdout is not None
        stream = self.process.stdout
        self.drain = threading.Thread(target=lambda: self.tail.extend(stream), daemon=True)
        self.drain.start()

    def stop(self) -> str:
        """Ctrl-C it and return what it printed after its banner (its last lines)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
        try:
            if self.drain is None:
                rest, _ = self.process.communicate(timeout=30)
                return rest
            self.process.wait(timeout=30)
            self.drain.join(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        return "".join(self.tail)


def start_server(command: str, cwd: Path, providers: int) -> Server:
    """Run `command`; return once it printed `providers` base URLs (``NAME: URL``)."""
    process = subprocess.Popen(  # noqa: S603 - our own documentation's commands
        ["bash", "-c", command],  # noqa: S607
        cwd=cwd,
        env=_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    banner: list[str] = []
    deadline = time.monotonic() + 60
    while sum(bool(re.match(r"\w+: http://", line)) for line in banner) < providers:
        line = process.stdout.readline()
        if not line or time.monotonic() > deadline:
            rest = Server(process, banner).stop()
            pytest.fail(f"{command!r} did not start:\n{''.join(banner)}{line}{rest}")
        banner.append(line)
    # Its accepts: lines come right after each base URL; read the last provider's ones too.
    banner += [process.stdout.readline(), process.stdout.readline()]
    server = Server(process, banner)
    server.serve()
    return server


@pytest.fixture(scope="module")
def stub_environment() -> Iterator[dict[str, str]]:
    """`make stub` as the README writes it, serving; the credentials it prints, as variables."""
    assert len(MAKE_STUB) == 1, "the README must show `make stub` once, in a ```sh serve block"
    busy = [port for port in DEFAULT_PORTS.values() if _port_is_busy(port)]
    if busy:
        pytest.fail(
            f"port(s) {', '.join(map(str, busy))} busy: the README's examples need `make stub`'s "
            "ports 8101-8104 free (stop the stub servers or whatever else listens there)"
        )
    server = start_server(MAKE_STUB[0], ROOT, providers=len(DEFAULT_PORTS))
    accepted: dict[str, str] = {}
    for line in server.banner:
        if line.strip().startswith("accepts:"):
            for pair in line.split(":", 1)[1].split(","):
                name, _, value = pair.strip().partition("=")
                accepted[name] = value
    try:
        yield _environment(accepted)
    finally:
        server.stop()


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 - our own interpreter on our own documentation
        argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    assert result.returncode == 0, (
        f"exit {result.returncode}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    )


@pytest.mark.parametrize("block", RUN, ids=str)
def test_python_block_runs(block: Block, stub_environment: dict[str, str], tmp_path: Path) -> None:
    if block.info == ("python", "pytest"):
        script = tmp_path / f"test_readme_line_{block.line}.py"
        argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(script)]
    else:
        script = tmp_path / f"readme_line_{block.line}.py"
        argv = [sys.executable, str(script)]
    script.write_text(block.code, encoding="utf-8")
    _run(argv, tmp_path, stub_environment)


@pytest.mark.parametrize(("block", "command"), COMMANDS, ids=lambda x: str(x)[:60])
def test_command_runs(
    block: Block, command: str, stub_environment: dict[str, str], tmp_path: Path
) -> None:
    cwd = ROOT if command.startswith("make ") else tmp_path
    _run(["bash", "-c", command], cwd, stub_environment)


@pytest.mark.parametrize(("block", "command"), SERVE, ids=lambda x: str(x)[:60])
def test_server_command_serves_and_stops(block: Block, command: str, tmp_path: Path) -> None:
    providers = len(DEFAULT_PORTS) if re.search(r"\bstub all\b", command) else 1
    server = start_server(command, ROOT if command.startswith("make ") else tmp_path, providers)
    rest = server.stop()
    assert "stopped" in rest, "".join(server.banner) + rest


def test_readme_has_blocks_to_run_and_counts_the_others() -> None:
    assert RUN, "found no README python block to run"
    assert COMMANDS, "found no README command to run"
    not_run = [block for block in BLOCKS if not block.runs]
    # Every block a reader sees is accounted for: run, or marked as not run.
    fences = [line for line in README.read_text(encoding="utf-8").splitlines() if line[:3] == "```"]
    assert len(fences) == 2 * len(BLOCKS)
    assert len(not_run) == sum(line.endswith(" no-run") for line in fences)
    for block in not_run:
        for command in block.commands if block.info[0] == "sh" else []:
            target = re.match(r"make ([\w-]+)", command)
            if target:
                assert re.search(rf"^{target[1]}:", MAKEFILE, flags=re.MULTILINE), command


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("```bash\nls\n```\n", "is not one of"),
        ("```\nls\n```\n", "without a language"),
        ("```sh\nls\n", "never closed"),
        ("  ```sh\nls\n  ```\n", "at the margin"),
        ("```python pytset\nx = 1\n```\n", "is not one of"),
    ],
)
def test_a_block_the_test_cannot_run_is_an_error(text: str, problem: str) -> None:
    with pytest.raises(ReadmeError, match=problem):
        parse_blocks(text)


def test_marked_blocks_are_parsed_with_their_markers() -> None:
    text = "```sh no-run\nmake test\n```\n\n```sh\nmodelruns a \\\n  --b c\n```\n"
    first, second = parse_blocks(text)
    assert (first.runs, second.runs) == (False, True)
    assert second.commands == ["modelruns a    --b c"]


SCRIPTS = sorted(set(re.findall(r"(?<![\w/])scripts/\w+\.py", README.read_text(encoding="utf-8"))))


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_script_the_readme_names_runs_as_written(script: str) -> None:
    path = ROOT / script
    assert path.read_text(encoding="utf-8").startswith("#!/usr/bin/env python3\n"), script
    assert os.access(path, os.X_OK), f"{script} is not executable"
    _run([f"./{script}", "--help"], ROOT, _environment())


def test_a_busy_port_is_seen_as_busy() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert _port_is_busy(port)
    assert not _port_is_busy(port)
