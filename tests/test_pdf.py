"""PDF input (issue 16): the text layer read with its layout, cleaned, written
as NAME.txt. The PDFs are made here with reportlab (its built-in Adobe CID
font STSong-Light needs no font file) and pypdfium2 (image objects)."""

from __future__ import annotations

import importlib
import itertools
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

pytest.importorskip("pypdfium2", reason="PDF input needs the pdf extra (pip install -e '.[pdf]')")
pytest.importorskip("reportlab", reason="the test PDFs are made with reportlab (in the dev extra)")

import pypdfium2
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from shared_data import real_clean_docs, shared_path

import cleandoc
from cleandoc import pdf
from cleandoc.config import Config
from cleandoc.pdf_layout import Char, Page, han_count, layout_text
from cleandoc.reader import Source
from cleandoc.rules import all_rules
from cleandoc.runner import Job, process

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
A4 = (595.0, 842.0)

# (x, y, text, size): one drawString each
Item = tuple[float, float, str, float]

HAN = "国务院关于进一步优化营商环境更好服务市场主体的实施意见各地区各部门要坚持以人民为中心的发展思想"


def han(n: int, start: int = 0) -> str:
    """``n`` Han characters of running text (no punctuation: only the layout says where lines end)."""
    return "".join(HAN[(start + i) % len(HAN)] for i in range(n))


def make_pdf(
    path: Path, pages: Sequence[Sequence[Item]], password: str | None = None, rotated: str = ""
) -> Path:
    """A PDF of ``pages``; ``rotated``: a text drawn at 45 degrees on the first page (a watermark)."""
    kwargs = {"encrypt": StandardEncryption(password, "owner")} if password else {}
    c = canvas.Canvas(str(path), pagesize=A4, **kwargs)
    for n, items in enumerate(pages):
        for x, y, text, size in items:
            c.setFont(FONT, size)
            c.drawString(x, y, text)
        if rotated and n == 0:
            c.saveState()
            c.translate(200, 300)
            c.rotate(45)
            c.setFont(FONT, 40)
            c.drawString(0, 0, rotated)
            c.restoreState()
        c.showPage()
    c.save()
    return path


def add_image_page(path: Path, at: int | None = None) -> Path:
    """Insert a page holding only an image (a scanned page) into ``path``."""
    doc = pypdfium2.PdfDocument(path) if path.exists() else pypdfium2.PdfDocument.new()
    page = doc.new_page(*A4, index=at)
    bitmap = pypdfium2.PdfBitmap.new_native(20, 20, pypdfium2.raw.FPDFBitmap_BGR)
    image = pypdfium2.PdfImage.new(doc)
    image.set_bitmap(bitmap)
    image.set_matrix(pypdfium2.PdfMatrix().scale(300, 300).translate(100, 400))
    page.insert_obj(image)
    page.gen_content()
    out = path.with_name(path.stem + ".tmp.pdf")
    doc.save(out)
    doc.close()
    out.replace(path)
    return path


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "cleandoc", *args],
        capture_output=True,
        cwd=cwd,
        env=env,
        text=True,
        timeout=120,
    )


def text_of(path: Path) -> str:
    pages = pdf.read_pages(path, path.name)
    return pdf.clean_pdf(pages, path.name, Config())[1].text


# ---------------------------------------------------------------------------
# layout: paragraphs, furniture, columns, tables

LEFT, SIZE = 90.0, 16.0  # a 26-character line of 16 pt runs from 90 to 506
INDENTED = LEFT + 2 * SIZE


