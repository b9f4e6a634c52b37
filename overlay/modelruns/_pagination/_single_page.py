"""``single-page``: the operation answers everything at once; the walk is that one page."""

from __future__ import annotations

from modelruns._pagination._pages import _Walk


class _SinglePageWalk(_Walk):
    """``single-page``: the operation answers everything at once; the walk is that one page.

    ``_Walk``'s defaults are exactly this walk: one request, one page, no next.
    """
