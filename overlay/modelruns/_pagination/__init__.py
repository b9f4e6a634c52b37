"""Lazy pagination, one small strategy per style, driven by the spec's x-modelruns-pagination.

The package is a small shared core and one module per style:

- core: ``_pages`` (``BasePage``/``SyncPage``/``AsyncPage`` and ``_Walk``, the strategy a style
  fills in, without I/O), ``_cycles`` (catching a token walk's cycles in bounded memory),
  ``_window`` (``limit`` and the prefetch window), ``_paginator`` (the style registry and what
  both paginators share), ``_sync``/``_async`` (``SyncPaginator``/``AsyncPaginator``, which
  drive any style the same way, with the same promises);
- styles: ``_token``, ``_integer_token``, ``_page_number``, ``_single_page``, ``_offset``.

``token``: send the response token back until it is absent. ``integer-token``: the same with an
integer token whose ``end`` value (0) means "no more". ``page-number``: count pages from
``first_page`` until the ``total`` is reached or a page comes back short; these pages can be
fetched ahead concurrently (``prefetch=N``: N requests in flight from the first on, on threads
or as tasks, yielded in order; pages past the total the first page reveals are dropped unread).
Token styles can read one page ahead (``prefetch=1``): as soon as a page's JSON is parsed its
next token is known, so the next request goes out (on a thread, or as a task) while this page is
decoded and consumed. Only one page can be ahead, so ``prefetch`` above 1 is a ``ValueError``
for them. That one page ahead is their default (``prefetch=None``; ``prefetch=0`` turns it off):
a list operation only reads, so a request sent ahead changes nothing on the server, and it
overlaps the server's time with the client's decoding. A caller who stops early pays at most one
page requested and never read: its connection is cut, not left in use, and no further request
follows. Page-number walks prefetch nothing unless asked. ``single-page``: the operation
answers everything at once; the walk is that one page.

Nothing yielded is kept: memory stays flat however long the walk. A server that leads a token
walk back to a token it already gave is caught whatever the cycle's length (``_cycles``). A
page-number walk that meets an empty page before the ``total`` it was promised raises
``PaginationError`` rather than end short. A walk that ends (exhausted, closed, cancelled or
abandoned and finalised) leaves no connection in use.

The public names are these; the styles' and drivers' own are imported from their modules.
"""

from __future__ import annotations

from modelruns._pagination._async import AsyncPaginator
from modelruns._pagination._pages import AsyncPage, BasePage, SyncPage
from modelruns._pagination._sync import SyncPaginator

__all__ = ["AsyncPage", "AsyncPaginator", "BasePage", "SyncPage", "SyncPaginator"]