def test_lines_reaching_the_right_edge_are_joined_and_an_indent_or_short_line_starts_a_paragraph(
    tmp_path: Path,
) -> None:
    p1 = [han(24, 0), han(26, 24), han(10, 50) + "。"]  # indented, full, short
    p2 = [han(24, 3), han(25, 7) + "。"]  # indented, full: ends at the edge...
    p3 = [han(24, 11) + "。"]  # ...but the next line is indented: a new paragraph
    items: list[Item] = []
    y = 760.0
    for para in (p1, p2, p3):
        for i, line in enumerate(para):
            items.append((INDENTED if i == 0 else LEFT, y, line, SIZE))
            y -= 28
    text = text_of(make_pdf(tmp_path / "p.pdf", [items]))
    assert text.splitlines() == ["".join(p1), "".join(p2), "".join(p3)]


def test_a_heading_after_a_sentence_at_the_right_edge_starts_a_paragraph_even_without_indent(
    tmp_path: Path,
) -> None:
    items: list[Item] = [
        (INDENTED, 760, han(24), SIZE),
        (LEFT, 732, han(25, 24) + "。", SIZE),  # a full line that ends a sentence
        (LEFT, 704, "（二）" + han(10, 3), SIZE),  # a heading at the left edge
        (LEFT, 676, han(25, 30) + "。", SIZE),
        (LEFT, 648, han(25, 3) + "。", SIZE),  # ...while a plain line there goes on
        (LEFT, 620, han(10, 5) + "。", SIZE),
    ]
    text = text_of(make_pdf(tmp_path / "h.pdf", [items]))
    assert text.splitlines() == [
        han(24) + han(25, 24) + "。",
        "（二）" + han(10, 3),
        han(25, 30) + "。" + han(25, 3) + "。" + han(10, 5) + "。",
    ]


def test_a_list_run_in_goes_on_after_a_semicolon_but_a_note_item_after_a_full_stop_does_not(
    tmp_path: Path,
) -> None:
    items: list[Item] = [
        (INDENTED, 760, han(24), SIZE),
        (LEFT, 732, "条件：（1）" + han(19, 3) + "；", SIZE),  # （1） inside, ； at the edge
        (LEFT, 704, "（2）" + han(10, 5) + "。", SIZE),  # the list goes on
        (INDENTED, 676, han(24, 7), SIZE),
        (LEFT, 648, "注：1、" + han(21, 2) + "。", SIZE),  # a note's first item, 。 at the edge
        (LEFT, 620, "2、" + han(10, 9) + "。", SIZE),  # its second item on a line of its own
    ]
    text = text_of(make_pdf(tmp_path / "l.pdf", [items]))
    assert text.splitlines() == [
        han(24) + "条件：（1）" + han(19, 3) + "；" + "（2）" + han(10, 5) + "。",
        han(24, 7) + "注：1、" + han(21, 2) + "。",
        "2、" + han(10, 9) + "。",
    ]


def test_full_lines_show_the_left_edge_where_indented_short_lines_outnumber_them(tmp_path: Path) -> None:
    # a table set one cell a line, each cell a paragraph indented two ems,
    # outnumbers the full lines: the edge is where the full lines start, so
    # the indented 一、 after a paragraph that ends at the right edge is a new
    # paragraph (it was joined: 批复如下：一、深圳湾……)
    items: list[Item] = [
        (INDENTED, 760, han(24), SIZE),
        (LEFT, 732, han(26, 24), SIZE),
        (LEFT, 704, han(25, 50) + "：", SIZE),
        (INDENTED, 676, "一、" + han(10, 3) + "。", SIZE),
    ]
    items += [(INDENTED, 648 - 28 * i, f"{15172 + 7 * i}.500", SIZE) for i in range(14)]
    text = text_of(make_pdf(tmp_path / "edge.pdf", [items]))
    assert text.splitlines()[:3] == [
        han(24) + han(26, 24) + han(25, 50) + "：",
        "一、" + han(10, 3) + "。",
        "15172.500",
    ]


def test_a_blank_space_between_lines_ends_the_paragraph(tmp_path: Path) -> None:
    items: list[Item] = [(LEFT, 760, han(25) + "。", SIZE), (LEFT, 700, han(26, 5) + "。", SIZE)]
    text = text_of(make_pdf(tmp_path / "gap.pdf", [items]))
    assert text.splitlines() == [han(25) + "。", han(26, 5) + "。"]


