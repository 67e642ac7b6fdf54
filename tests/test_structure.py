"""The structure parse: what each line of a document is, and which lines make one block."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from shared_data import REAL, shared_files, shared_path

import cleandoc
from cleandoc.structure import (
    _COLUMN_HINT_RE,
    Evidence,
    Kind,
    Line,
    Wrap,
    _fits,
    _heading_rest,
    _indent_width,
    _new_line,
    _runs_items_on,
    _titled_levels,
    cells,
    classify,
    classify_lines,
    evidence,
    may_have_furniture,
    may_have_title_run,
    open_mark,
    parse,
    parse_lines,
    should_join,
    split_lines,
    title_runs,
    two_columns,
    wrap_width,
)
from cleandoc.text import spaces_inline_items

DATA = Path(__file__).parent / "data" / "lines"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("湘教通〔2018〕22号", Kind.DOC_NUMBER),
        ("杭政办函〔2025〕16 号", Kind.DOC_NUMBER),
        ("2025年4月30日", Kind.DATE),
        ("2025 年 4 月 30 日", Kind.DATE),
        ("二〇〇四年十一月四日", Kind.DATE),
        # a sentence that opens with a date
        ("2023年2月23日，中国人民银行会同银保监会、证监", Kind.PARAGRAPH),
        ("（此件主动公开）", Kind.NOTE),
        ("(此件公开发布)", Kind.NOTE),
        ("附件：1.政府网站集约化试点工作方案", Kind.ATTACHMENT),
        ("一、总体要求", Kind.HEADING),
        ("## 二、主要任务", Kind.HEADING),
        ("**一、工作目标**", Kind.HEADING),
        ("（一）指导思想。", Kind.HEADING),
        ("第三条 记分周期为十二个月。", Kind.HEADING),
        ("1.问题导向。针对政府网站存在的突出问题。", Kind.LIST_ITEM),
        ("（2）培育建设一批职教集团。", Kind.LIST_ITEM),
        ("— 1 —", Kind.PAGE_NUMBER),
        ("- 2 -", Kind.PAGE_NUMBER),
        ("第3页", Kind.PAGE_NUMBER),
        ("第 3 页 共 10 页", Kind.PAGE_NUMBER),
        ("组　长：韩　正　　国务院副总理", Kind.ROW),
        # an article number cited, not headed: the rest of a sentence the page cut
        ("第一百四十六条、第一百五十三条、第一百五十四条以及本规定", Kind.PARAGRAPH),
        ("第二十九条第一款,拒不执行特种设备安全监察指令的", Kind.PARAGRAPH),
        ("第二款确定数额的一倍以上三倍以下确定赔偿数额。", Kind.PARAGRAPH),
        ("第1款) 18．失火罪(第115条第2款）", Kind.PARAGRAPH),
        ("第十四条 机动车驾驶人有二起以上交通违法行为", Kind.HEADING),
        ("第一条为了规范专利代理行为", Kind.HEADING),
        ("为贯彻落实党中央、国务院关于加强全国网络安全和信息化工作有关部署。", Kind.PARAGRAPH),
        # a gap pdftotext left before a quote set in its own font is no cell gap
        # (beijing_2024_government_work_report.pdftotext-layout.txt, line 60)
        ("革引领和创造新需求，扎实推进国际消费中心城市建设，   “一圈一策”完成 15 个", Kind.PARAGRAPH),
        ("项目名称   “一圈一策”   15", Kind.ROW),
    ],
)
def test_classify(line: str, kind: Kind) -> None:
    assert classify(line)[0] is kind


def test_heading_levels() -> None:
    assert classify("一、总体要求")[1] == 1
    assert classify("（一）指导思想。")[1] == 2
    assert classify("1.问题导向。")[1] == 3
    assert classify("（1）培育。")[1] == 4


def test_header_elements() -> None:
    text = (DATA / "pdftotext_header.in.txt").read_text(encoding="utf-8")
    kinds = {ln.body: ln.kind for ln in classify_lines(text) if ln.kind is not None}
    assert kinds["ZJAC01-2025-0005"] is Kind.DOC_CODE
    assert kinds["杭州市人民政府办公厅文件"] is Kind.AGENCY
    assert kinds["杭政办函〔2025〕16 号"] is Kind.DOC_NUMBER
    assert kinds["杭州市人民政府办公厅关于"] is Kind.TITLE
    assert kinds["各区、县（市）人民政府，市政府各部门、各直属单位："] is Kind.ADDRESSEE
    assert kinds["杭州市人民政府办公厅"] is Kind.SIGNATURE
    assert kinds["2025 年 4 月 30 日"] is Kind.DATE
    assert kinds["（此件公开发布）"] is Kind.NOTE
    assert kinds["— 1 —"] is Kind.PAGE_NUMBER


def test_blocks_span_lines_with_offsets() -> None:
    text = "一、总体要求\n建设集约化平台，支持新技术、\n\n新应用、新功能的无缝对接。\n"
    blocks = parse(text)
    assert [b.kind for b in blocks] == [Kind.HEADING, Kind.PARAGRAPH]
    para = blocks[1]
    assert para.lines == (1, 3)
    assert para.joins == ("sentence",)
    assert (
        text[para.start : para.end].replace("\n", "")
        == "建设集约化平台，支持新技术、新应用、新功能的无缝对接。"
    )


def test_title_block() -> None:
    text = (DATA / "title_above_doc_number.in.txt").read_text(encoding="utf-8")
    first = parse(text)[0]
    assert first.kind is Kind.TITLE
    assert first.lines == (0, 1)
    assert first.joins == ("title",)


def test_one_paragraph_per_line_has_no_wrap_width() -> None:
    text = (DATA / "noop_statecouncil_header.in.txt").read_text(encoding="utf-8")
    assert wrap_width(classify_lines(text)) is None


def test_hard_wrap_width_inferred() -> None:
    text = (DATA / "hard_wrap_page_numbers.in.txt").read_text(encoding="utf-8")
    wrap = wrap_width(classify_lines(text))
    assert wrap is not None and (wrap.metric, wrap.width) == ("chars", 26)


def test_typeset_page_width_inferred() -> None:
    text = (DATA / "pdftotext_page_break.in.txt").read_text(encoding="utf-8")
    lines, _ = parse_lines(text)
    wrap = wrap_width(lines)
    assert wrap is not None and wrap.metric == "cells" and 52 <= wrap.width <= 58


def test_page_break_marked() -> None:
    text = "第一页的最后一行\n\f第二页的第一行\n"
    lines = classify_lines(text)
    assert [ln.page_break for ln in lines[:2]] == [False, True]
    assert lines[1].body == "第二页的第一行"


def test_open_mark() -> None:
    assert open_mark("你局《关于报送 2008 年北京奥运会首都国际机场协") == "《"
    assert open_mark("作为《解释》第七条：“催收同时符合下列") == "“"
    assert open_mark("按《浙江省人民政府关于全面加强基础科学研究的实施意见》") is None
    assert open_mark("建设集约化平台") is None


def test_blank_lines_mark_the_cuts() -> None:
    # a hard wrap that put a blank line between the pieces of a paragraph
    # and none between paragraphs (tests/data/lines/hard_wrap_blank_cuts_*)
    text = (DATA / "hard_wrap_blank_cuts_tight_paragraphs.in.txt").read_text(encoding="utf-8")
    assert evidence(classify_lines(text)).blank_cuts is True
    # one paragraph per line, blank lines everywhere: no evidence either way
    seed = (DATA / "llm_sentence_cut_no_width.in.txt").read_text(encoding="utf-8")
    assert evidence(classify_lines(seed)).blank_cuts is None


def test_signature_above_date_before_attachment() -> None:
    text = (
        "现将《方案》印发给你们，请认真贯彻执行。\n国务院\n2019年1月24日\n"
        "（此件公开发布）\n国家职业教育改革实施方案\n职业教育与普通教育是两种不同教育类型。\n"
    )
    kinds = {ln.body: ln.kind for ln in classify_lines(text) if ln.kind is not None}
    assert kinds["国务院"] is Kind.SIGNATURE


def test_common_width_when_no_wrap_stands_out() -> None:
    # the first lines of a text wrapped only in part, with spaces around numbers
    full = (DATA / "cut_inside_number_after_date.in.txt").read_text(encoding="utf-8")
    text = "\n".join(full.split("\n")[:18]) + "\n"
    ev = evidence(classify_lines(text))
    assert ev.wrap is None and ev.common_width == 29
    joined = [b for b in parse(text) if b.kind is Kind.DATE and len(b.lines) == 2]
    assert joined, "the date line cut inside 第1745次 is one block"


# ---------------------------------------------------------------- the fast paths keep the results


def test_cells_matches_east_asian_width() -> None:
    # cells() counts wide characters with a table built from unicodedata; the
    # definition is per character: W, F and A are two cells
    import unicodedata

    sample = "abc 中文，“引号”—— ①ａ\u3000\U00020000\U0001f600\u00e9\u0301\ufeff\ue000"
    for ch in sample:
        assert cells(ch) == (2 if unicodedata.east_asian_width(ch) in "WFA" else 1), repr(ch)
    assert cells(sample) == sum(cells(ch) for ch in sample)
    assert cells("") == 0 and cells("ascii only") == 10


def test_fast_line_constructor_builds_the_same_line() -> None:
    values = (3, 10, 20, 12, 19, "一、总体要求", 2, True, Kind.HEADING, 1, False, "一、总体要求", 2)
    assert _new_line(*values) == Line(*values)
    assert repr(_new_line(*values)) == repr(Line(*values))
    assert len(values) == len(fields(Line))


def test_parse_is_cached_but_callers_get_fresh_lists() -> None:
    text = "一、总体要求\n建设集约化平台，支持新技术、\n\n新应用、新功能的无缝对接。\n"
    lines, blocks = parse_lines(text)
    lines.clear()
    blocks.clear()
    again_lines, again_blocks = parse_lines(text)
    assert len(again_lines) == 5 and len(again_blocks) == 2
    listed = classify_lines(text)
    listed.pop()
    assert len(classify_lines(text)) == 5


def test_split_lines_is_unclassified() -> None:
    text = "一、总体要求\n\n— 2 —\n  正文 \n"
    lines = split_lines(text)
    assert [ln.kind for ln in lines] == [Kind.PARAGRAPH, None, Kind.PARAGRAPH, Kind.PARAGRAPH, None]
    assert all(ln.level is None for ln in lines)
    # the same text classified afterwards (a line already read) still gets its kind
    assert classify_lines(text)[0].level == 1


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # classify strips what surrounds the line before matching, as it always did
        ("\u3000（此件公开）\t", Kind.NOTE),
        ("  — 3 —  ", Kind.PAGE_NUMBER),
        ("**2025年4月30日**", Kind.DATE),
        ("## 湘教通〔2018〕22号", Kind.DOC_NUMBER),
        ("（此件公开）\n", Kind.NOTE),  # `$` matches before a final newline
    ],
)
def test_classify_unstripped_input(text: str, kind: Kind) -> None:
    assert classify(text)[0] is kind


def test_segment_cache_keeps_zero_width_characters_apart() -> None:
    # the same line read in a text without and with zero-width characters
    plain = classify_lines("建设集约化平台\n")[0]
    marked = classify_lines("建设\u200b集约化平台\n")[0]
    assert plain.body == "建设集约化平台" and marked.body == "建设集约化平台"
    assert marked.end - marked.start == len("建设\u200b集约化平台")


# The pre-checks may say True for nothing, never False for a text that has it.
_FURNITURE_CASES = [
    "正文。\n\n— 2 —\n\n正文。",
    "正文。\n  **— 2 —**  \n正文。",
    "正文。\n#  - 12 -\n正文。",
    "正文。\n—\u200b3\u200b—\n正文。",
    "正文。\n第 3 页，共 9 页\n正文。",
    "正文。\nPage 4 of 9\n正文。",
    "ZJAC01-2025-0005\n\n关于印发某办法的通知",
    "\u3000**ZJAC01-2025-0005**\n关于印发某办法的通知",
    "正文，\n\f继续。",
    "正文。\n\n某市2023年统计公报\n\n正文。\n\n某市2023年统计公报\n\n正文。\n\n某市2023年统计公报  \n",
    "总面积20.43万公顷，占全\n—\n\n16 —\n\n州国土面积6.8%。",
]


@pytest.mark.parametrize("text", _FURNITURE_CASES)
def test_may_have_furniture_sees_every_kind(text: str) -> None:
    lines = classify_lines(text)
    assert any((ln.kind is not None and ln.kind.furniture) or ln.page_break for ln in lines)
    assert may_have_furniture(text)


@pytest.mark.parametrize(
    "text",
    [
        "一、总体要求\n2020-2025年，全市推进。\n第一条 为了规范管理，制定本办法。",
        "各区、县（市）人民政府：\n现将有关事项通知如下。",
    ],
)
def test_may_have_furniture_false_for_prose(text: str) -> None:
    assert not may_have_furniture(text)


_BULLETIN = "某市2023年国民经济和社会发展统计公报"
_STATEMENT = "全年全市生产总值增长5.0%。"


def _kinds_of(text: str, body: str) -> list[Kind | None]:
    return [ln.kind for ln in classify_lines(text) if ln.body == body]


def test_title_repeated_between_paragraphs_is_a_running_header() -> None:
    # no page break or page number says where the pages are (a Word export):
    # the title written again and again between the paragraphs is furniture;
    # the same line as the document's title, in its header zone, stays
    body = f"\n\n{_STATEMENT}\n\n{_BULLETIN}" * 3
    assert _kinds_of(f"{_BULLETIN}\n\n某市统计局{body}", _BULLETIN) == [Kind.TITLE] + [Kind.RUNNING] * 3
    assert _kinds_of(f"引言。{body}", _BULLETIN) == [Kind.RUNNING] * 3


@pytest.mark.parametrize(
    "text",
    [
        # twice is what a document may well write itself (a title, its attachment's title)
        f"{_STATEMENT}\n\n{_BULLETIN}\n\n{_STATEMENT}\n\n{_BULLETIN}",
        # a sentence, however often it recurs, is text
        f"{_STATEMENT}\n\n根据规定，现印发统计公报\n\n" * 3,
        f"{_STATEMENT}\n\n一、统计公报\n\n" * 3,
    ],
)
def test_title_like_lines_that_are_no_running_header(text: str) -> None:
    assert not any(ln.kind is Kind.RUNNING for ln in classify_lines(text))


@pytest.mark.parametrize(
    "text",
    [
        "杭州市人民政府办公厅关于\n印发杭州市加快推进全国足球发展\n重点城市建设若干措施的通知\n各区人民政府：",
        "## 关于印发\n\n\n**某某工作方案的通知**\n各区人民政府：",
        "关于印发某某\n工作方案的通\u200b知  \n各区人民政府：",
        "关于印发某某\n\n— 1 —\n\n工作方案的通知\n各区人民政府：",
        "某省国民经济和社会发展第十四个五年规划\n和2035年远景目标纲要\n\n一、总体要求",
    ],
)
def test_may_have_title_run_sees_wrapped_titles(text: str) -> None:
    assert title_runs(classify_lines(text))
    assert may_have_title_run(text)


@pytest.mark.parametrize(
    "text",
    [
        "关于印发某某工作方案的通知\n各区人民政府：",
        "现将有关事项通知如下，请认真执行。\n特此通知",
        "单行",
    ],
)
def test_may_have_title_run_false_without_a_run(text: str) -> None:
    assert not title_runs(classify_lines(text))
    assert not may_have_title_run(text)


def _corpus_texts() -> list[str]:
    paths = shared_files("corpus/clean/*/*", "corpus/dirty/*/*", "seeds/*.txt")
    paths += sorted(p for p in REAL.rglob("*") if p.suffix in (".txt", ".md"))
    return [p.read_text(encoding="utf-8") for p in paths]


def test_pre_checks_hold_on_the_corpus() -> None:
    texts = _corpus_texts()
    for text in texts:
        lines = classify_lines(text)
        if not may_have_furniture(text):
            assert not any((ln.kind is not None and ln.kind.furniture) or ln.page_break for ln in lines)
        if not may_have_title_run(text):
            assert not title_runs(lines)


@given(st.lists(st.integers(min_value=0, max_value=200), max_size=60))
def test_window_counts_equal_a_sum_over_each_window(values: list[int]) -> None:
    from collections import Counter

    from cleandoc.structure import _window_counts

    counts = Counter(values)
    want = {w: sum(counts.get(v, 0) for v in range(w - 4, w + 3)) for w in counts}
    assert dict(_window_counts(counts, 4, 2)) == want


# A page width of 47 cells, as the certain cuts of the Qiandongnan bulletin
# (pdftotext -raw) give it; nothing else is known of the page.
_CUT_47 = Evidence(None, None, cut_low=47)


def _join(a: str, b: str, a_continues: bool = False) -> bool:
    # (after a paragraph of its own: the first line of a text may be its title)
    text = f"全年全州建筑业增加值128.77亿元，比上年增长4.6%。\n{a}\n{b}\n"
    _, first, second = (ln for ln in classify_lines(text) if ln.kind is not None)
    assert first.kind is not Kind.TITLE
    return should_join(first, second, None, None, 0, a_continues, blank_gap=False, evidence=_CUT_47)


def test_figure_goes_on_a_sentence_cut_at_the_width() -> None:
    # zhoukou_2023_statistical_communique.pdftotext-raw.txt, lines 641-642
    a = "年末全市民用汽车保有量 130.28 万辆，比上年末增长 2.9%，其中私人汽车"
    assert _join(a, "118.34 万辆，增长 1.0%。民用轿车保有量 59.29 万辆，下降 3.9%")
    # a year starts a paragraph of its own, and a table row is no sentence
    # (agentsys_guizhou_14th_fyp_outline_pdfextract.md, lines 447-448)
    assert not _join(a, "2023年，西部地区实现地区生产总值26.9万亿元")
    # after a closing bracket, and after an item whose sentences have begun
    # (agentsys_pbc_regional_financial_report_2024_pdfextract.md, lines 120-121)
    item = "1.固定资产投资平稳增长，投资结构不断优化。2023年，各地区锚定高质量发展目标，"
    item += "全国固定资产投资（不含农户）"
    assert _join(item, "50.3 万亿元，同比增长3.0%，资本形成总额拉动国内生产总值增长1.5个百分点。")
    assert not _join("1.固定资产投资平稳增长，投资结构不断优化（不含农户）", "50.3 万亿元，同比增长3.0%。")
    # (as the S rules leave them: `4 常住` is `4常住`)
    row = "4常住人口城镇化率             %     50以上         58左右             预期性"
    assert not _join(row, "5农产品加工转化率             %       50          70左右             预期性")


def test_first_line_of_a_paragraph_is_short_by_its_indentation() -> None:
    # qiandongnan_2023_statistical_communique.pdftotext-raw.txt, lines 607-608: 46 cells,
    # the page's 47 less the two characters pdftotext -raw dropped from its start
    a = "全年全州具有资质等级的总承包和专业承包建筑业企"
    assert _join(a, "业总产值增长3.5%，其中国有及国有控股企业产值增长")
    # a line that continues one above has no indentation to make up for
    assert not _join(a, "业总产值增长3.5%，其中国有及国有控股企业产值增长", a_continues=True)
    # a table's caption is as short, and its first header cell follows it (lines 1227-1228)
    assert not _join("2023年各级各类学校招生数、在校生数及其增长速度", "指标")


# The plain form of two_columns' hint: the character before the gap matched
# first. The pattern in structure opens with the gap instead (faster); both
# must pick the same lines.
_PLAIN_COLUMN_HINT_RE = re.compile(
    "[\u4e00-\u9fff，。、；：”）%][ \u3000]{4,}(?=[\u4e00-\u9fff“（\\d])"
    "|\n[ \u3000]{15,}(?=[\u4e00-\u9fff“（])"
)


def _hinted_lines(pattern: re.Pattern[str], text: str) -> set[int]:
    """Where the lines ``pattern`` hints at start."""
    out: set[int] = set()
    for m in pattern.finditer(text):
        at = m.start() + 1 if text[m.start()] == "\n" else m.start()
        out.add(text.rfind("\n", 0, at) + 1)
    return out


@given(
    st.lists(
        st.sampled_from(["中", "。", "，", "%", "“", "（", "1", "a", " ", " ", "\u3000", "\n"]), max_size=80
    )
)
def test_column_hint_finds_the_lines_of_its_plain_form(parts: list[str]) -> None:
    text = "".join(parts)
    assert _hinted_lines(_COLUMN_HINT_RE, text) == _hinted_lines(_PLAIN_COLUMN_HINT_RE, text)


def test_column_hint_finds_gaps_and_deep_indentation() -> None:
    lines = [
        "第一行",
        "文字。    右栏文字",
        " " * 15 + "右栏",
        " " * 14 + "不是",
        "abc    右",
        " " * 20 + "起首",
    ]
    text = "\n".join(lines)
    starts = [sum(len(s) + 1 for s in lines[:k]) for k in range(len(lines))]
    # a gap after prose, and indentations of 15 spaces or more (not 14; not after Latin letters)
    assert _hinted_lines(_COLUMN_HINT_RE, text) == {starts[1], starts[2], starts[5]}


@given(
    st.text(alphabet=st.sampled_from(["a", "中", " ", "\u3000", "，", "\U00020000", "é"]), max_size=30),
    st.integers(0, 70),
)
def test_column_widths_counted_in_c_are_cells(s: str, width: int) -> None:
    # two_columns measures an indentation and asks whether a piece fits
    # without always calling cells(); the answers must be cells' own
    indent = len(s) - len(s.lstrip(" \u3000"))
    assert _indent_width(s, indent) == cells(s[:indent])
    assert _fits(s, width) == (cells(s) <= width)


def _pair(a: str, b: str) -> tuple[Line, Line]:
    first, second = classify_lines(f"{a}\n{b}")
    return first, second


@pytest.mark.parametrize(
    ("a", "b", "rest"),
    [
        # a short line that ends the heading
        ("（二）细化风险评审，建立健全差异化的评", "估体系", True),
        # the paragraph under it: a sentence and more, a line that goes on
        ("（三）注重宣传引导，及时回应公众关切", "一是保持信息公开透明。中国人民银行各级", False),
        ("（一）优化制度设计，拓宽股权投资渠道", "多方面拓展科技型企业直接融资，", False),
        (
            "（一）优化制度设计，拓宽股权投资渠道",
            "多方面拓展科技型企业直接融资渠道增加创投基金的中长期",
            False,
        ),
        # one character before a clause mark: the rest of a cut word
        (
            "（二）清算机构应当会同成员机构对照本通知要求，制定存量支付受理终端管",
            "理、入网特约商户信息平台、支付受理终端位置监测等相关实施",
            True,
        ),
        # a heading with its text run in is a sentence, not a title
        (
            "（一）加强组织领导。各地要高度重视，切实",
            "加强领导确保工作落实形成合力推动安全生产形势持续稳定向好",
            True,
        ),
    ],
)
def test_heading_rest(a: str, b: str, rest: bool) -> None:
    assert _heading_rest(*_pair(a, b), cut_low=40) is rest


def test_titled_levels() -> None:
    # a report's headings end with no mark, a regulation's items with their own
    report = (
        "一、总体情况\n（一）注重宣传引导\n（二）强化组织领导\n（三）加强协调\n二、下一步工作\n三、困难和挑战"
    )
    assert _titled_levels(classify_lines(report)) == {1, 2}
    rules = "一、总则\n二、职责\n三、附则\n（一）客户异常的；\n（二）交易异常的；\n（三）其他。\n（四）变更"
    assert _titled_levels(classify_lines(rules)) == {1}


def test_page_number_split_over_two_lines() -> None:
    # pdftotext set the page number's first dash on a line of its own
    lines = classify_lines("总面积20.43万公顷，占全\n—\n\n16 —\n\n州国土面积6.8%。")
    assert [ln.kind for ln in lines if ln.kind is not None] == [
        Kind.PARAGRAPH,
        Kind.PAGE_NUMBER,
        Kind.PAGE_NUMBER,
        Kind.PARAGRAPH,
    ]


def test_footnote_numbers_are_told_from_page_numbers_by_the_page_count() -> None:
    # as in the regional financial report: the page's number stands after a
    # blank line (42) or, where a footnote's text ends the page, right under
    # it (43, the next page's count); a footnote's number (5) sits between
    # two lines of text out of that count
    from itertools import accumulate

    from cleandoc.structure import _footnote_numbers

    segs = [
        "左栏正文第一行，左栏正文",
        "",
        "                                   42",
        "第二页正文第一行，正文",
        "                                      5",
        "   “互换通”是指境内外投资者",
        "                                   43",
        "权平均利率仅为3.21%",
    ]
    text = "\n".join(segs) + "\n"
    starts = list(accumulate(map((1).__add__, map(len, segs)), initial=0))[: len(segs)]
    assert _footnote_numbers(text, starts) == frozenset({4})


def _fixture_kinds(name: str, body: str) -> list[Kind | None]:
    """The kinds of the lines of fixture ``name`` whose text is ``body``."""
    text = (DATA / name).read_text(encoding="utf-8")
    return [ln.kind for ln in classify_lines(text) if ln.body == body]


def test_signature_with_the_running_headers_words_stays() -> None:
    # 国务院办公厅 heads each of the six pages, and signs the notice above its date
    # at the end of page five, three lines above the page number: the document's own line
    kinds = _fixture_kinds("roundtrip_signature_like_header.layout.txt", "国务院办公厅")
    assert kinds.count(Kind.RUNNING) == 6
    assert len(kinds) == 7
    text = (DATA / "roundtrip_signature_like_header.layout.txt").read_text(encoding="utf-8")
    lines = classify_lines(text)
    signature = [i for i, ln in enumerate(lines) if ln.body == "国务院办公厅" and ln.kind is not Kind.RUNNING]
    assert [lines[i + 1].body for i in signature] == ["二〇〇四年一月十六日"]


def test_title_under_a_header_of_the_same_words_stays() -> None:
    # page one: the running header, two blank lines, then the document's own title
    kinds = _fixture_kinds("roundtrip_title_under_its_header.layout.txt", "互联网信息服务管理办法")
    assert kinds[0] is Kind.RUNNING
    assert kinds[1] is not Kind.RUNNING
    assert kinds[2:] == [Kind.RUNNING] * (len(kinds) - 2)


def test_table_header_cell_repeated_by_each_table_stays() -> None:
    # six tables laid out one cell per line, each with the header cell 说明 among its cells
    kinds = _fixture_kinds("roundtrip_table_header_cells.layout.txt", "说明")
    assert len(kinds) == 6
    assert not any(k is not None and k.furniture for k in kinds)


def test_numbered_header_after_a_garbled_footer_is_still_furniture() -> None:
    # the govcn printout: two footers have the page's text printed over them, so
    # their pages' ends go unseen; the header after the blank line is still one
    path = shared_path(
        "corpus", "dirty", "web", "agentsys_govcn_admin_reconsideration_law_browser_print_extract.txt"
    )
    lines = classify_lines(path.read_text(encoding="utf-8"))
    headers = [ln.kind for ln in lines if ln.body.startswith("2024/1/30 上午10:40 中华人民共和国行政复议法")]
    assert headers == [Kind.RUNNING] * 15


def test_raw_header_above_its_page_number_is_furniture_and_the_title_stays() -> None:
    # pdftotext -raw writes each page's header last, above the page's number
    # (…审核同意。 / 互联网信息服务管理办法 / 第2页共7页 / 第六条…); page one opens
    # 互联网信息服务管理办法 / 第1页共7页 / 互联网信息服务管理办法: the header above the title
    text = (DATA / "roundtrip_header_above_page_number.raw.txt").read_text(encoding="utf-8")
    out = cleandoc.clean(text, cleandoc.Config()).text
    assert [ln for ln in out.splitlines() if ln == "互联网信息服务管理办法"] == ["互联网信息服务管理办法"]
    assert out.startswith("互联网信息服务管理办法\n2000年9月25日")
    assert "页共7页" not in out


def test_line_cut_between_inline_list_items_keeps_their_space() -> None:
    # the list of charges sets its items a space apart after each article's bracket
    # (……罪（第114条） 15．爆炸罪……); the page cut some lines right there
    # (……第115条第1款） / 16．投毒罪……): the join keeps the space
    text = (DATA / "roundtrip_inline_list_items.layout.txt").read_text(encoding="utf-8")
    out = cleandoc.clean(text, cleandoc.Config()).text
    assert "第115条第1款） 16．投毒罪" in out
    assert re.search(r"）\d+．", out) is None


@pytest.mark.parametrize(
    ("text", "spaced"),
    [
        ("罪（第102条） 2．分裂国家罪（第103条） 3．煽动罪", True),
        # once is no habit of the text's
        ("罪（第102条） 2．分裂国家罪（第103条）3．煽动罪", False),
        # glued more often than spaced
        ("罪（第1条） 2．甲罪（第2条） 3．乙罪（第3条）4．丙罪（第4条）5．丁罪（第5条）6．戊罪", False),
        ("第一条　为了规范管理，制定本办法。", False),
    ],
)
def test_spaces_inline_items(text: str, spaced: bool) -> None:
    assert spaces_inline_items(text) is spaced


def test_header_over_both_pages_of_a_two_page_document_is_furniture() -> None:
    # 国务院办公厅 heads both pages of a two-page reply and signs it on page two
    kinds = _fixture_kinds("roundtrip_two_page_header.layout.txt", "国务院办公厅")
    assert kinds == [Kind.RUNNING, Kind.RUNNING, Kind.SIGNATURE]


# A one-page letter as pdftotext -raw gives it (tests/data/lines/cut_in_word_short_page): the first
# line of each paragraph lost its indentation of two characters, the widest lines are 28 wide.
_SHORT_PAGE = (
    "根据机构设置、人员变动情况和工作需要，国务院决定对国\n"
    "务院第二次全国污染源普查领导小组（以下简称领导小组）组成\n"
    "人员进行相应调整。现将调整后的名单通知如下：\n"
    "组 长：韩 正 国务院副总理\n"
    "领导小组办公室设在生态环境部，办公室主任由生态环境部\n"
    "副部长赵英民兼任。领导小组成员因工作变动等需要调整的，由\n"
    "所在单位向领导小组办公室提出，报领导小组组长审批。\n"
)


def test_short_page_width_from_widest_lines() -> None:
    # no line ends in a comma and no width is common: the two widest lines and
    # the three cuts between Han characters at them give the width
    assert evidence(classify_lines(_SHORT_PAGE)).cut_low == 56 * 7 // 8


@pytest.mark.parametrize(
    "text",
    [
        # one widest line only: a paragraph that is the longest, not a page's width
        _SHORT_PAGE.replace("审批。\n", "审批，并抄送国务院办公厅。\n").replace("组成\n", "\n"),
        # a text with one paragraph per line: its longest paragraphs end with a mark
        "一、总体要求\n"
        "根据机构设置、人员变动情况和工作需要，国务院决定对国务院第二次全国污染源普查领导小组组成人员进行相应调整。\n"
        "二、工作安排\n"
        "领导小组办公室设在生态环境部，办公室主任由生态环境部副部长赵英民兼任，负责日常工作的组织协调。\n",
    ],
)
def test_no_width_without_agreeing_widest_lines(text: str) -> None:
    assert evidence(classify_lines(text)).cut_low is None


def test_name_goes_on_after_its_bracketed_qualifier() -> None:
    # round trip seed 2026, gongwen/003 (国办发〔2004〕7号), pdftotext -raw
    a = "事故仍然时有发生。2003年5月13日，安徽省淮北矿业（集团）"
    assert _join(a, "公司芦岭煤矿发生特大瓦斯爆炸事故，造成86名矿工遇难。8月")
    # a note of its own after a sentence, a long aside: the paragraph may end there
    rest = "建立健全督查考核机制，确保各项"
    assert not _join("各地要加大对重点地区的支持力度，予以倾斜支持。（教育部负责）", rest)
    assert not _join("各地要加大对重点地区的支持力度，加快推进项目（发展改革委负责）", rest)


def test_narrow_gaps_inside_prose_make_no_columns() -> None:
    # one space between Han characters, the only one of each line, as a lost
    # comma leaves it: at widths that disagree it is no gap between columns;
    # a full left column puts every narrow gap at one width
    prose = [
        "各地要加强组织领导切实落实责任确保各项工作落到实处形成合力推动发展",
        "各部门要按照职责分工抓好落实包括应急管理交通运输住房城乡建设等部门",
        "推动各项措施落地见效为经济社会发展创造良好环境持续稳定向好的形势",
        "建立健全督查考核机制确保各项任务按期完成并定期通报有关情况和问题",
        "各级人民政府要将安全生产纳入经济社会发展总体规划统筹推进落实到位",
    ]
    at = [15, 24, 16, 22, 15]
    text = "\n".join(line[:k] + " " + line[k:] for line, k in zip(prose, at, strict=True)) + "\n"
    assert two_columns(text + "    \n") == []
    text = "\n".join(line[:16] + " " + line[16:] for line in prose) + "\n"
    assert two_columns(text + "    \n") != []


def test_unit_goes_on_a_figure_cut_at_the_width() -> None:
    # qiandongnan_2023_statistical_communique.pdftotext-raw.txt, lines 168-169
    a = "年末茶园面积 47.28 万亩，比上年增长 0.7%；茶叶产量 2.24"
    assert _join(a, "万吨，比上年增长 4.0%。年末果园面积 93.46 万亩，比上年")
    # (lines 1021-1022, a whole number)
    assert _join(
        "年末全州公路总里程 31700 公里，其中：高速公路 1236", "公里，普通国道 1449 公里，普通省道 2735"
    )
    # a footnote's number, its note under it (agentsys_pbc_regional_financial_report_2024_pdfextract.md
    # once its columns are set apart): no unit follows
    a = "成渝地区双城经济圈建设等国家战略部署，推动7"
    assert not _join(a, "西部地区包括内蒙古、广西、重庆、四川、贵州、云南、西藏、陕西、甘肃")


def test_page_width_of_a_raw_extraction_with_spaced_figures_and_wide_notes() -> None:
    """``pdftotext -raw`` of a statistical bulletin writes a space beside
    every figure (``17 个，疾病预防控制中心 17 个，…``) and sets its notes in
    a smaller type, wider in characters. Counted as cells, the spaced lines
    and the notes outnumbered what a page width allows to stand out, no
    width was found, and 51 lines cut inside a word stayed cut
    (``……坚强领导下，全`` / ``州上下深入贯彻……``)."""
    text = (DATA / "pdftotext_raw_figure_spaces.raw.txt").read_text(encoding="utf-8")
    wrap = wrap_width(classify_lines(text))
    assert wrap is not None and 48 <= wrap.width <= 54
    out = cleandoc.clean(text).text
    assert "州委州政府的坚强领导下，全州上下深入贯彻党的二十大精神" in out
    assert "食用菌收获面积" in out and "蔬菜产量389.84万吨" in out


@pytest.mark.parametrize(
    ("body", "runs_on"),
    [
        # round trip seed 16, 罪名的意见, pdftotext -raw: items one after another
        ("338．贪污罪（第382条） 339．挪用公款罪（第384条）", True),
        ("款）3．煽动分裂国家罪（第103条第2款）4．武装叛乱、暴乱", True),
        # figures and a lone item are no list run on
        ("全年增长4.6%，比上年5.2%，其中6．", False),
        ("1．背叛国家罪（第102条）", False),
        ("2023年5．6亿元，增长7．8个百分点", False),
    ],
)
def test_items_run_on(body: str, runs_on: bool) -> None:
    assert _runs_items_on(body) is runs_on


def test_number_alone_after_a_sentence_end_is_not_its_rest() -> None:
    # web/agentsys_pbc_regional_financial_report_2024_pdfextract.md: a footnote's
    # number under a full line of a -layout page (left column) that ends a sentence
    text = "支持前海深港服务业合作区的意见》（简称“前海金融30条”）。\n12\n"
    a, b = (ln for ln in classify_lines(text) if ln.kind is not None)
    assert not should_join(a, b, Wrap("cells", 56, 52, 60), 0, 0, True, blank_gap=False)


@pytest.mark.parametrize(
    ("number", "before", "after", "page"),
    [
        # web/agentsys_pbc_regional_financial_report_2024_pdfextract.md, its form feed gone
        (
            "                        1",
            "分区域看，东部地区固定",
            "资产投资同比增长 4.4%，保持较快增速。",
            True,
        ),
        # a footnote's number stands at the margin
        ("1", "三是物价稳中有降，就业民生保", "“四区一高地”是指：西部大开发综合改革示范区。", False),
        # a sentence that ended: nothing says the number is no cell or item
        (" " * 24 + "1", "保持较快增速。", "资产投资同比增长 4.4%，保持较快增速。", False),
    ],
)
def test_number_set_in_inside_a_sentence_is_a_page_number(
    number: str, before: str, after: str, page: bool
) -> None:
    text = f"{before}\n\n{number}\n{after}\n"
    kinds = [ln.kind for ln in classify_lines(text) if ln.body == "1"]
    assert kinds == [Kind.PAGE_NUMBER if page else Kind.PARAGRAPH]
    assert may_have_furniture(text) or not page
