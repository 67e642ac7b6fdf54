"""Line repair (L family): fixtures, content preservation, idempotency, scaling."""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleandoc import clean
from cleandoc.config import Config
from cleandoc.normalizer.lines import _joiner
from cleandoc.rules import all_rules

DATA = Path(__file__).parent / "data" / "lines"
L_CODES = frozenset(r.code for r in all_rules() if r.code.startswith("L"))
CONFIG = Config(select=L_CODES)
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

CASES = sorted(p.name[: -len(".in.txt")] for p in DATA.glob("*.in.txt"))


@pytest.mark.parametrize("case", CASES)
def test_fixture(case: str) -> None:
    src = (DATA / f"{case}.in.txt").read_text(encoding="utf-8")
    want = (DATA / f"{case}.out.txt").read_text(encoding="utf-8")
    got = clean(src, CONFIG).text
    assert got == want
    assert clean(got, CONFIG).text == got, "not idempotent"


@pytest.mark.parametrize("case", [c for c in CASES if c.startswith("noop")])
def test_noop_fixture_unchanged(case: str) -> None:
    src = (DATA / f"{case}.in.txt").read_text(encoding="utf-8")
    result = clean(src, CONFIG)
    assert result.text == src
    assert not result.changes


def test_furniture_is_reported_as_removed() -> None:
    src = (DATA / "pdftotext_header.in.txt").read_text(encoding="utf-8")
    removed = [c for c in clean(src, CONFIG).changes if c.removed]
    assert sorted(c.note for c in removed) == ["document code at a page top", "page number"]
    assert any(c.old.strip() == "— 1 —" for c in removed)


@pytest.mark.parametrize("case", ["page_number_between_paragraphs", "hard_wrap_page_numbers"])
def test_page_number_leaves_no_run_of_blank_lines(case: str) -> None:
    src = (DATA / f"{case}.in.txt").read_text(encoding="utf-8")
    for config in (CONFIG, Config()):
        got = clean(src, config).text
        assert "\n\n\n" not in got.lstrip("\n")
        assert "— " not in got and "第1页" not in got


def test_blank_lines_around_page_number() -> None:
    # a paragraph ends before the page number: one blank line stays, as on either side
    text = "联席会议制度。\n\n— 1 —\n\n一、主要职能\n"
    assert clean(text, CONFIG).text == "联席会议制度。\n\n一、主要职能\n"
    # a sentence goes on after it: joined, nothing of the gap left
    text = (
        "收费标准由仲裁委员会在规定的幅度内确定,并报仲裁委员会所在地的省、自治区\n\n— 1 —\n\n"
        "、直辖市人民政府物价管理部门核准。\n"
    )
    assert clean(text, CONFIG).text == text.replace("\n\n— 1 —\n\n", "")


def test_joins_are_reported() -> None:
    src = (DATA / "cut_inside_number.in.txt").read_text(encoding="utf-8")
    changes = clean(src, CONFIG).changes
    assert [(c.code, c.old, c.new, c.line) for c in changes] == [("L102", "\n", "", 1)]


def test_latin_words_keep_a_space() -> None:
    # a page-width cut between two Latin words: one space, never between Han
    assert _joiner("t", "P") == " "
    assert _joiner("建", "设") == ""
    assert _joiner("0", "1") == ""
    text = clean("各单位要在门户网站公开办事指南和联系方式，并开通 open\n，data 接口。\n", CONFIG).text
    assert "open，data" in text


def test_heading_after_unpunctuated_line_not_joined() -> None:
    src = "一、总体要求\n（一）指导思想\n以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大精神。\n"
    assert clean(src, CONFIG).text == src


def _han(text: str) -> Counter[str]:
    return Counter(HAN.findall(text))


PIECES = st.sampled_from(
    [
        "国务院办公厅",
        "关于印发",
        "的通知",
        "一、",
        "（一）",
        "1.",
        "（1）",
        "，",
        "。",
        "：",
        "“",
        "”",
        "〔20",
        "18〕",
        "号",
        "— 1 —",
        "第3页",
        "\n",
        "\n\n",
        "\f",
        " ",
        "\u3000",
        "2025年4月30日",
        "（此件主动公开）",
        "附件：1.",
        "ZJAC01-2025-0005",
        "abc",
        "12",
        "建设集约化平台支持新技术新应用新功能的无缝对接",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=60))
def test_idempotent_and_keeps_han(pieces: list[str]) -> None:
    text = "".join(pieces)
    result = clean(text, CONFIG)
    assert clean(result.text, CONFIG).text == result.text
    # Han characters only leave in edits marked removed, and never arrive
    removed = Counter[str]()
    for c in result.changes:
        if c.removed:
            removed += _han(c.old)
        else:
            assert _han(c.old) == _han(c.new), c
    assert _han(text) - removed == _han(result.text)
    # nor are they reordered (but by L106, which sets two columns one after the other)
    if any(c.code == "L106" for c in result.changes):
        return
    kept = "".join(HAN.findall(result.text))
    it = iter("".join(HAN.findall(text)))
    assert all(ch in it for ch in kept)