def _page_with_furniture(n: int, body: Sequence[Item]) -> list[Item]:
    return [
        (200, 800, "某某市人民政府办公厅文件", 12),  # running header
        *body,
        (280, 40, f"— {n} —", 12),  # page number
    ]


def test_page_numbers_and_running_headers_are_removed_reported_and_the_sentence_joined_across_pages(
    tmp_path: Path,
) -> None:
    pages = [
        _page_with_furniture(1, [(INDENTED, 700, han(24), SIZE), (LEFT, 672, han(26, 24), SIZE)]),
        _page_with_furniture(2, [(LEFT, 700, han(26, 50), SIZE), (LEFT, 672, han(5, 4) + "。", SIZE)]),
        _page_with_furniture(3, [(INDENTED, 700, han(12, 9) + "。", SIZE)]),
    ]
    path = make_pdf(tmp_path / "f.pdf", pages)
    _, result = pdf.clean_pdf(pdf.read_pages(path, "f.pdf"), "f.pdf", Config())
    assert result.text.splitlines() == [
        han(24) + han(26, 24) + han(26, 50) + han(5, 4) + "。",
        han(12, 9) + "。",
    ]
    removed = [(c.code, c.old.replace(" ", ""), c.note) for c in result.changes if c.code == "L101"]
    assert len(removed) == 6
    assert ("L101", "—2—", "page 2: page number") in removed
    assert ("L101", "某某市人民政府办公厅文件", "page 3: running header") in removed
    assert all(c.removed for c in result.changes if c.code == "L101")


def test_a_line_repeated_inside_the_pages_is_text_not_furniture(tmp_path: Path) -> None:
    # a table's cell (说明, a column heading of a table set one cell a line)
    # repeated in the middle of every page: the layout, which knows where it
    # stands, keeps it; the text path's furniture rule, which guesses from
    # repetition alone, took it for a running header and removed it
    pages = [
        _page_with_furniture(
            n,
            [
                (INDENTED, 700, han(12, 3 * n) + "。", SIZE),
                (LEFT, 600, "说明", SIZE),
                (INDENTED, 500, han(10, 5 * n) + "。", SIZE),
            ],
        )
        for n in (1, 2, 3)
    ]
    text = text_of(make_pdf(tmp_path / "cell.pdf", pages))
    assert text.splitlines().count("说明") == 3


def test_a_line_like_a_header_on_one_page_only_is_kept(tmp_path: Path) -> None:
    pages = [
        [(200, 800, "某某市人民政府办公厅文件", 12), (INDENTED, 700, han(12) + "。", SIZE)],
        [(INDENTED, 700, han(12, 3) + "。", SIZE)],
        [(INDENTED, 700, han(12, 6) + "。", SIZE)],
    ]
    text = text_of(make_pdf(tmp_path / "once.pdf", pages))
    assert text.splitlines()[0] == "某某市人民政府办公厅文件"


def test_a_table_header_repeated_at_the_top_of_every_page_is_kept(tmp_path: Path) -> None:
    header = [(100, 790, "指标名称", 12), (300, 790, "单位", 12), (420, 790, "比上年增长", 12)]
    row = [(100, 760, "地区生产总值", 12), (300, 760, "亿元", 12)]
    pages = [[*header, *row, (420, 760, f"{n}.5", 12)] for n in (1, 2)]
    text = text_of(make_pdf(tmp_path / "th.pdf", pages))
    assert text.splitlines() == [
        "指标名称\t单位\t比上年增长",
        "地区生产总值\t亿元\t1.5",
        "指标名称\t单位\t比上年增长",
        "地区生产总值\t亿元\t2.5",
    ]


