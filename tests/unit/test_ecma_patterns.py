"""A spec's ``pattern`` means what ECMA-262 says, wherever the SDK and the stubs check one.

Python's ``re`` reads the same text otherwise: ``$`` also matches before a final line break,
``\\d``/``\\w``/``\\b`` are Unicode's, ``\\s`` is another set and ``.`` matches ``\\r``. The
property tests hold every spec pattern, as the SDK's argument checks, its 2xx decoding (one
search per value and the fast route's batches) and the stubs check it, to an independent ECMA
reading (jsonschema_rs's: Rust's regex engine, with ECMA's ``$``, ``\\d``, ``\\w`` and ``\\s``;
it differs from ECMA only on a bare ``.``, which no spec pattern has, and the stubs no longer use
it for patterns). The tables pin ECMA facts no spec pattern exercises, checked against a
JavaScript engine when they were written.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from typing import Any

import httpx
import jsonschema_rs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dataplatform_models_client.models import TriggerModelRunRequest
from modelruns import Deviation, ResponseValidationError, dataplatform, foundry
from modelruns._decode import PatternBatch
from modelruns._params import _EcmaValidator
from modelruns._patterns import PatternError, compile_pattern, translate
from modelruns._specs import PROVIDERS, load_spec
from modelruns.stubs import StubServer
from modelruns.stubs._routing import _validator
from tests.unit.test_clients import RID, example

RUN_ID = load_spec("dataplatform")["components"]["parameters"]["RunId"]["example"]


def _patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


SPEC_PATTERNS = sorted({p for provider in PROVIDERS for p in _patterns(load_spec(provider))})

#: Characters where the readings differ: line breaks and terminators, Python-only and
#: ECMA-only white space, non-ASCII digits and letters (and ones that case-fold to ASCII).
SPECIAL = [
    "\n",
    "\r",
    "\u2028",
    "\u2029",
    "\x85",
    "\x1c",
    "\x1f",
    "\ufeff",
    "\xa0",
    "\u3000",
    "\u180e",
    "\t",
    "\x0b",
    " ",
    "\u0663",  # ARABIC-INDIC DIGIT THREE
    "\U0001d7d9",  # MATHEMATICAL DOUBLE-STRUCK DIGIT ONE
    "\u00e9",
    "\u00df",
    "\u212a",  # KELVIN SIGN, which folds to "k"
    "\u0131",  # DOTLESS I
    "_",
    "-",
    ".",
    "=",
    ",",
]


@functools.cache
def _checks(pattern: str) -> tuple[Any, Any, Any]:
    """The oracle (see the module), the SDK's body check and the stubs' check of ``pattern``."""
    schema = {"type": "string", "pattern": pattern}
    oracle = jsonschema_rs.validator_for(schema)
    return oracle, _EcmaValidator({"pattern": pattern}), _validator({}, schema, formats=False)


def _ecma(pattern: str, value: str) -> bool:
    """The independent ECMA reading (see the module)."""
    return bool(_checks(pattern)[0].is_valid(value))


@st.composite
def _near(draw: st.DrawFn, pattern: str) -> str:
    """A value of ``pattern`` (or any text), then maybe a special character put in or on."""
    if draw(st.booleans()):
        text = draw(st.from_regex(compile_pattern(pattern), fullmatch=True))
    else:
        # No lone surrogates: a value on the wire is UTF-8, which cannot carry one.
        chars = st.characters(exclude_categories=["Cs"])
        text = draw(st.text(st.sampled_from(SPECIAL) | chars, max_size=12))
    for _ in range(draw(st.integers(0, 2))):
        special = draw(st.sampled_from(SPECIAL))
        how = draw(st.sampled_from(["append", "insert", "replace"]))
        at = draw(st.integers(0, len(text)))
        if how == "append":
            text += special
        elif how == "insert":
            text = text[:at] + special + text[at:]
        else:
            text = text[:at] + special + text[at + 1 :]
    return text


def test_the_specs_have_patterns_and_every_one_translates() -> None:
    assert len(SPEC_PATTERNS) >= 8
    for pattern in SPEC_PATTERNS:
        compile_pattern(pattern)
        # The oracle's one difference from ECMA (a bare `.`) is in no spec pattern.
        assert "." not in translate(pattern).replace("\\", "").replace("x2e", ""), pattern


@pytest.mark.parametrize("pattern", SPEC_PATTERNS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_check_of_a_spec_pattern_reads_it_as_ecma(pattern: str, data: st.DataObject) -> None:
    value = data.draw(_near(pattern), label="value")
    expected = _ecma(pattern, value)
    assert (compile_pattern(pattern).search(value) is not None) == expected
    # The SDK's body check (jsonschema with its `pattern` keyword replaced) and the stubs'.
    _, body_check, stub_check = _checks(pattern)
    assert body_check.is_valid(value) == expected
    assert stub_check.is_valid(value) == expected
    if PatternBatch.batchable(pattern):
        others = data.draw(st.lists(_near(pattern), max_size=3), label="others")
        everyone = expected and all(_ecma(pattern, other) for other in others)
        assert PatternBatch(pattern)([value, *others]) == everyone


# Class escapes the specs do not use yet, where the readings differ most (the oracle reads
# these as ECMA does; it differs only on a bare `.`, which the table below covers).
CLASS_ESCAPES = [
    r"^\d+$",
    r"^\w+$",
    r"^\s*$",
    r"^\S+$",
    r"^\D\W$",
    r"^[\w-]+$",
    r"^[^\d\s]+$",
    r"\d$",
    r"^x\s?y$",
    r"^[\S\d]{2}$",
]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(CLASS_ESCAPES),
    st.text(st.sampled_from([*SPECIAL, "a", "Z", "0", "9", "x", "y"]), max_size=5),
)
def test_class_escapes_read_as_ecma(pattern: str, value: str) -> None:
    expected = _ecma(pattern, value)
    assert (compile_pattern(pattern).search(value) is not None) == expected
    assert _checks(pattern)[1].is_valid(value) == expected
    assert _checks(pattern)[2].is_valid(value) == expected


# (pattern, value, ECMA-262's answer) for constructs the specs do not use.
ECMA_FACTS = [
    ("^abc$", "abc\n", False),
    ("abc$", "abc\n", False),
    ("^abc", "x\nabc", False),
    (r"^\d+$", "12\u0663", False),
    (r"^\d+$", "\U0001d7d9", False),
    (r"^\D$", "\u0663", True),
    (r"^\w+$", "caf\u00e9", False),
    (r"^\w$", "\u212a", False),
    (r"^\W$", "\u00e9", True),
    (r"\bfoo\b", "\u00e9foo\u00e9", True),
    (r"\Bfoo", "\u00e9foo", False),
    (r"^\s$", "\ufeff", True),
    (r"^\s$", "\x1c", False),
    (r"^\s$", "\x85", False),
    (r"^\s$", "\u180e", False),
    (r"^\S$", "\x1f", True),
    (r"^[^\S]$", "\u3000", True),
    (r"^[\D]$", "\u0663", True),
    (r"^[\w-]+$", "a-\u00e9", False),
    ("^a.b$", "a\rb", False),
    ("^a.b$", "a\u2028b", False),
    ("^a.b$", "a\u2029b", False),
    ("^a.b$", "a\x85b", True),
    ("^.$", "\U0001f600", True),
    ("^[^]$", "\n", True),
    ("^[]$", "", False),
    ("[]", "a", False),
    (r"^\uD83D\uDE00$", "\U0001f600", True),
    (r"^\u{1F600}$", "\U0001f600", True),
    (r"^\cJ$", "\n", True),
    (r"^\0$", "\x00", True),
    (r"^[\b]$", "\x08", True),
    (r"^\x41\u0042$", "AB", True),
    ("^(?<n>a)|b$", "a", True),
    ("^a|b$", "xb", True),
    ("^a|b$", "b\n", False),
    (r"^[a\-z]+$", "-", True),
    ("^a{2,3}$", "aaaa", False),
    ("(?<=a)b", "ab", True),
    ("^[[]$", "[", True),
    ("^[a-c--]$", "-", True),
    ("^[&&]$", "&", True),
]


@pytest.mark.parametrize(("pattern", "value", "expected"), ECMA_FACTS)
def test_ecma_facts(pattern: str, value: str, expected: bool) -> None:
    assert (compile_pattern(pattern).search(value) is not None) is expected
    assert _EcmaValidator({"pattern": pattern}).is_valid(value) is expected
    assert _validator({}, {"pattern": pattern}, formats=False).is_valid(value) is expected


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        (r"^(a)\1$", "backreferences are not supported"),
        (r"^(?<n>a)\k<n>$", "backreferences are not supported"),
        (r"^\01$", "octal escapes are not supported"),
        (r"^\p{L}+$", "Unicode property escapes"),
        ("^(?i:a)$", "inline modifiers are not supported"),
        ("^(?P<n>a)$", "inline modifiers are not supported"),
        (r"^a\z", r"'\z' has no meaning in ECMA-262"),
        (r"\Aa", r"'\A' has no meaning in ECMA-262"),
        ("^a**$", "nothing to repeat"),
        ("*a", "nothing to repeat"),
        ("^x{1,3}+$", "nothing to repeat"),
        ("^$*", "a quantifier on an assertion"),
        ("(?<=a+)b", "Python's re cannot match it"),
        ("^[z-a]$", "out of order"),
        ("^a{3,2}$", "out of order"),
        (r"^[\d-z]$", "ends in a set"),
        ("^(a$", "a group is not closed"),
        ("^a)$", "')' closes no group"),
        ("^[a$", "a character class is not closed"),
        ("a\\", "lone backslash"),
        (r"\x4", "two hexadecimal digits"),
        (r"\u12", "four hexadecimal digits"),
        (r"\c1", "followed by a letter"),
    ],
)
def test_a_pattern_without_a_python_equal_is_refused_naming_it(pattern: str, problem: str) -> None:
    with pytest.raises(PatternError) as caught:
        compile_pattern(pattern)
    assert problem in str(caught.value)
    assert repr(pattern) in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_a_stub_refuses_to_build_on_a_pattern_it_cannot_read() -> None:
    with pytest.raises(ValueError, match=r"backreferences are not supported"):
        _validator({}, {"pattern": r"^(a)\1$"}, formats=False)


# --- through the SDK and the stubs -------------------------------------------------------------


def _refusing(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"a request was sent: {request.url}")


def test_a_rid_ending_in_a_line_break_is_refused_before_any_request() -> None:
    client = foundry.Client(
        token="t",
        base_url="http://f.test/api",
        http_client=httpx.Client(transport=httpx.MockTransport(_refusing)),
    )
    with pytest.raises(ValueError, match=r"list_model_studio_runs\(\): model_studio_rid must"):
        client.list_model_studio_runs(RID + "\n")


def test_a_run_id_ending_in_a_line_break_is_refused_before_any_request() -> None:
    client = dataplatform.Client(
        api_key="k",
        base_url="http://dp.test/v1",
        http_client=httpx.Client(transport=httpx.MockTransport(_refusing)),
    )
    with pytest.raises(ValueError, match=r"get_model_run\(\): run_id must"):
        client.get_model_run(RUN_ID + "\n")


@pytest.mark.parametrize(
    ("project", "refused"),
    [("proj\n", True), ("a\ufeffb", True), ("a\x1cb", False), ("\u0663\u00e9", False)],
)
def test_a_body_field_is_checked_by_its_ecma_pattern(project: str, refused: bool) -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=example("dataplatform", "triggerModelRun"), request=request)

    client = dataplatform.Client(
        api_key="k",
        base_url="http://dp.test/v1",
        http_client=httpx.Client(transport=httpx.MockTransport(answer)),
        strict=False,
    )
    body = TriggerModelRunRequest(project_name=project)
    if refused:
        with pytest.raises(ValueError, match=r"trigger_model_run\(\): body\.project_name"):
            client.trigger_model_run(body)
        assert sent == []
    else:
        client.trigger_model_run(body)
        assert len(sent) == 1


def _page_with_job_rid(job_rid: str) -> dict[str, Any]:
    body = example("foundry", "listModelStudioRuns")
    body.pop("nextPageToken", None)
    body["data"] = [copy.deepcopy(body["data"][0]) for _ in range(2)]
    body["data"][1]["jobRid"] = job_rid
    return body


def _foundry_answering(body: dict[str, Any], **options: Any) -> foundry.Client:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    return foundry.Client(
        token="t", hostname="h", http_client=httpx.Client(transport=transport), **options
    )


def test_a_2xx_rid_ending_in_a_line_break_breaks_its_pattern() -> None:
    good = _page_with_job_rid("ri.foundry-build.main.job.x")
    assert len(list(_foundry_answering(good, strict=True).list_model_studio_runs(RID))) == 2
    bad = _page_with_job_rid("ri.foundry-build.main.job.x\n")
    with pytest.raises(ResponseValidationError, match=r"\$\.data\[1\]\.jobRid: .*does not match"):
        list(_foundry_answering(bad, strict=True).list_model_studio_runs(RID))
    seen: list[Deviation] = []
    client = _foundry_answering(bad, strict=False, on_deviation=seen.append)
    runs = list(client.list_model_studio_runs(RID))
    assert runs[1].job_rid == "ri.foundry-build.main.job.x\n"  # kept, and reported
    assert [(d.path, d.kind) for d in seen] == [("$.data[*].jobRid", "string")]


def test_the_stub_refuses_a_rid_ending_in_a_line_break_in_its_own_error_shape() -> None:
    with StubServer("foundry", log_level="error") as server:
        options = server.client_options()
        headers = {"Authorization": f"Bearer {options['token']}"}
        url = f"{server.base_url}/v2/models/modelStudios/{RID}%0A/runs?preview=true"
        answer = httpx.get(url, headers=headers, timeout=10)
        assert answer.status_code == 400
        assert answer.json()["errorCode"] == "INVALID_ARGUMENT"
        ok = httpx.get(url.replace("%0A", ""), headers=headers, timeout=10)
        assert ok.status_code == 200


def test_a_stub_path_ending_in_a_line_break_names_no_route() -> None:
    with StubServer("dataplatform", log_level="error") as server:
        options = server.client_options()
        headers = {"Authorization": f"Bearer {options['token']}"}
        cancel = f"{server.base_url}/model-runs/{RUN_ID}/cancel"
        answer = httpx.post(cancel + "%0A", headers=headers, timeout=10)
        assert answer.status_code == 404
        assert answer.json()["code"] == 404
        assert httpx.post(cancel, headers=headers, timeout=10).status_code != 404
