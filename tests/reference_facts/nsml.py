"""NSML has no reference beyond its documentation: the facts are the documentation's silences.

The "Get run list" page (seed `clova-nsml-get-run-list.txt`) gives `page` and `pageSize` as
optional integers with no bounds, every run field as a string with no format and no
"required" mark, and no field list at all for the page object. Any constraint the spec adds
beyond that must be listed here with the reason it does not make the spec stricter than the
service.
"""

from __future__ import annotations

SPEC = "clova-nsml.yaml"
SOURCE = "NAVER Cloud, CLOVA NSML API, Get run list (and Common CLOVA NSML response status codes)"

#: (where, constraint) -> why the spec may state it although the documentation does not.
ALLOWED: dict[tuple[str, str], str] = {
    ("getRunList.page", "minimum"): (
        "pages are numbered from 1 (the documented default and the example's first page); "
        "no page 0 exists to be refused"
    ),
    ("getRunList.pageSize", "minimum"): (
        "a page of fewer than one run is no page; the documented default is 10"
    ),
    ("RunListResponse", "required"): (
        "runList and totalCount are the two keys of the documented response example, which "
        "never omits them"
    ),
    ("NsmlError", "required"): (
        "every documented NSML error body is {error: {errorCode, message}} (common response "
        "status codes page)"
    ),
    ("NsmlErrorDetail", "required"): "as NsmlError: both keys are in every documented error",
}
