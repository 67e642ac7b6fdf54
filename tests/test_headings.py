"""Heading rules (H family): fixtures in tests/data/headings, lint findings,
and Hypothesis checks that the rules are idempotent and never touch Han text.

Fixture names choose the setting: ``markdown_style*`` runs with
``heading_style="markdown"``, everything else with the default ``plain``. A
``<case>.warnings.txt`` lists the expected ``line code`` warnings (H201, H203,
H204) of that case; ``noop_*`` cases must come back byte-identical.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleandoc import clean
from cleandoc.config import Config, HeadingStyle
from cleandoc.normalizer import headings
from cleandoc.normalizer.headings import parse_lines, sibling_groups, title_index
from cleandoc.rules import resolve

DATA = Path(__file__).parent / "data" / "headings"
CASES = sorted(p.name[: -len(".in.txt")] for p in DATA.glob("*.in.txt"))
H_CODES = frozenset(resolve(["H"]))
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _config(case: str) -> Config:
    style: HeadingStyle = "markdown" if case.startswith("markdown_style") else "plain"
    return Config(select=H_CODES, heading_style=style)


@pytest.mark.parametrize("case", CASES)
def test_fixture(case: str) -> None:
    src = (DATA / f"{case}.in.txt").read_text(encoding="utf-8")
    want = (DATA / f"{case}.out.txt").read_text(encoding="utf-8")
    result = clean(src, _config(case))
    assert result.text == want
    if case.startswith("noop_"):
        assert src == want and not result.changes
    again = clean(result.text, _config(case))
    assert again.text == result.text, "not idempotent"


@pytest.mark.parametrize("case", [c for c in CASES if (DATA / f"{c}.warnings.txt").exists()])
def test_lint_fixture(case: str) -> None:
    src = (DATA / f"{case}.in.txt").read_text(encoding="utf-8")
    expected = {
        (int(n), code)
        for n, code in (ln.split() for ln in (DATA / f"{case}.warnings.txt").read_text().splitlines() if ln)
    }
    result = clean(src, _config(case))
    got = {(w.line, w.code) for w in result.warnings if w.code in expected_codes(expected)}
    assert got == expected
    assert result.text == src, "lint rules must not change the text"


def expected_codes(expected: set[tuple[int, str]]) -> set[str]:
    return {"H201", "H203", "H204"} | {code for _, code in expected}


def test_title_missing_is_reported_only_without_a_title() -> None:
    body = "各市州教育局：\n现将有关事项通知如下。\n一、工作目标\n"
    assert [w.code for w in clean(body, Config(select=frozenset({"H202"}))).warnings] == ["H202"]
    titled = "关于做好2020年学业水平考试工作的通知\n" + body
    assert not clean(titled, Config(select=frozenset({"H202"}))).warnings
    assert title_index(parse_lines(titled)) == 0


def test_header_date_means_no_signature_needed() -> None:
    text = (
        "最高人民法院关于某事的批复\n2020年12月23日 最高人民法院审判委员会通过\n"
        "广东省高级人民法院：\n此复。\n"
    )
    assert not clean(text, Config(select=frozenset({"H203"}))).warnings


def test_lists_under_different_parents_are_different_groups() -> None:
    text = "一、甲\n（一）子\n（二）子\n二、乙\n（一）子\n"
    groups = sibling_groups(parse_lines(text))
    assert [[ln.index for ln in g] for g in groups] == [[0, 3], [1, 2], [4]]


def test_numbering_that_runs_through_sections_is_one_list() -> None:
    # State Council style: （一）… keeps counting across 一、 二、 sections.
    text = "一、总体要求\n（一）指导思想。\n（二）基本原则。\n二、主要任务\n（三）完善体系。\n"
    result = clean(text, Config(select=frozenset({"H201"})))
    assert not result.warnings


def test_quoted_numbering_is_its_own_scope() -> None:
    text = "1.将第一条修改为：\n“第一条 下列案件：\n（一）甲；\n（二）乙。”\n2.删除第二条。\n"
    assert not clean(text, Config(select=frozenset({"H201"}))).warnings


def test_markdown_style_gives_the_same_heading_the_same_form() -> None:
    a = "# 关于加强管理的通知\n### 一、总体要求\n**二、主要任务**\n#### （一）加强领导\n"
    b = "关于加强管理的通知\n一、总体要求\n## 二、主要任务\n（一）加强领导\n"
    cfg = Config(select=H_CODES, heading_style="markdown")
    assert (
        clean(a, cfg).text
        == clean(b, cfg).text
        == "# 关于加强管理的通知\n## 一、总体要求\n## 二、主要任务\n### （一）加强领导\n"
    )


# Random documents made of heading-ish lines: markers of every form, Markdown
# and bold decoration, Han text, digits, ASCII and Chinese punctuation.
_PIECES = [
    "一、", "二.", "三，", "(一)", "（二)", "( 三 )", "（四）", "1.", "2、", "3．", "4. ", "(1)", "2)",
    "（3）",
    "第一条 ", "第二章", "## ", "# ", "### ", "**", "***", "#1", "“", "”", " ", "\u3000", "\t",
    "工作目标", "加强领导", "年", "1.5亿元", "2025", "，", "。", "；", "：", "、", "I类", "abc",
]  # fmt: skip
_LINE = st.lists(st.sampled_from(_PIECES), max_size=8).map("".join)
_DOC = st.lists(_LINE, max_size=12).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_DOC, st.sampled_from(["plain", "markdown"]))
def test_idempotent_and_han_preserved(doc: str, style: str) -> None:
    cfg = Config(select=H_CODES, heading_style=style)  # type: ignore[arg-type]
    once = clean(doc, cfg).text
    assert clean(once, cfg).text == once
    assert HAN.findall(once) == HAN.findall(doc), "Han characters added, dropped or reordered"
    assert Counter(once.split("\n")).total() == Counter(doc.split("\n")).total(), "lines added or dropped"


_LINE_STARTS = ["", " ", "\u3000", "#", "## ", "**", "***", "一、", "（一）", "1.", "第一条 ", "文字", "\r"]
line_text = st.lists(st.sampled_from(_LINE_STARTS), max_size=4).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(line_text, max_size=6).map("\n".join))
def test_parse_lines_shortcut_agrees_with_parse_line(text: str) -> None:
    """parse_lines builds undecorated lines itself; they equal what _parse_line makes."""
    lines = parse_lines.__wrapped__(text)
    start = 0
    for i, raw in enumerate(text.split("\n")):
        body = raw[:-1] if raw.endswith("\r") else raw
        assert lines[i] == headings._parse_line(i, start, body)
        start += len(raw) + 1
    assert parse_lines(text) == lines


_QUOTED_DOC = st.lists(st.sampled_from([*_PIECES, "\n"]), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_QUOTED_DOC)
def test_groups_of_shortcut_agrees_with_sibling_groups(text: str) -> None:
    """groups_of skips the quotation scopes of a text without an opening
    quote and starts from numbered_lines; it gives what sibling_groups gives."""
    lines = parse_lines(text)
    assert headings.numbered_lines(text) == tuple(ln for ln in lines if ln.marker is not None)
    want = tuple(tuple(g) for g in sibling_groups(lines))
    assert headings.groups_of(text) == want
    unquoted = text.replace("\u201c", "")
    assert headings.groups_of(unquoted) == tuple(tuple(g) for g in sibling_groups(parse_lines(unquoted)))


def test_cut_paragraph_looks_past_blank_lines() -> None:
    """H204 pairs a heading with the last non-blank line before it, however many blanks lie between."""
    text = "关于加强管理的通知\n各单位要加强管理，落实责任，确保各项工作\n\n\u3000\n1.加强领导\n"
    codes = [w.code for w in clean(text, Config(select=frozenset({"H204"}))).warnings]
    assert codes == ["H204"]
    assert not clean("\n\n1.加强领导\n", Config(select=frozenset({"H204"}))).warnings


def test_parse_reuses_the_markers_of_the_previous_text() -> None:
    """parse_lines takes the markers of lines it saw in the text before (the
    pipeline's texts differ by a few edits); what it finds is what a fresh
    parse finds, and unchanged lines share their Marker objects."""
    before = "关于加强管理的通知\n一、总体要求\n（一）加强领导\n1.落实责任\n第三条 附则\n"
    after = before.replace("（一）加强领导", "(一)加强领导").replace("1.落实", "2.落实")
    first = parse_lines.__wrapped__(before)
    second = parse_lines.__wrapped__(after)
    headings._previous_markers = {}
    assert second == parse_lines.__wrapped__(after)
    assert second[1].marker is first[1].marker  # 一、总体要求: unchanged, the same object