def test_two_columns_are_read_column_by_column(tmp_path: Path) -> None:
    # a full-width title, then two columns of 13 characters of 16 pt
    items: list[Item] = [(150, 780, "关于两栏排版文件的测试标题", 20)]
    left = [han(11, 0), han(13, 11), han(13, 24), han(6, 37) + "。"]
    right = [han(11, 5), han(13, 16), han(13, 29), han(4, 42) + "。"]
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        indent = 2 * SIZE if i == 0 else 0
        items.append((60 + indent, 720 - 26 * i, a, SIZE))
        items.append((320 + indent, 720 - 26 * i, b, SIZE))
    text = text_of(make_pdf(tmp_path / "cols.pdf", [items]))
    assert text.splitlines() == ["关于两栏排版文件的测试标题", "".join(left), "".join(right)]


def test_a_side_box_beside_the_text_is_read_after_it(tmp_path: Path) -> None:
    # the main text in 20-character lines from 60 (to 380), a box of 10-character lines from 420
    main = [han(18, 0), han(20, 18), han(20, 38), han(20, 58), han(7, 78) + "。"]
    box = ["名词解释：", han(10, 3), han(10, 13), han(10, 23), han(4, 33) + "。"]
    items: list[Item] = []
    for i, line in enumerate(main):
        items.append((60 + (2 * SIZE if i == 0 else 0), 720 - 26 * i, line, SIZE))
    for i, line in enumerate(box):
        items.append((420, 700 - 26 * i, line, SIZE))
    text = text_of(make_pdf(tmp_path / "box.pdf", [items]))
    assert text.splitlines() == ["".join(main), "名词解释：", "".join(box[1:])]


def test_rotated_text_is_left_out_and_reported(tmp_path: Path) -> None:
    items: list[Item] = [(INDENTED, 700, han(12) + "。", SIZE)]
    path = make_pdf(tmp_path / "mark.pdf", [items], rotated="内部资料")
    _, result = pdf.clean_pdf(pdf.read_pages(path, "mark.pdf"), "mark.pdf", Config())
    assert result.text == han(12) + "。\n"
    assert [w.message for w in result.warnings if w.code == "L191"] == [
        "page 1: rotated text left out (4 characters): '内部资料'"
    ]
    # a rule of the table like any other: listed, and --ignore reaches it
    assert {"L190", "L191"} <= {r.code for r in all_rules()}
    _, quiet = pdf.clean_pdf(pdf.read_pages(path, "mark.pdf"), "mark.pdf", Config(ignore=frozenset({"L191"})))
    assert quiet.text == result.text and not [w for w in quiet.warnings if w.code == "L191"]


def test_a_table_is_kept_as_rows_with_tab_separated_cells(tmp_path: Path) -> None:
    rows = [("指标", "绝对数", "比上年增长"), ("地区生产总值", "1234.5", "5.6"), ("第一产业", "234.5", "3.2")]
    items: list[Item] = [(INDENTED, 760, han(24), SIZE), (LEFT, 732, han(10, 24) + "。", SIZE)]
    for i, (a, b, c) in enumerate(rows):
        y = 690 - 22 * i
        items += [(100, y, a, 12), (300, y, b, 12), (420, y, c, 12)]
    items.append((INDENTED, 600, han(8, 2) + "。", SIZE))
    text = text_of(make_pdf(tmp_path / "table.pdf", [items]))
    assert text.splitlines() == [
        han(24) + han(10, 24) + "。",
        "指标\t绝对数\t比上年增长",
        "地区生产总值\t1234.5\t5.6",
        "第一产业\t234.5\t3.2",
        han(8, 2) + "。",
    ]


def test_letter_spaced_words_are_not_cut_into_cells() -> None:
    def row(y: float, pieces: Sequence[tuple[float, str]]) -> list[Char]:
        out = []
        for x, text in pieces:
            for i, ch in enumerate(text):
                out.append(Char(ch, x + 12 * i, y, x + 12 * (i + 1), y + 12, 12))
        return out

    chars = row(700, [(100, "一、综"), (160, "合")]) + row(650, [(100, "粮"), (136, "食"), (300, "101.9")])
    assert layout_text([Page(*A4, chars)]).text.splitlines() == ["一、综合", "粮食\t101.9"]


