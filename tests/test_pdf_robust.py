"""PDFs as WPS, Word, scanners and old converters write them (issue 16, third
round): fake bold drawn by overprinting, a scanner's invisible OCR layer,
glyphs without Unicode, landscape pages, text outside the crop box, vertical
text. The fixtures in ``tests/data/pdf`` were made once with reportlab (and
one by hand) by ``tests/data/pdf/make_robust.py``: ``NAME.pdf`` and
``NAME.txt``, the text the layout must read back. Whatever cannot be read is
said, by page, in a warning; nothing is dropped or garbled silently."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pypdfium2", reason="PDF input needs the pdf extra (pip install -e '.[pdf]')")

from cleandoc.config import Config
from cleandoc.model import Result
from cleandoc.pdf import clean_pdf, read_pages
from cleandoc.pdf_layout import Char, Layout, Page, layout_text
from cleandoc.reader import InputError

DATA = Path(__file__).resolve().parent / "data" / "pdf"


def read(name: str, config: Config | None = None) -> tuple[Layout, Result, str]:
    """(the layout of NAME.pdf, its cleaned result, the text it must read back)."""
    path = DATA / f"{name}.pdf"
    layout, result = clean_pdf(read_pages(path, path.name), path.name, config or Config())
    return layout, result, (DATA / f"{name}.txt").read_text("utf-8")


def warnings(result: Result, code: str) -> list[str]:
    return [w.message for w in result.warnings if w.code == code]


def test_fake_bold_drawn_two_to_four_times_is_read_once_and_text_drawn_doubled_is_kept() -> None:
    # the title drawn twice whole, a heading glyph by glyph three times, a
    # word four times (2 pt right and up): each character read once
    layout, result, expected = read("overprint")
    assert layout.text == expected
    # the copies PDFium keeps (the title's second one at least) reach the layout
    assert layout.overprinted >= 11
    # the layout has undoubled by position: the fake-bold rule (C108), which
    # guesses from the text, would undouble what the page draws doubled
    assert result.text.splitlines()[-2:] == ["第第一一章章　总总则则", "中中华华人人民民共共和和国国"]
    assert not [c for c in result.changes if c.code == "C108"]
    assert "人人参与，谢谢支持" in result.text


def test_an_invisible_ocr_layer_over_a_scan_is_read_in_order_and_a_page_without_it_reported() -> None:
    # text render mode 3 over a page image, word by word, squeezed, not level
    layout, result, expected = read("ocr_layer")
    assert layout.text == expected
    assert layout.pages_without_text == [2]
    # page 2: a line stamped up the margin of a scan is read, and is no text
    # layer: the page is reported (it was not: it held text)
    assert warnings(result, "L190") == [
        "page 2 holds images and only 6 characters of text (a scanned page?): "
        "the images' content is not in the output"
    ]


def test_glyphs_without_unicode_are_counted_by_page_and_the_rest_read() -> None:
    # a Type 3 font without ToUnicode (PDFium gives the bare codes 1, 2, 3:
    # they were dropped unsaid) and one mapping to private use and U+FFFD
    layout, result, expected = read("no_unicode")
    assert layout.text == expected
    assert "\ufffd" not in result.text
    assert warnings(result, "L192") == [
        "page 1: 7 glyph(s) whose font maps them to no character (no ToUnicode) "
        "could not be read and are not in the output"
    ]
    # the warning names the line where the first unread glyph stood
    assert [w.line for w in result.warnings if w.code == "L192"] == [3]
    # the glyphs left where they stood: 的意见。 is not an indented line of its own
    # beside a gap, and private-use characters go to the font-fault rules as in text input
    assert [w.line for w in result.warnings if w.code == "C106"] == [4]


def test_a_pdf_whose_glyphs_all_lack_unicode_is_an_error_saying_so() -> None:
    # it said "the PDF holds no text"
    path = DATA / "no_unicode_only.pdf"
    with pytest.raises(
        InputError, match=r"no_unicode_only.pdf: the PDF's 6 glyphs have no Unicode characters"
    ):
        clean_pdf(read_pages(path, path.name), path.name, Config())


def test_landscape_pages_are_read_turned_back_and_invisible_text_is_left_out() -> None:
    # page 2: /Rotate 90 with its content drawn turned; page 3: a table set
    # across a portrait page under a watermark at 45 degrees; page 4: text
    # outside its crop box and a line white on white; page 5: a table set
    # across a page of text; page 6: white text on a dark box. The tables were
    # left out as rotated text, the invisible text read into the body.
    layout, result, expected = read("rotated")
    assert layout.text == expected
    assert layout.turned == [(2, 1), (3, 1), (5, 1)]
    # page 5: a small table set across the page under its text is read after
    # it; a note down the margin, one line, is left out and reported
    assert warnings(result, "L191") == [
        "page 3: rotated text left out (4 characters): '内部资料'",
        "page 5: rotated text left out (6 characters): '此件公开发布'",
    ]
    assert warnings(result, "L193") == [
        "page 4: text outside the page's visible box left out (11 characters): '草稿残留旧版页眉不可见'",
        "page 4: text drawn white on a white page left out (9 characters): '白色文字读者看不见'",
    ]
    # white on a dark box (page 6) is seen, and read
    assert "白字标题：主要指标说明" in layout.text.splitlines()


def test_vertical_text_is_read_column_by_column_right_to_left_and_reported() -> None:
    # it was read across the columns, one character of each a line
    layout, result, expected = read("vertical")
    assert layout.text == expected
    assert warnings(result, "L194") == [
        "page 1 is set vertically (竖排): read column by column, right to left; check the order"
    ]
    # and the warning can be turned off like any rule's
    _, quiet, _ = read("vertical", Config(ignore=frozenset({"L194"})))
    assert not warnings(quiet, "L194") and quiet.text == result.text


def test_text_set_solid_and_a_table_of_figures_are_not_vertical() -> None:
    # lines one em apart stand in columns too, but side by side as closely;
    # a table's figures stand in columns a line pitch apart
    def line(x: float, y: float, text: str, size: float = 12) -> list[Char]:
        return [Char(ch, x + size * i, y, x + size * (i + 1), y + size, size) for i, ch in enumerate(text)]

    solid = [
        c for k in range(6) for c in line(72, 700 - 12 * k, "国务院关于进一步优化营商环境的意见"[k:] + "。")
    ]
    assert "\n" in layout_text([Page(595, 842, solid)]).text
    assert not layout_text([Page(595, 842, solid)]).vertical
    table = [c for k in range(8) for c in line(72, 700 - 20 * k, "地区") + line(200, 700 - 20 * k, "城区")]
    assert not layout_text([Page(595, 842, table)]).vertical