def _seconds(text: str) -> float:
    """CPU seconds of one clean: a ratio of two of them says how the cost
    grows (a quadratic rule makes 10x the input cost 100x), and CPU time is
    far less disturbed than wall time by other load on a shared machine."""
    t0 = time.process_time()
    clean(text, CONFIG)
    return time.process_time() - t0


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "建设集约化平台，支持新技术。" * n,  # no line breaks at all
        lambda n: "建设集约化平台\n" * n,  # many short lines
        lambda n: "建设集约化平台支持新技术新应用新功能\n\n— 1 —\n\f" * n,  # page after page
        lambda n: "留存复印件。     第十五条  预付卡机构应当识别。" * n,  # articles run together on one line
        # two columns side by side
        lambda n: "建设集约化平台支持新技术新应用、      推进统一身份认证和电子证照应用、\n" * n,
    ],
)
def test_linear_time(make: object) -> None:
    assert callable(make)
    small, big = make(2_000), make(20_000)
    t_small = max(min(_seconds(small) for _ in range(3)), 1e-3)
    t_big = _seconds(big)
    assert t_big < 25 * t_small + 0.5, (t_small, t_big)


def test_a_paragraph_of_sentences_is_joined_in_one_run() -> None:
    # No page width stands out, so the pieces are joined because the paragraph
    # they make holds a finished sentence (only the first piece holds one) or
    # leaves a bracket open (opened in the first piece). The rule must see
    # that of the whole paragraph, not of each piece alone,
    # else each run joins one more piece and a long document needs as many
    # runs as its longest paragraph has pieces.
    from cleandoc.model import Edit
    from cleandoc.normalizer.lines import broken_line
    from cleandoc.pipeline import apply_edits

    text = (
        "关于加强安全生产工作的通知\n"
        "各地要加强组织领导。切实落实责任，确保各项\n"
        "工作落到实处，形成工作合力，推动\n"
        "安全生产形势持续稳定向好，为经济\n"
        "社会发展创造良好环境。\n"
        "各部门要按照职责分工抓好落实（包括应急管理、\n"
        "交通运输、住房城乡建设等\n"
        "部门），推动各项措施落地见效。\n"
    )
    edits = sorted((e for e in broken_line(text, Config()) if isinstance(e, Edit)), key=lambda e: e.start)
    once, _ = apply_edits(text, edits)
    assert once.splitlines() == [
        "关于加强安全生产工作的通知",
        "各地要加强组织领导。切实落实责任，确保各项工作落到实处，形成工作合力，推动安全生产形势持续稳定向好，为经济社会发展创造良好环境。",
        "各部门要按照职责分工抓好落实（包括应急管理、交通运输、住房城乡建设等部门），推动各项措施落地见效。",
    ]
    assert broken_line(once, Config()) == []


COLUMNS = DATA / "columns"


@pytest.mark.parametrize("case", sorted(p.name[: -len(".in.txt")] for p in COLUMNS.glob("*.in.txt")))
def test_two_columns_set_one_after_the_other(case: str) -> None:
    # L106 alone: what the join rules then make of each column depends on the
    # whole document's evidence, not on an excerpt's
    config = Config(select=frozenset({"L106"}))
    src = (COLUMNS / f"{case}.in.txt").read_text(encoding="utf-8")
    want = (COLUMNS / f"{case}.out.txt").read_text(encoding="utf-8")
    result = clean(src, config)
    assert result.text == want
    assert sorted(HAN.findall(src)) == sorted(HAN.findall(result.text))
    assert clean(result.text, config).text == result.text, "not idempotent"


def test_two_columns_never_joined_into_one_sentence() -> None:
    # the whole pipeline on the excerpt: no line of the output holds the end of
    # a left-column line followed by the start of its right-column neighbour
    src = (COLUMNS / "report_side_column.in.txt").read_text(encoding="utf-8")
    out = clean(src).text
    for line in src.split("\n"):
        parts = re.split(r"(?<=\S) {4,}(?=\S)", line.strip())
        if len(parts) == 2 and min(len(HAN.findall(p)) for p in parts) >= 8:
            left, right = parts
            assert left.strip()[-4:] + right.strip()[:4] not in out.replace("\n", ""), line


def test_right_column_keeps_its_indentation() -> None:
    # a paragraph's first line is set in from its column's margin, the rest of
    # a wrapped heading is not: L106 keeps that, in the right column as in the left
    out = clean(
        (COLUMNS / "report_side_column.in.txt").read_text(encoding="utf-8"),
        Config(select=frozenset({"L106"})),
    )
    lines = out.text.split("\n")
    assert "   （三）注重宣传引导，及时回应公众关切" in lines
    assert "   一是保持信息公开透明。中国人民银行各级" in lines
    assert "分支机构结合当地实际情况，    及时发布权威信息，" in lines