def test_overprinted_characters_are_read_once() -> None:
    # WPS simulates bold by drawing each character twice, a fraction of a point apart
    chars = []
    for i, ch in enumerate("一、总体要求"):
        chars.append(Char(ch, 100 + 16 * i, 700, 116 + 16 * i, 716, 16))
        chars.append(Char(ch, 100.4 + 16 * i, 700, 116.4 + 16 * i, 716, 16))
    assert layout_text([Page(*A4, chars)]).text == "一、总体要求\n"


# ---------------------------------------------------------------------------
# the command line: writing, dry run, --output, errors


def _report_pdf(tmp_path: Path, name: str = "report.pdf") -> Path:
    body = [
        (INDENTED, 700, "关于做好２０２５年工作的通知(试行)", SIZE),
        (INDENTED, 660, han(10) + "。", SIZE),
    ]
    return make_pdf(tmp_path / name, [body])


def test_fix_writes_the_cleaned_text_beside_the_pdf_and_leaves_the_pdf_alone(tmp_path: Path) -> None:
    src = _report_pdf(tmp_path)
    before = (src.read_bytes(), src.stat().st_mtime_ns)
    r = cli("fix", "report.pdf", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    # the normal rules ran: full-width digits, half-width brackets
    assert (tmp_path / "report.txt").read_text("utf-8") == f"关于做好2025年工作的通知（试行）\n{han(10)}。\n"
    assert (src.read_bytes(), src.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf", "report.txt"]


def test_dry_run_shows_the_text_that_would_be_written_and_writes_nothing(tmp_path: Path) -> None:
    _report_pdf(tmp_path)
    r = cli("fix", "report.pdf", "--dry-run", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "--- a/report.txt" in r.stdout and "+++ b/report.txt" in r.stdout
    assert "+关于做好2025年工作的通知（试行）" in r.stdout
    assert not (tmp_path / "report.txt").exists()


def test_dry_run_diffs_against_the_txt_already_there(tmp_path: Path) -> None:
    _report_pdf(tmp_path)
    (tmp_path / "report.txt").write_text(f"旧的标题\n{han(10)}。\n", "utf-8")
    r = cli("fix", "report.pdf", "--dry-run", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "-旧的标题\n+关于做好2025年工作的通知（试行）\n" in r.stdout
    assert f"+{han(10)}" not in r.stdout  # the same line is context, not a change
    assert (tmp_path / "report.txt").read_text("utf-8").startswith("旧的标题")


def test_a_txt_already_there_is_replaced_keeping_its_permissions_and_encoding(tmp_path: Path) -> None:
    _report_pdf(tmp_path)
    txt = tmp_path / "report.txt"
    txt.write_bytes("旧的文本。\n".encode("gbk"))
    txt.chmod(0o640)
    r = cli("fix", "report.pdf", "--output-encoding", "gbk", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert txt.read_bytes().decode("gbk") == f"关于做好2025年工作的通知（试行）\n{han(10)}。\n"
    assert txt.stat().st_mode & 0o777 == 0o640
    stamp = txt.stat().st_mtime_ns
    assert cli("fix", "report.pdf", "--output-encoding", "gbk", cwd=tmp_path).returncode == 0
    assert txt.stat().st_mtime_ns == stamp  # read back in its encoding: unchanged, not rewritten


def test_output_mirrors_the_tree_with_txt_names(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    _report_pdf(tmp_path / "in" / "sub")
    (tmp_path / "in" / "notes.txt").write_text("说明。\n", "utf-8")
    r = cli("fix", "in", "--include", "*.pdf", "--output", "out", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*")) == [
        "sub",
        "sub/report.txt",
    ]
    assert not (tmp_path / "in" / "sub" / "report.txt").exists()


def test_under_output_a_pdf_and_a_txt_of_the_same_name_do_not_overwrite_each_other(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    _report_pdf(tmp_path / "in")
    (tmp_path / "in" / "report.txt").write_text("说明。\n", "utf-8")
    r = cli("fix", "in", "--include", "*.pdf", "--include", "*.txt", "--output", "out", cwd=tmp_path)
    assert r.returncode == 2
    assert "would be written to out/report.txt like" in " ".join(r.stderr.split())
    assert (tmp_path / "out" / "report.txt").exists()


def test_bad_pdfs_are_errors_naming_the_file_and_the_others_are_still_processed(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    _report_pdf(folder, "good.pdf")
    make_pdf(folder / "locked.pdf", [[(INDENTED, 700, han(10), SIZE)]], password="secret")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\nthis is not a PDF at all\n")
    add_image_page(folder / "scan.pdf")
    r = cli("fix", "docs", "--include", "*.pdf", cwd=tmp_path)
    assert r.returncode == 2
    err = " ".join(r.stderr.split())
    assert "docs/locked.pdf: the PDF is encrypted (it needs a password)" in err
    assert "docs/broken.pdf: not a readable PDF" in err
    assert "docs/scan.pdf: the PDF has no text layer (scanned images only); OCR it first" in err
    assert (folder / "good.txt").exists()
    assert sorted(p.name for p in folder.glob("*.txt")) == ["good.txt"]


def test_a_pdf_that_only_restricts_copying_is_read(tmp_path: Path) -> None:
    restricted = StandardEncryption("", "owner", canCopy=0)  # an owner password, no user password
    c = canvas.Canvas(str(tmp_path / "restricted.pdf"), pagesize=A4, encrypt=restricted)
    c.setFont(FONT, SIZE)
    c.drawString(INDENTED, 700, han(10) + "。")
    c.showPage()
    c.save()
    assert text_of(tmp_path / "restricted.pdf") == han(10) + "。\n"


def test_an_image_only_page_inside_a_text_pdf_is_reported_by_page(tmp_path: Path) -> None:
    path = _report_pdf(tmp_path)
    add_image_page(path, at=0)
    pages = pdf.read_pages(path, "report.pdf")
    _, result = pdf.clean_pdf(pages, "report.pdf", Config())
    assert [(w.code, w.message.split(" holds")[0]) for w in result.warnings if w.code == "L190"] == [
        ("L190", "page 1")
    ]
    r = cli("fix", "report.pdf", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "page 1 holds images but no text" in " ".join(r.stderr.split())


def test_without_pypdfium2_a_pdf_is_an_error_naming_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = _report_pdf(tmp_path)
    real_import = importlib.import_module

    def no_pdfium(name: str, package: str | None = None) -> object:
        if name == "pypdfium2":
            raise ImportError("No module named 'pypdfium2'")
        return real_import(name, package)

    monkeypatch.setattr(importlib, "import_module", no_pdfium)
    report = process(Source(src, "report.pdf", Path("report.pdf")), Job(Config(), write=True))
    assert report.error is not None
    assert 'pip install "cleandoc[pdf]"' in report.error
    assert not (tmp_path / "report.txt").exists()


def test_check_says_whether_the_txt_would_change_and_an_unchanged_txt_is_not_rewritten(
    tmp_path: Path,
) -> None:
    _report_pdf(tmp_path)
    assert cli("check", "report.pdf", cwd=tmp_path).returncode == 1  # no report.txt yet
    assert not (tmp_path / "report.txt").exists()
    assert cli("fix", "report.pdf", cwd=tmp_path).returncode == 0
    txt = tmp_path / "report.txt"
    stamp = txt.stat().st_mtime_ns
    r = cli("check", "report.pdf", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert cli("fix", "report.pdf", cwd=tmp_path).returncode == 0
    assert txt.stat().st_mtime_ns == stamp


# ---------------------------------------------------------------------------
# real government PDFs (../shared/corpus/pdf)


def _defects() -> object:
    spec = importlib.util.spec_from_file_location("defects", shared_path("eval", "defects.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# What the counter takes for a broken line and is none: a table's caption or
# header row above the next row (its cells set apart by a tab or a gap), a
# heading above its text. Cleaning pdftotext's own text now leaves few cuts
# besides these, so only the rest tells the two paths apart.
_NOT_BROKEN = re.compile(r"^(?:（[一二三四五六七八九十]+）|表\s*\d+)|\t| {2,}")


def _broken_lines(defects: object, text: str) -> int:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    count = defects.broken_lines  # type: ignore[attr-defined]
    pairs = [
        (a, b) for a, b in itertools.pairwise(lines) if not (_NOT_BROKEN.search(a) or _NOT_BROKEN.search(b))
    ]
    return sum(1 for a, b in pairs if count(f"{a}\n{b}"))


@pytest.mark.parametrize(
    "stem",
    [
        "beijing_2024_government_work_report",
        "qiandongnan_2023_statistical_communique",
        "zhoukou_2023_statistical_communique",
    ],
)
def test_real_pdfs_lose_no_han_and_leave_no_more_broken_lines_than_pdftotext(stem: str) -> None:
    path = shared_path("corpus", "pdf", f"{stem}.pdf")
    raw = shared_path("corpus", "dirty", "pdftotext", f"{stem}.pdftotext-raw.txt").read_text("utf-8")
    defects = _defects()
    layout, result = pdf.clean_pdf(pdf.read_pages(path, path.name), path.name, Config())
    doc = pypdfium2.PdfDocument(path)
    layer = sum(han_count(page.get_textpage().get_text_range()) for page in doc)
    furniture = sum(han_count(f.text) for _, f in layout.furniture)
    left_out = sum(han_count(text) for _, text in layout.rotated) + layout.overprinted
    assert han_count(result.text) + furniture + left_out == layer
    ours = _broken_lines(defects, result.text)
    theirs = _broken_lines(defects, cleandoc.clean(raw, Config()).text)
    # (beijing: none left either way; qiandongnan and zhoukou: fewer)
    assert ours <= theirs
    # no page number is left on a line of its own
    assert not re.search(r"(?m)^\s*[—-]\s*\d+\s*[—-]\s*$", result.text)


# ---------------------------------------------------------------------------
# round trip: real documents typeset as official documents are, read back

# Known differences, each a choice the layout has to make from the page alone.
ROUND_TRIP_GAPS = {
    "5345284": "a run of spaces wider than 1.5 ems (before '&sp;', HTML debris) reads as a cell gap: a tab",
    "5345410": "a letter-spaced heading (说　明) reads as one word (说明)",
    "5347765": "two figure captions spread over one line (图5 … 图6) read as table cells",
    "5351181": "letter-spacing inside 总　　则 reads as one word (第一章　总则)",
}
PAGE_W, MARGIN, BODY, TOP, FOOT, PITCH = 595.0, 79.0, 16.0, 760.0, 90.0, 28.5


def _wrap(text: str, width: float, size: float = BODY) -> list[str]:
    """``text`` cut into lines of at most ``width`` points, the first indented
    two ems, anywhere (this typesetter does not justify, so it cannot keep a
    Latin word whole without leaving a short line)."""
    lines, cur, avail = [], "", width - 2 * size
    for ch in text:
        if pdfmetrics.stringWidth(cur + ch, FONT, size) > avail:
            lines.append(cur)
            cur, avail = "", width
        cur += ch
    return [*lines, cur] if cur else lines


def typeset(text: str, path: Path) -> Path:
    """``text`` as an official document is printed: one paragraph per line of
    the text, its first line indented two ems, the page number at the foot."""
    c = canvas.Canvas(str(path), pagesize=A4)
    page, y = 1, TOP

    def finish_page() -> None:
        nonlocal page, y
        c.setFont(FONT, 14)
        c.drawCentredString(PAGE_W / 2, 50, f"— {page} —")
        c.showPage()
        page, y = page + 1, TOP

    for para in filter(None, (p.strip() for p in text.split("\n"))):
        for i, line in enumerate(_wrap(para, PAGE_W - 2 * MARGIN)):
            if y < FOOT:
                finish_page()
            c.setFont(FONT, BODY)
            c.drawString(MARGIN + (2 * BODY if i == 0 else 0), y, line)
            y -= PITCH
    finish_page()
    c.save()
    return path


def _round_trip_cases() -> list[object]:
    cases: list[object] = []
    for name, text in real_clean_docs():
        gap = next((why for key, why in ROUND_TRIP_GAPS.items() if name.startswith(key)), None)
        marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
        cases.append(pytest.param(name, text, id=name[:40], marks=marks))
    return cases


def typeset_in_columns(text: str, path: Path) -> Path:
    """``text`` in two columns of 12 pt, 210 points wide, 25 apart."""
    size, width, gutter, top, foot, pitch = 12.0, 210.0, 25.0, 770.0, 80.0, 18.0
    c = canvas.Canvas(str(path), pagesize=A4)
    page, column, y = 1, 0, top
    for para in filter(None, (p.strip() for p in text.split("\n"))):
        for i, line in enumerate(_wrap(para, width, size)):
            if y < foot:
                if column == 1:
                    c.setFont(FONT, 10)
                    c.drawCentredString(PAGE_W / 2, 40, f"- {page} -")
                    c.showPage()
                    page += 1
                column, y = 1 - column, top
            c.setFont(FONT, size)
            c.drawString(MARGIN + column * (width + gutter) + (2 * size if i == 0 else 0), y, line)
            y -= pitch
    c.setFont(FONT, 10)
    c.drawCentredString(PAGE_W / 2, 40, f"- {page} -")
    c.showPage()
    c.save()
    return path


# Word and WPS keep a Latin word whole, so a line break between two letters is
# read as a space between words; this typesetter cuts words anywhere (V—T|ax, I|P).
LATIN_CUT = "a Latin word cut at the column edge by this typesetter is read as two words"
COLUMN_GAPS = {
    **ROUND_TRIP_GAPS,
    "5345410": "its appendix tables of coordinates cross the gutter on some pages: a paragraph is joined "
    "to the next across a band",
    "5347765": "two figure captions spread over one line (图5 … 图6) cross the gutter",
    "5343366": LATIN_CUT,
    "部门规章__市场监督管理总局__互联网药品": LATIN_CUT,
}


def _column_cases() -> list[object]:
    cases: list[object] = []
    for name, text in real_clean_docs():
        gap = next((why for key, why in COLUMN_GAPS.items() if name.startswith(key)), None)
        marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
        cases.append(pytest.param(name, text, id=name[:40], marks=marks))
    return cases


@pytest.mark.parametrize(("name", "text"), _column_cases())
def test_a_real_document_in_two_columns_reads_back_column_by_column(
    name: str, text: str, tmp_path: Path
) -> None:
    path = typeset_in_columns(text, tmp_path / "doc.pdf")
    paragraphs = "\n".join(p.strip() for p in text.split("\n") if p.strip()) + "\n"
    expected = cleandoc.clean(paragraphs, Config(ignore=frozenset({"L102"}))).text
    assert text_of(path) == expected


@pytest.mark.parametrize(("name", "text"), _round_trip_cases())
def test_a_real_document_typeset_as_a_pdf_reads_back_paragraph_for_paragraph(
    name: str, text: str, tmp_path: Path
) -> None:
    path = typeset(text, tmp_path / "doc.pdf")
    paragraphs = "\n".join(p.strip() for p in text.split("\n") if p.strip()) + "\n"
    expected = cleandoc.clean(paragraphs, Config(ignore=frozenset({"L102"}))).text
    assert text_of(path) == expected
