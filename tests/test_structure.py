"""The structure parse: what each line of a document is, and which lines make one block."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleandoc.structure import Kind, classify, classify_lines, parse, parse_lines, wrap_width

DATA = Path(__file__).parent / "data" / "lines"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("湘教通〔2018〕22号", Kind.DOC_NUMBER),
        ("杭政办函〔2025〕16 号", Kind.DOC_NUMBER),
        ("2025年4月30日", Kind.DATE),
        ("2025 年 4 月 30 日", Kind.DATE),
        ("二〇〇四年十一月四日", Kind.DATE),
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
        ("为贯彻落实党中央、国务院关于加强全国网络安全和信息化工作有关部署。", Kind.PARAGRAPH),
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
