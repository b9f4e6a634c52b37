"""Every reach into another library's private names, in one place, behind a version check.

Each submodule names the library it reaches into (``_compat.httpcore``, ``_compat.schemathesis``,
...) and, at import, calls :func:`require` with the range of releases it was tested on: outside
that range the import fails with one line naming the library, the installed release and the
range, instead of a wrong answer later. pyproject bounds each of these libraries to the same
range. ``tests/unit/test_private_reaches.py`` lists every private name the project touches and
fails on one outside this package.
"""

from __future__ import annotations

from importlib import metadata


class UnsupportedVersionError(ImportError):
    """An installed library is outside the range of releases modelruns was tested on."""


def _release(text: str) -> tuple[int, ...]:
    parts: list[int] = []
    for piece in text.split("."):
        digits = "".join(c for c in piece if c.isdigit()) if not piece.isdigit() else piece
        if not digits:
            break
        parts.append(int(digits))
        if not piece.isdigit():
            break
    return tuple(parts)


def require(distribution: str, minimum: str, below: str) -> str:
    """The installed release of ``distribution``, checked to be ``>= minimum`` and ``< below``.

    Raises :class:`UnsupportedVersionError` naming the library, its release and the tested range.
    """
    try:
        installed = metadata.version(distribution)
    except metadata.PackageNotFoundError:
        raise UnsupportedVersionError(
            f"{distribution} is not installed; modelruns needs {distribution}>={minimum},<{below}"
        ) from None
    if not _release(minimum) <= _release(installed) < _release(below):
        raise UnsupportedVersionError(
            f"{distribution} {installed} is not supported: modelruns was tested with "
            f"{distribution}>={minimum},<{below}"
        )
    return installed


__all__ = ["UnsupportedVersionError", "require"]
