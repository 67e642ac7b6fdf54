"""Rule family P (punctuation): fixtures in tests/data/punctuation, tables as
tested data, findings for unpairable quotes, and a Hypothesis property test
that the C and P families are idempotent and never touch a Han character."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

import pytest
from fixture_pairs import DATA, cases, check_case, check_pairs_complete, read
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleandoc
from cleandoc.config import Config, ConfigError, from_mapping
from cleandoc.normalizer import chars, punctuation
from cleandoc.rules import all_rules
from cleandoc.text import EMAIL_RE, HAN, URL_RE, email_spans, is_han, may_hold_url, offsets, url_spans

CASES = cases("punctuation")
P_CODES = frozenset(r.code for r in all_rules() if r.code.startswith("P"))
C_CODES = frozenset(r.code for r in all_rules() if r.code.startswith("C"))
CONFIG = Config(select=P_CODES)
CP_CONFIG = Config(select=P_CODES | C_CODES)
HAN_RE = re.compile(f"[{HAN}]")


@pytest.mark.parametrize("case", CASES)
def test_fixture(case: str) -> None:
    check_case("punctuation", case, CONFIG)


def test_every_fixture_has_its_pair() -> None:
    check_pairs_complete("punctuation")


# --- tables ---------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(punctuation.TABLES))
def test_table_is_sorted_without_internal_chains(name: str) -> None:
    table = punctuation.TABLES[name]
    assert list(table) == sorted(table), name
    assert not set(table.values()) & set(table), name


def test_context_free_tables_have_no_chains() -> None:
    # HALFWIDTH_PUNCT and PARENS apply wherever Chinese is next to a mark; no
    # target of any P table may be one of their sources. DOC_NUMBER_BRACKETS
    # takes （） as sources on purpose: P101 runs before P102 and only inside
    # a document number, and its own targets 〔〕 are sources of nothing.
    free_sources = set(punctuation.HALFWIDTH_PUNCT) | set(punctuation.PARENS)
    for name, table in punctuation.TABLES.items():
        assert not set(table.values()) & free_sources, name
    all_targets = {t for table in punctuation.TABLES.values() for t in table.values()}
    assert not all_targets & {s for table in chars.TABLES.values() for s in table}


def test_targets_are_fullwidth_chinese_marks() -> None:
    for table in punctuation.TABLES.values():
        for dst in table.values():
            assert not dst.isascii()


# --- decisions --------------------------------------------------------------


def test_unpairable_quote_is_reported_once_per_line() -> None:
    result = cleandoc.clean('"楚怡"职业教育"品牌\n建设"楚怡"品牌\n', CONFIG)
    assert result.text == '"楚怡"职业教育"品牌\n建设“楚怡”品牌\n'
    assert [(w.code, w.line, w.col) for w in result.warnings] == [("P104", 1, 1)]


def test_english_odd_quote_is_not_reported() -> None:
    result = cleandoc.clean("He is 6'2\" tall.\n", CONFIG)
    assert not result.changes and not result.warnings


def test_parens_of_a_pair_change_together() -> None:
    result = cleandoc.clean("职教集团(联盟)建设\n", CONFIG)
    assert [(c.old, c.new) for c in result.changes] == [("(", "（"), (")", "）")]


def test_doc_number_is_fixed_before_parens() -> None:
    # One change per bracket, straight to 〔〕, not via （）.
    result = cleandoc.clean("湘教通(2018)22号\n", CONFIG)
    assert [(c.code, c.new) for c in result.changes] == [("P101", "〔"), ("P101", "〕")]


def test_all_halfwidth_document_is_converted_by_default() -> None:
    # GB/T 15834: a document that writes every parenthesis half-width is
    # converted like any other (issue 13), as is a single slip.
    assert cleandoc.clean("中外文合同(或协议书)、样本\n", CONFIG).text == "中外文合同（或协议书）、样本\n"
    assert cleandoc.clean("菌(毒)种\n厂(场)矿\n", CONFIG).text == "菌（毒）种\n厂（场）矿\n"


def test_house_style_is_kept_on_request() -> None:
    # paren_style = "house": a document with two or more half-width Chinese
    # pairs and no full-width one keeps its style; one pair is still a slip.
    house = replace(CONFIG, paren_style="house")
    assert cleandoc.clean("中外文合同(或协议书)、样本\n", house).text == "中外文合同（或协议书）、样本\n"
    text = read(DATA / "punctuation" / "paren_all_halfwidth.in.txt")
    assert cleandoc.clean(text, house).text == text
    assert "(" not in cleandoc.clean(text, CONFIG).text


def test_paren_style_is_a_checked_setting() -> None:
    assert from_mapping({"paren-style": "house"}, "t.toml").paren_style == "house"
    with pytest.raises(ConfigError, match="paren-style"):
        from_mapping({"paren-style": "ascii"}, "t.toml")


def test_changes_say_why() -> None:
    result = cleandoc.clean('委员会:各单位,"楚怡"精神--职业教育...\n', CONFIG)
    assert result.changes and all(c.note for c in result.changes)


# --- properties -------------------------------------------------------------

_HAN_CHARS = "楚怡职业教育湘通号年一二三"
_MARKS = (
    ",:;?!()（）\"'“”‘’.。…—-[]［］〔〕«»‹›《》、"  # every mark the rules look at
    "ꎬꎮꎻꎺꎱ"  # Yi font faults
    "０５ＡＮｘ"  # full-width alnum
    "\u200b\u200d\ufeff\u00a0\u2028\f\x07\ue01a`@/"
)
_TEXT = st.text(
    alphabet=st.sampled_from(list(_HAN_CHARS + "abcXYZ" + "0123456789" + " \t\n\u3000" + _MARKS)),
    max_size=80,
)
# Runs of one kind, so that "..." "--" "(2018)" and whole pairs show up often.
_CHUNKS = st.lists(
    st.one_of(
        _TEXT,
        st.sampled_from(
            [
                "...",
                "。。。",
                "--",
                "湘教通",
                "[2018]",
                "(2018)",
                "22号",
                "http://a.cn/x?y=1,2",
                "1.",
                "\n1)",
                "\n一.",
                "\n(一)",
            ]
        ),
        st.sampled_from(['"楚怡"', "'楚怡'", "(联盟)", "«办法»", "a@b.cn", "`a:b`", "通知.docx", "10:30"]),
    ),
    max_size=12,
).map("".join)


def _han(text: str) -> list[str]:
    return HAN_RE.findall(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_CHUNKS)
def test_cp_rules_are_idempotent_and_keep_han(text: str) -> None:
    once = cleandoc.clean(text, CP_CONFIG)
    assert cleandoc.clean(once.text, CP_CONFIG).text == once.text
    assert _han(once.text) == _han(text)
    assert not any(c.removed for c in once.changes)


@pytest.mark.parametrize("code", sorted(P_CODES))
def test_rule_example_holds(code: str) -> None:
    (r,) = [r for r in all_rules() if r.code == code]
    assert cleandoc.clean(r.before, Config(select=frozenset([code]))).text == r.after


# --- fast scans find what the plain regexes find ----------------------------
# Several scans are reshaped for speed (literal-first regexes, str.find, no
# backtracking); each must give exactly the spans of the plain regex it
# replaces, which stays in the source as its specification.

_SCAN_PIECES = st.sampled_from(
    [
        *"中国a1.-_%+@ \t\n（）()，,:;?!\r~`",
        "\uff0d",
        "--",
        "```",
        "````",
        "~~~",
        "http://",
        "https://",
        "ftp://",
        "www.",
        "x.cn",
        "@gov.cn",
        "【",
        "‘",
        "“",
    ]
)
_SCAN_TEXT = st.lists(_SCAN_PIECES, max_size=40).map("".join)


def _spans(matches: Iterable[re.Match[str]]) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


@settings(max_examples=600, deadline=None)
@given(_SCAN_TEXT)
def test_fast_scans_match_their_regex(text: str) -> None:
    assert url_spans(text) == _spans(URL_RE.finditer(text))
    assert email_spans(text) == _spans(EMAIL_RE.finditer(text))
    assert punctuation._fenced_code(text) == _spans(punctuation._FENCED_CODE_RE.finditer(text))
    assert punctuation._dash_runs(text) == _spans(punctuation._DASH_RE.finditer(text))
    assert offsets(text, ",:;?!") == [m.start() for m in re.finditer("[,:;?!]", text)]
    assert may_hold_url(text) == ("://" in text or "www." in text)


_DOC_NUMBER_PIECES = st.sampled_from([*"号第 \t\n湘(（[【〔)）]】〕〉1２", "2018", "1999", "２０２０"])


@settings(max_examples=600, deadline=None)
@given(st.lists(_DOC_NUMBER_PIECES, max_size=30).map("".join))
def test_doc_numbers_are_the_regex_matches(text: str) -> None:
    assert _spans(punctuation._doc_numbers(text)) == _spans(punctuation._DOC_NUMBER_RE.finditer(text))


def test_character_tests_match_their_regex() -> None:
    for cp in range(0x10000):
        ch = chr(cp)
        assert punctuation.is_chinese(ch) == bool(punctuation._CHINESE_RE.match(ch)), hex(cp)
        assert is_han(ch) == bool(HAN_RE.match(ch)), hex(cp)
    assert not punctuation.is_chinese("") and not is_han("")


@pytest.mark.parametrize(
    "text",
    [
        "a@b.com_x@y.com",  # the next address starts where the last one ended
        "x@y.cc@z.dd",
        "http://x/www.y【www.z",  # a www. inside a URL, another after it
        "```\n````\ncode\n```\n````",  # the longest closing run not longer than the opening
        "~~~~~\n~~~\n```\n~~~~",
        "-\uff0d\uff0d--",  # a run of mixed marks is found from its first pair
    ],
)
def test_fast_scans_on_hazards(text: str) -> None:
    assert url_spans(text) == _spans(URL_RE.finditer(text))
    assert email_spans(text) == _spans(EMAIL_RE.finditer(text))
    assert punctuation._fenced_code(text) == _spans(punctuation._FENCED_CODE_RE.finditer(text))
    assert punctuation._dash_runs(text) == _spans(punctuation._DASH_RE.finditer(text))


def test_long_runs_are_scanned_once() -> None:
    # Inputs that made a regex rescan the rest of a run from every position
    # (quadratic: seconds at this size); they must come out as they went in.
    config = Config(select=P_CODES | C_CODES)
    for text in ("中" * 200_000, "a" * 100_000 + "@", "`" * 100_000, "x`y`\n" + "~" * 2_000 + "\n中" * 1000):
        assert cleandoc.clean(text, config).text == text
    assert punctuation._fenced_code("`x`\n" + "```python\n" * 10_000) == []
    assert email_spans("a" * 100_000 + "@b.cn") == [(0, 100_005)]


# --- long runs and deep nesting (issue 17) -----------------------------------

RUNS = [
    ("中" + "?" * 800, "中" + "？" * 800),
    ("中" + "," * 800, "中" + "，" * 800),
    ("中" + " ;" * 800, "中" + " ；" * 800),
    ("(" * 800 + "测", "（" * 800 + "测"),
    ("测" + ")" * 800, "测" + "）" * 800),
    ("".join(f"({i})" for i in range(800)) + "中", "".join(f"（{i}）" for i in range(800)) + "中"),
    ("(" * 800 + "测" + ")" * 800, "（" * 800 + "测" + "）" * 800),
    ('"' * 800 + "中", "“”" * 400 + "中"),
    ("中" + "''" * 400, "中" + "‘’" * 400),
]


@pytest.mark.parametrize(("text", "expected"), RUNS, ids=lambda x: repr(x[:12]))
def test_a_long_run_settles_in_one_call(text: str, expected: str) -> None:
    # A converted mark is Chinese context for the next one: the whole run
    # converts in one clean(), and a second one changes nothing (before, the
    # rules settled 64 marks per call).
    once = cleandoc.clean(text, CONFIG).text
    assert once == expected
    assert cleandoc.clean(once, CONFIG).text == once
    assert cleandoc.clean(text).text == cleandoc.clean(cleandoc.clean(text).text).text


def test_a_run_stops_at_what_is_not_chinese() -> None:
    # Spreading follows the same rules as a round: protected spans, tokens
    # (1,000) and other lines stop it.
    text = "中,, a,b ,http://x.cn/?a=1,2\n,,\n"
    assert cleandoc.clean(text, CONFIG).text == "中，， a,b ,http://x.cn/?a=1,2\n,,\n"
    assert cleandoc.clean("((1,2)测)\n", CONFIG).text == "（（1,2）测）\n"


def test_long_line_of_points_and_markers() -> None:
    # '通.' * n on one line (P107 read back to the line start for each point);
    # a numbering marker's point on a line stays.
    assert cleandoc.clean("通." * 5000, CONFIG).text == "通。" * 5000
    text = "一.通知.\n" + "通" * 20 + "一.\n"
    assert cleandoc.clean(text, CONFIG).text == "一.通知。\n" + "通" * 20 + "一。\n"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="一二12.（(\n \t通", max_size=40), st.data())
def test_in_marker_matches_the_whole_line_reading(text: str, data: st.DataObject) -> None:
    def plain(pos: int) -> bool:
        line_start = text.rfind("\n", 0, pos) + 1
        if pos - line_start > 12:
            return False
        line_end = text.find("\n", pos)
        marker = punctuation.find_marker(text[line_start : line_end if line_end != -1 else len(text)])
        return marker is not None and line_start + marker.start <= pos < line_start + marker.end

    for pos in range(len(text)):
        assert punctuation._in_marker(text, pos) == plain(pos)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="中a(（ ", max_size=200), st.integers(0, 200), st.integers(0, 200))
def test_han_between_matches_a_scan(text: str, a: int, b: int) -> None:
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    assert punctuation._han_between(text, start, end) == (HAN_RE.search(text, start, end) is not None)


def test_quotes_paired_in_groups_still_report_the_rest() -> None:
    """Two straight quotes side by side close one quotation and open the
    next: the group before them is converted, the marks that still do not
    pair up are reported at the first of them (tests/data/punctuation/SOURCES.md)."""
    line = read(DATA / "punctuation" / "quote_split_adjacent.in.txt")
    result = cleandoc.clean(line, CONFIG)
    assert "“黄小西吃晚饭”" in result.text
    assert '"村超"村BA"' in result.text
    (warning,) = [w for w in result.warnings if w.code == "P104"]
    assert line.splitlines()[0][warning.col - 1 :].startswith('"村超')
