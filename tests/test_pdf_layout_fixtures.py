"""PDFs printed by headless Chromium, read back (issue 16, second round).

Chromium's text layer is not reportlab's: PDFium gives its glyphs their own
boxes (a narrow 目 or an opening 〈 leaves a blank in its em), its spaces are
not characters of the text layer, and justification spreads every gap of a
line. The fixtures in ``tests/data/pdf`` were made once by
``tests/data/pdf/make_fixtures.py`` (each ``NAME.html`` printed to
``NAME.pdf``; ``NAME.txt`` is the text to read back), so these tests need no
Chromium. Each holds one fix made from ``bench/pdf_roundtrip.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pypdfium2", reason="PDF input needs the pdf extra (pip install -e '.[pdf]')")

import cleandoc
from cleandoc.config import Config
from cleandoc.pdf import clean_pdf, read_pages
from cleandoc.pdf_layout import Char, Page, layout_text

DATA = Path(__file__).resolve().parent / "data" / "pdf"


def read_back(name: str) -> tuple[str, str]:
    """(the layout's text of NAME.pdf, the text it must be)."""
    path = DATA / f"{name}.pdf"
    return layout_text(read_pages(path, path.name)).text, (DATA / f"{name}.txt").read_text("utf-8")


def test_two_columns_closer_than_a_cell_gap_are_cut_at_the_gutter() -> None:
    # 1.4 ems between the columns: each row is one piece until the gutter,
    # found in its wide gaps, cuts it (a left line ends in 》 at the edge)
    text, expected = read_back("gutter")
    assert text == expected


def test_a_column_holding_a_name_list_among_its_paragraphs_is_still_a_column() -> None:
    text, expected = read_back("name_column")
    assert text == expected
    # a name list: written as the document wrote it, not as table cells
    assert "刘金国　　公安部副部长" in text.splitlines()


def test_spaces_are_read_as_chromium_prints_them() -> None:
    # 第一条 为了 (a half-width space, in the serif and in a sans face), no
    # space around the narrow glyphs of 项目目标 or 二日, none before 〈
    text, expected = read_back("spaces")
    assert text == expected


def test_a_line_stretched_by_justification_reads_no_spaces() -> None:
    # 人员为 spread a third of an em apart before a number that did not fit
    text, expected = read_back("stretched")
    assert text == expected


def test_a_wrapped_centred_title_and_a_wrapped_name_list_row_are_one_line_each() -> None:
    text, expected = read_back("title_names")
    assert text == expected


def test_a_caption_with_spaces_above_a_tab_separated_table_is_cleaned_as_prose() -> None:
    # the caption has as many gaps as the header row has cells: it was taken
    # for a row of the table, and its spaces were kept (zhoukou's 表 5 and 表 6)
    rows = [
        "表 5 2023 年周口市规模以上工业主要产品产量及增速",
        "产品名称\t单位\t产量\t比上年增长（%）",
        "钢材\t吨\t1577693\t48.8",
        "糖果\t吨\t26073\t-3.3",
    ]
    out = cleandoc.clean("\n".join(rows) + "\n", Config()).text.splitlines()
    assert out[0] == "表5 2023年周口市规模以上工业主要产品产量及增速"
    assert out[1:] == rows[1:]


def test_a_title_across_a_page_whose_text_fills_one_column_shows_no_edge_of_the_text() -> None:
    # the title's lines end together far right of the column: taken for the
    # right edge, no line of the column reached it and every one was cut
    text, expected = read_back("title_one_column")
    assert text == expected


def test_a_full_width_space_next_to_a_number_and_a_two_em_bar_are_kept() -> None:
    # 发布　2018年 read as a space the rules then removed; ―― shaped as one
    # glyph of two ems, its two characters in one box, read as one drawn twice
    text, expected = read_back("marks")
    assert text == expected


def test_a_name_list_keeps_its_padded_names_and_full_width_spaces() -> None:
    # 孙　尧 set in the width of three characters is the document's padding,
    # not letter-spacing; the post two ems right of the name is not a table
    # cell (it was 组长：韩正<TAB>国务院副总理)
    text, expected = read_back("name_list")
    assert text == expected
    assert "张　勇　　发展改革委副主任" in text.splitlines()
    # and the cleaning keeps them as written
    path = DATA / "name_list.pdf"
    cleaned = clean_pdf(read_pages(path, path.name), path.name, Config())[1].text
    assert cleaned.splitlines() == expected.splitlines()


def test_a_table_row_of_figures_is_no_name_list() -> None:
    # the cells of a table (a label padded as a name is, figures beside it)
    # stay tab-separated, its label's letter-spacing left out
    def row(y: float, cells: list[tuple[float, str]]) -> list[Char]:
        out = []
        for x, text in cells:
            for i, ch in enumerate(text):
                w = 12.0 if ord(ch) > 0x2000 else 6.0
                out.append(
                    Char(ch, x + (12.0 * i if w == 12.0 else 6.0 * i), y, x + 12.0 * i + w, y + 12, 12)
                )
        return out

    chars = row(700, [(72, "指"), (96, "标"), (160, "年末数")])
    chars += row(680, [(72, "林"), (96, "业"), (160, "86.95")])
    text = layout_text([Page(595, 842, chars)]).text
    assert text.splitlines() == ["指标\t年末数", "林业\t86.95"]


def test_a_list_run_in_its_paragraph_goes_on_after_a_semicolon_at_the_edge() -> None:
    # （1）有专职工作人员； ends the first line at the right edge and （2）
    # opens the next: the list is run in (its （1） stands inside the
    # paragraph), so the paragraph goes on; it was cut before （2）
    text, expected = read_back("run_in_list")
    assert text == expected


def test_two_figure_captions_on_one_line_are_one_line_as_written() -> None:
    # 图5　汽车前号牌 six ems left of 图6　汽车后号牌: not two table cells
    text, expected = read_back("captions")
    assert text == expected


def test_a_gbt9704_page_reads_its_red_header_title_on_the_grid_and_record() -> None:
    # a 22 pt title set two lines of the 16 pt grid a line (a blank of 1.6
    # ems: it was read as three lines, the last `复` alone); the page numbers
    # at alternating outer edges left out; the 版记's two cells a row
    text, expected = read_back("gbt9704")
    assert text == expected
    path = DATA / "gbt9704.pdf"
    furniture = layout_text(read_pages(path, path.name)).furniture
    assert [(f.page, f.kind) for _, f in furniture] == [(n, "page number") for n in (1, 2, 3)]


def test_a_half_width_space_between_han_on_a_grid_closer_than_the_em_is_kept() -> None:
    # the GB/T 9704 grid sets characters 0.013 em closer than their em, and
    # Noto's space of 0.224 em left a blank of 0.198 em at the gap (`第一章
    # 总则` was read `第一章总则`): a space is read beyond the line's own
    # spacing, below 0 too
    text, expected = read_back("grid_spaces")
    assert text == expected
    assert "第一章 总则\n" in text and "中共中央办公厅 国务院办公厅\n" in text
