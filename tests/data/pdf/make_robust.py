"""Make the robustness fixtures of tests/test_pdf_robust.py (issue 16, third
round): PDFs as WPS, Word, scanners and old converters write them, not as
Chromium prints them. reportlab draws them (its built-in Adobe CID font
STSong-Light needs no font file); the one whose glyphs have no Unicode is
written by hand (:func:`raw_pdf`). Run once; the PDFs are committed:

    python3 tests/data/pdf/make_robust.py

Each fixture is NAME.pdf and NAME.txt, the text the layout must read back.
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pypdfium2
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
A4 = (595.0, 842.0)
SIZE = 16.0
LEFT = 90.0  # 26 characters of 16 pt: 90 to 506

P1 = "为深入贯彻落实党中央国务院决策部署进一步优化营商环境更好服务市场主体激发"
P2 = "市场活力和社会创造力推动经济高质量发展现就有关事项通知如下。"
P3 = "各地区各部门要坚持以人民为中心的发展思想，人人参与，谢谢支持。"


def lines_of(text: str, first: int = 24, width: int = 26) -> list[str]:
    out = [text[:first]]
    rest = text[first:]
    while rest:
        out.append(rest[:width])
        rest = rest[width:]
    return out


def body(c: canvas.Canvas, paragraphs: list[str], y: float = 700, mode: int = 0) -> float:
    """Paragraphs set at 16 pt, first lines indented two ems; the y under them."""
    for para in paragraphs:
        for i, line in enumerate(lines_of(para)):
            t = c.beginText(LEFT + (2 * SIZE if i == 0 else 0), y)
            t.setFont(FONT, SIZE)
            t.setTextRenderMode(mode)
            t.textOut(line)
            c.drawText(t)
            y -= 28
    return y


def overprint() -> str:
    """Fake bold as WPS and Word draw it: a title drawn twice whole, 3 pt
    apart (the copies follow each other in the content: 通知关于), a heading
    drawn glyph by glyph, then again twice (2 pt apart), a word four times
    (2 pt right and up), its copies a little larger. (PDFium itself drops a
    copy drawn right after its original, or less than about a point away:
    these are the copies it keeps.) The body holds real
    doubled characters (人人, 谢谢) and a manual's example of what fake bold
    looks like once extracted, drawn once."""
    c = canvas.Canvas(str(HERE / "overprint.pdf"), pagesize=A4, invariant=True)
    title = "关于优化营商环境的通知"
    for dx in (0.0, 3.0):
        c.setFont(FONT, 22)
        c.drawString(176 + dx, 760, title)
    y = body(c, [P1 + P2], 710)
    head = "一、总体要求"
    for dx in (0.0, 2.0, 4.0):
        for i, ch in enumerate(head):
            c.setFont(FONT, SIZE)
            c.drawString(LEFT + 2 * SIZE + SIZE * i + dx, y, ch)
    y -= 28
    word = "重点任务"
    for i, ch in enumerate(word):
        for dx, dy in ((0, 0), (2, 0), (0, 2), (2, 2)):
            c.setFont(FONT, SIZE + (0.3 if dx else 0))
            c.drawString(LEFT + 2 * SIZE + SIZE * i + dx, y + dy, ch)
    c.setFont(FONT, SIZE)
    c.drawString(LEFT + 6 * SIZE, y, "：")
    y -= 28
    y = body(c, [P3], y)
    # text that shows doubled characters, drawn once each: the reader keeps them
    c.setFont(FONT, SIZE)
    c.drawString(LEFT + 2 * SIZE, y, QUOTED)
    c.drawString(LEFT + 2 * SIZE, y - 28, QUOTED2)
    c.showPage()
    c.save()
    return "\n".join([title, P1 + P2, head, word + "：", P3, QUOTED, QUOTED2]) + "\n"


# a manual's example of what fake bold looks like after extraction, drawn once
QUOTED = "第第一一章章　总总则则"
QUOTED2 = "中中华华人人民民共共和和国国"


def _scan(width: int = 150, height: int = 212) -> ImageReader:
    """A grey page image standing for a scan (small: the fixture is about the text layer)."""
    img = Image.new("L", (width, height), 235)
    for y in range(40, 160, 8):
        for x in range(20, 130):
            img.putpixel((x, y), 40)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    buf.seek(0)
    return ImageReader(buf)


def ocr_layer() -> str:
    """A scanner's searchable PDF: each page a full-page image, and over it
    the OCR text drawn invisible (text render mode 3), each word placed on
    its own and squeezed to the width the scan shows (horizontal scaling),
    the lines not quite level; the last page an image with no text layer but
    a line stamped up its margin."""
    c = canvas.Canvas(str(HERE / "ocr_layer.pdf"), pagesize=A4, invariant=True)
    c.drawImage(_scan(), 0, 0, *A4)
    y = 700.0
    out = []
    for para in (P1 + P2, P3):
        for i, line in enumerate(lines_of(para)):
            x = LEFT + (2 * SIZE if i == 0 else 0)
            # words of two to four characters as OCR finds them, each its own text object
            k = 0
            while k < len(line):
                n = 2 + (k % 3)
                word = line[k : k + n]
                t = c.beginText(x + SIZE * k, y + 0.4 * (k % 2))
                t.setFont(FONT, SIZE)
                t.setTextRenderMode(3)
                t.setHorizScale((88, 100, 112)[k % 3])
                t.textOut(word)
                c.drawText(t)
                k += n
            y -= 28
        out.append(para)
    c.showPage()
    c.drawImage(_scan(), 0, 0, *A4)
    # a file number stamped up the margin of the scanned page: no text layer still
    c.saveState()
    c.translate(40, 300)
    c.rotate(90)
    c.setFont(FONT, 10)
    c.drawString(0, 0, "此件公开发布")
    c.restoreState()
    c.showPage()
    c.save()
    return "\n".join([*out, "此件公开发布"]) + "\n"


def rotated() -> str:
    """Landscape content: page 1 portrait text; page 2 a landscape page as
    Word writes it (/Rotate 90, the content drawn turned so that it reads
    upright on screen); page 3 a landscape table on a portrait page (no
    /Rotate: the reader turns the paper), under a watermark at 45 degrees
    (left out and reported, as before); page 4 has text outside its crop box
    (a converter's leftover, invisible) besides its body, and a line drawn
    white on it; page 5 a small table set across a page of text; page 6
    white text on a dark box."""
    c = canvas.Canvas(str(HERE / "rotated.pdf"), pagesize=A4, invariant=True)
    body(c, [P1 + P2])
    c.showPage()
    # page 2: /Rotate 90; drawn turned 90 degrees counter-clockwise about the
    # origin and moved back on the page, so a viewer turning the page a quarter
    # clockwise shows it upright
    c.saveState()
    c.translate(A4[0], 0)
    c.rotate(90)
    # the landscape page is 842 wide and 595 high
    rows = [
        ("指标", "单位", "绝对数", "比上年增长"),
        ("地区生产总值", "亿元", "1234.5", "5.6%"),
        ("第一产业", "亿元", "234.5", "3.2%"),
    ]
    c.setFont(FONT, SIZE)
    c.drawString(LEFT + 2 * SIZE, 500, "附表：主要经济指标")
    for r, row in enumerate(rows):
        for k, cell in enumerate(row):
            c.drawString(LEFT + 180 * k, 460 - 28 * r, cell)
    c.restoreState()
    c.showPage()
    # page 3: a portrait page holding a table turned a quarter (read by turning the paper clockwise)
    c.saveState()
    c.translate(A4[0], 0)
    c.rotate(90)
    c.setFont(FONT, SIZE)
    c.drawString(LEFT + 2 * SIZE, 500, "附表：分地区指标")
    rows3 = [("地区", "人口", "增长"), ("城区", "56.7", "1.2%"), ("郊区", "34.5", "0.8%")]
    for r, row in enumerate(rows3):
        for k, cell in enumerate(row):
            c.drawString(LEFT + 180 * k, 460 - 28 * r, cell)
    c.restoreState()
    c.saveState()
    c.translate(200, 300)
    c.rotate(45)
    c.setFont(FONT, 40)
    c.drawString(0, 0, "内部资料")
    c.restoreState()
    c.showPage()
    # page 4: crop box inset 40 pt (set below); lines drawn outside it
    body(c, [P1 + P2, P3])
    c.setFont(FONT, 10)
    c.drawString(0, 400, "草稿残留")
    # and a line drawn white on this page, which draws nothing under it
    c.setFillColorRGB(1, 1, 1)
    c.setFont(FONT, SIZE)
    c.drawString(LEFT, 300, "白色文字读者看不见")
    c.setFillColorRGB(0, 0, 0)
    c.drawString(100, A4[1] - 20, "旧版页眉不可见")
    c.showPage()
    # page 5: a paragraph, under it a small table set across the page, and a
    # note down the left margin (one line at its own turn: reported, not read;
    # a note at the table's turn would be read with it)
    body(c, [P3, P1 + P2])
    c.saveState()
    c.translate(A4[0], 0)
    c.rotate(90)
    c.setFont(FONT, 12)
    for r, row in enumerate(rows3):
        for k, cell in enumerate(row):
            c.drawString(120 + 90 * k, 200 - 20 * r, cell)
    c.restoreState()
    c.saveState()
    c.translate(40, 400)
    c.rotate(-90)
    c.setFont(FONT, 10)
    c.drawString(0, 0, "此件公开发布")
    c.restoreState()
    c.showPage()
    # page 6: white text on a dark box (a table's header row): read
    c.setFillColorRGB(0.2, 0.3, 0.5)
    c.rect(LEFT, 690, 416, 28, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    c.setFont(FONT, SIZE)
    c.drawString(LEFT + 2 * SIZE, 698, HEADER)
    c.setFillColorRGB(0, 0, 0)
    body(c, [P3], 650)
    c.showPage()
    c.save()
    # /Rotate and /CropBox set by pypdfium2 (reportlab turns the media box with the page)
    doc = pypdfium2.PdfDocument(HERE / "rotated.pdf")
    doc[1].set_rotation(90)
    doc[3].set_cropbox(40, 40, A4[0] - 40, A4[1] - 40)
    doc.save(HERE / "rotated.tmp.pdf")
    doc.close()
    (HERE / "rotated.tmp.pdf").replace(HERE / "rotated.pdf")
    table2 = ["附表：主要经济指标"] + ["\t".join(r) for r in rows]
    table3 = ["附表：分地区指标"] + ["\t".join(r) for r in rows3]
    table5 = ["\t".join(r) for r in rows3]
    return "\n".join([P1 + P2, *table2, *table3, P1 + P2, P3, P3, P1 + P2, *table5, HEADER, P3]) + "\n"


HEADER = "白字标题：主要指标说明"


def vertical() -> str:
    """竖排: columns of characters set top to bottom, read right to left."""
    c = canvas.Canvas(str(HERE / "vertical.pdf"), pagesize=A4, invariant=True)
    cols = ["滕王阁序", "豫章故郡洪都新府星分翼轸地接衡庐", "襟三江而带五湖控蛮荆而引瓯越"]
    c.setFont(FONT, SIZE)
    for k, col in enumerate(cols):
        x = 480 - 40 * k
        for i, ch in enumerate(col):
            c.drawString(x, 760 - 20 * i, ch)
    c.showPage()
    c.save()
    # the second column reaches the foot of the page: the third goes on with it
    return cols[0] + "\n" + cols[1] + cols[2] + "\n"


# ---------------------------------------------------------------------------
# a PDF written by hand: glyphs without Unicode


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (object 1 the catalog), with its cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data)
    return (
        b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n" % (len(packed), extra) + packed + b"\nendstream"
    )


def no_unicode() -> str:
    """Text in STSong-Light (readable), and words in a Type 3 font whose glyphs
    are named /g1... with no ToUnicode (PDFium gives no character for them),
    and in one whose ToUnicode maps them to private-use code points (as a
    font subset with its own encoding does) and to U+FFFD."""
    han = "国务院办公厅关于印发通知。"

    def f1(x: float, y: float, text: str) -> bytes:
        return b"BT /F1 16 Tf %d %d Td <%s> Tj ET\n" % (x, y, text.encode("utf-16-be").hex().encode())

    para = lines_of(P1 + P2)
    content = b"".join(f1(LEFT + (2 * SIZE if i == 0 else 0), 760 - 28 * i, ln) for i, ln in enumerate(para))
    content += (
        f1(122, 620, han)
        + b"BT /F2 16 Tf 122 592 Td <010203010203> Tj ET\n"
        + f1(218, 592, "的意见。")
        + b"BT /F3 16 Tf 122 564 Td <0102030102> Tj ET\n"
        + f1(202, 564, "发布。")
    )
    (HERE / "no_unicode.pdf").write_bytes(raw_pdf(_objects(content)))
    return P1 + P2 + "\n" + han + "\n的意见。\n\ue000\ue001\ue000\ue001发布。\n"


def _objects(content: bytes) -> list[bytes]:
    """The objects of a one-page PDF drawing ``content`` with /F1 (STSong-Light,
    readable), /F2 (a Type 3 font without ToUnicode) and /F3 (one whose
    ToUnicode maps to private use and U+FFFD)."""
    square = b"0 0 0 0 1000 1000 d1 100 100 800 800 re f"
    procs = b"<< /g1 7 0 R /g2 7 0 R /g3 7 0 R >>"
    type3 = (
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0]"
        b" /CharProcs %s /Encoding << /Type /Encoding /Differences [1 /g1 /g2 /g3] >>"
        b" /FirstChar 1 /LastChar 3 /Widths [1000 1000 1000] %s >>"
    )
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def"
        b" 1 begincodespacerange <01> <03> endcodespacerange"
        b" 3 beginbfchar <01> <E000> <02> <E001> <03> <FFFD> endbfchar endcmap"
        b" CMapName currentdict /CMap defineresource pop end end"
    )
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R /F2 6 0 R /F3 8 0 R >> >> >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
        b" /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >>"
        b" /FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6"
        b" /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880"
        b" /StemV 93 >> /DW 1000 >>] >>",
        type3 % (procs, b""),
        _stream(square),
        type3 % (procs, b"/ToUnicode 9 0 R"),
        _stream(cmap),
    ]


def no_unicode_only() -> str:
    """A page whose every glyph is of the font without ToUnicode: nothing can be read."""
    content = b"BT /F2 16 Tf 122 700 Td <010203010203> Tj ET\n"
    (HERE / "no_unicode_only.pdf").write_bytes(raw_pdf(_objects(content)))
    return ""


FIXTURES = {
    "overprint": overprint,
    "ocr_layer": ocr_layer,
    "rotated": rotated,
    "vertical": vertical,
    "no_unicode": no_unicode,
    "no_unicode_only": no_unicode_only,
}

if __name__ == "__main__":
    import sys

    for name in sys.argv[1:] or FIXTURES:
        (HERE / f"{name}.txt").write_text(FIXTURES[name](), "utf-8")
        print(name, (HERE / f"{name}.pdf").stat().st_size, "bytes")