# the whole pipeline: S103 drops the indentation after the first pass, and the
# next pass of L102 must not join what the indentation kept apart
_HEADINGS_ALONE = {
    "heading_in_right_column.md": [
        "（三）注重宣传引导，及时回应公众关切",
        "（一）强化组织领导，迅速准确传达政策要求",
    ],
    "heading_above_paragraph_layout.md": [
        "（三）金融机构服务民营企业能力不断增强",
        "（二）资本市场直接融资功能明显提升",
        "（三）风险投资服务科技初创企业效能不断增强",
        "（二）银行机构对科技型企业“看不懂”“摸不准”，服务能力与企业需求不匹配",
        "（三）融资配套机制不健全，金融服务环境有待改善",
        "（一）优化制度设计，拓宽股权投资渠道",
        "（二）细化风险评审，建立健全差异化的评估体系",
        "（三）推动完善科技金融配套，营造良好金融服务环境",
    ],
}


@pytest.mark.parametrize("name", sorted(_HEADINGS_ALONE))
def test_heading_never_joined_with_the_paragraph_under_it(name: str) -> None:
    out = clean((DATA / name).read_text(encoding="utf-8")).text.split("\n")
    for heading in _HEADINGS_ALONE[name]:
        assert heading in out


def test_paragraph_run_into_the_sentence_before_it_is_split() -> None:
    # a definitions article's two paragraphs on one line, a wide gap between them
    first = "收单机构的特约商户，是指与收单机构签约的法人或其他组织。"
    second = "个人客户的身份基本信息，包括：客户的姓名、国籍。"
    assert clean(f"{first}     {second}\n", CONFIG).text == f"{first}\n{second}\n"


@pytest.mark.parametrize(
    "line",
    [
        # a table row: a gap between each two cells
        "加强组织领导。     市委办公室  各区县\n",
        # a sentence end, then a short label rather than prose
        "全年完成目标任务。     单位：亿元\n",
        # a gutter a dozen characters wide: two columns met, L106's business, not a paragraph's
        "全年完成目标任务，完成情况良好。              各地区进一步加强组织领导，持续推进。\n",
        # ；and ： end no paragraph
        "各单位应当加强组织领导；     各地区进一步加强组织领导，持续推进。\n",
    ],
)
def test_gap_after_a_sentence_that_is_not_a_paragraph_break_stays(line: str) -> None:
    assert clean(line, Config(select=frozenset({"L104"}))).text == line


def test_sentence_gap_inside_interleaved_columns_is_not_a_paragraph_break() -> None:
    # lines 349-356 of the regional financial report: a left-column item and
    # the rest of a right-column heading on one line, the lines around it in
    # the right column: not two paragraphs of one column
    src = (DATA / "columns_gap_after_sentence.txt").read_text(encoding="utf-8")
    assert clean(src, Config(select=frozenset({"L104"}))).text == src


def test_two_columns_of_a_markdown_source_are_set_apart_too() -> None:
    # a PDF's extraction saved as .md (the regional financial report): the
    # indentation of its -layout lines is where the page set each column, not
    # Markdown syntax; keeping it kept every region of the side column interleaved
    config = Config(select=frozenset({"L106"}))
    src = (COLUMNS / "report_side_column.in.txt").read_text(encoding="utf-8")
    want = (COLUMNS / "report_side_column.out.txt").read_text(encoding="utf-8")
    assert clean(src, replace(config, markdown=True)).text == want


def test_page_number_of_a_markdown_extraction_is_removed() -> None:
    # lines 44-56 of web/agentsys_guizhou_qianfufa_2022_8_pdfextract.md: the
    # page number ` — ２ —` is indented by one space, which a Markdown source
    # protects; the number is still the page's, and the cut around it joined
    src = (DATA / "page_number_in_markdown_extraction.md").read_text(encoding="utf-8")
    got = clean(src, Config(select=L_CODES, markdown=True)).text
    assert "— ２ —" in src
    assert "—" not in got
    assert "其中规模以上工业企业" in got
    assert sorted(HAN.findall(src)) == sorted(HAN.findall(got))


def test_a_number_alone_on_its_line_is_not_glued_to_the_text_below() -> None:
    # the whole of web/agentsys_pbc_guizhou_financial_report_2024_summary_pdfextract.md
    # (a PDF extraction saved as .md): the page's number 2, between a word the
    # page cut (……为农业生 / 2 / 产组织提供……), is not text to glue into the
    # sentence; a number alone on its line is a page's, a footnote's or a cell
    src = (DATA / "number_alone_on_its_line.md").read_text(encoding="utf-8")
    got = clean(src, Config(select=L_CODES, markdown=True)).text
    glued = re.compile(r"(?m)^[ \t]*\d{1,4}[\u4e00-\u9fff“]")
    assert glued.search(src) is None
    assert glued.search(got) is None
    assert sorted(HAN.findall(src)) == sorted(HAN.findall(got))


def test_a_centred_title_of_a_markdown_extraction_is_joined() -> None:
    # the title at the top of web/agentsys_guizhou_14th_fyp_outline_pdfextract.md
    # as line repair reads it: its second line set in under the first (centred),
    # an indentation a Markdown source protects; it is the page's, the title one line
    src = "贵州省国民经济和社会发展第十四个五年规划\n     和2035年远景目标纲要\n\n目 录\n"
    got = clean(src, Config(select=L_CODES, markdown=True)).text
    assert got == "贵州省国民经济和社会发展第十四个五年规划和2035年远景目标纲要\n\n目 录\n"
