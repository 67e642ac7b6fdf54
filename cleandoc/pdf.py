"""PDF input: the text layer read with its layout, cleaned like any text, and
written as ``NAME.txt`` beside the PDF (or under ``--output``). The PDF itself
is never modified.

pypdfium2 (the optional extra ``cleandoc[pdf]``) gives each character with
its box and text matrix; :mod:`cleandoc.pdf_layout` turns them into lines and
paragraphs, and leaves out page numbers and running headers and footers,
which are reported as changes of the ``page-furniture`` rule (L101), the rule
that removes them from extracted text. The text then goes through
:func:`cleandoc.pipeline.clean` like any other input.

Under ``--dry-run`` (and ``check``) the outcome's original is what the
``.txt`` holds now (empty when there is none), so the diff shows exactly what
would be written. Positions of the changes (``--explain``) are lines of the
text read from the PDF.
"""

from __future__ import annotations

import ctypes
import importlib
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleandoc.config import Config
from cleandoc.model import Change, Diagnostic, Outcome, Result
from cleandoc.normalizer.pdf_notes import (
    HIDDEN_CODE,
    HIDDEN_NAME,
    NO_TEXT_CODE,
    NO_TEXT_NAME,
    ROTATED_CODE,
    ROTATED_NAME,
    UNMAPPED_CODE,
    UNMAPPED_NAME,
    VERTICAL_CODE,
    VERTICAL_NAME,
)
from cleandoc.pdf_layout import SCANNED_TEXT, UNREAD, Char, Layout, Page, layout_text
from cleandoc.pipeline import clean
from cleandoc.reader import Encoding, InputError, Source
from cleandoc.rules import enabled_codes
from cleandoc.writer import TextEncoder, atomic_write, output_path

if TYPE_CHECKING:
    from cleandoc.runner import Job, SourceReport

INSTALL_HINT = 'PDF input needs pypdfium2: pip install "cleandoc[pdf]"'
FURNITURE_CODE = "L101"  # the page-furniture rule: the same removal, made from the layout
FURNITURE_NAME = "page-furniture"
_PAGEOBJ_PATH, _PAGEOBJ_IMAGE, _PAGEOBJ_SHADING, _PAGEOBJ_FORM = 2, 3, 4, 5  # FPDF_PAGEOBJ_*
_WHITE = 250  # a fill of at least this in red, green and blue is white
LAYOUT_DECIDES = "L102"  # broken-line: not run on a PDF's text
FAKE_BOLD = "C108"  # fake-bold: not run on a PDF's text (the layout reads overprinted copies once)
_SPACES = {0x20: " ", 0xA0: " ", 0x3000: "\u3000"}  # U+00A0 NO-BREAK SPACE written as a space
UNREAD_CODE = ord(UNREAD)
_SKIPPED = frozenset((0xFEFF, 0xFFFE, 0xFFFF))  # non-characters
_ROTATED = 0.05  # |b| or |c| of the text matrix above this share of |a|: rotated text


def _pdfium() -> Any:
    """The pypdfium2 module, or an error that says which extra to install."""
    try:
        # through importlib: the module has no type information, and may be absent
        return importlib.import_module("pypdfium2")
    except ImportError:
        raise InputError(INSTALL_HINT) from None


# ---------------------------------------------------------------------------
# reading


def read_pages(data: bytes | Path, display: str) -> list[Page]:
    """The pages of a PDF with their characters. An encrypted, broken or
    unreadable PDF is an :class:`InputError` naming ``display``."""
    pdfium = _pdfium()
    raw = pdfium.raw
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        if "password" in str(err).lower():
            raise InputError(
                f"{display}: the PDF is encrypted (it needs a password); file left unchanged"
            ) from None
        raise InputError(f"{display}: not a readable PDF ({err}); file left unchanged") from None
    except OSError as err:
        raise InputError(f"{display}: cannot read: {err.strerror or err}") from None
    try:
        return [_read_page(doc, raw, i) for i in range(len(doc))]
    except pdfium.PdfiumError as err:
        raise InputError(f"{display}: a page could not be read ({err}); file left unchanged") from None
    finally:
        doc.close()


def _read_page(doc: Any, raw: Any, index: int) -> Page:
    page = doc[index]
    try:
        # the visible part of the page, in the coordinates of its content
        # (page.get_size() is turned by /Rotate; the characters' boxes are not)
        left, bottom, right, top = page.get_cropbox()
        textpage = page.get_textpage()
        try:
            read = _chars(raw, textpage.raw)
        finally:
            textpage.close()
        turn = _orientation(read.turns)
        hidden: list[str] = []
        white: list[str] = []
        rotated: list[str] = []
        by_turn: dict[int, list[Char]] = {}
        # white text is invisible on a page that draws nothing it could stand
        # on (no image, no filled shape): white on a dark table cell is read
        unseen = read.white if read.white and _plain(raw, page.raw) else set()
        for i, (c, o) in enumerate(zip(read.chars, read.turns, strict=True)):
            if not (left <= c.xc <= right and bottom <= c.yc <= top):
                hidden.append(c.text)  # outside the crop box: no reader sees it
            elif i in unseen:
                white.append(c.text)
            elif o < 0:
                rotated.append(c.text)  # a stamp, a watermark at an angle
            else:
                by_turn.setdefault(o, []).append(c)
        box = (left, bottom, right, top)
        width, height, chars = _turned(by_turn.pop(turn, []), turn, box)
        # text at another quarter turn: a table set across the page, or a note
        # up the margin (the layout tells them apart)
        blocks = tuple(Page(*_turned(cs, t, box), turn=t) for t, cs in sorted(by_turn.items()))
        read_chars = len(chars) + sum(len(b.chars) for b in blocks)
        has_images = read_chars < SCANNED_TEXT and _has_images(raw, page.raw)
        return Page(
            width,
            height,
            chars,
            has_images,
            "".join(rotated),
            "".join(hidden),
            read.unmapped,
            turn,
            blocks,
            "".join(white),
        )
    finally:
        page.close()


@dataclass(slots=True)
class _Read:
    """The characters of a text page with the quarter turn each is drawn at
    (0 upright, 1 turned a quarter counter-clockwise, 2 upside down, 3 a
    quarter clockwise, -1 at another angle), and the glyphs that have no
    Unicode character."""

    chars: list[Char]
    turns: list[int]
    unmapped: int = 0
    white: set[int] = field(default_factory=set)  # the indexes of the characters filled white


def _chars(raw: Any, tp: Any) -> _Read:
    """The characters of a text page, whitespace left out (the layout decides
    where spaces and line breaks go; the ones PDFium generates are whitespace
    too). A glyph its font maps to no character (no ToUnicode: PDFium gives
    the bare character code, or U+FFFD) is counted, not read."""
    count = raw.FPDFText_CountChars(tp)
    rect = raw.FS_RECTF()
    matrix = raw.FS_MATRIX()
    rect_p = ctypes.byref(rect)
    matrix_p = ctypes.byref(matrix)
    get_unicode, get_box = raw.FPDFText_GetUnicode, raw.FPDFText_GetLooseCharBox
    get_size, get_matrix = raw.FPDFText_GetFontSize, raw.FPDFText_GetMatrix
    get_object, map_error = raw.FPDFText_GetTextObject, raw.FPDFText_HasUnicodeMapError
    get_fill = raw.FPDFText_GetFillColor
    rgba = [ctypes.c_uint() for _ in range(4)]
    rgba_p = [ctypes.byref(v) for v in rgba]
    out = _Read([], [])
    last: tuple[float, int] = (-1.0, 0)
    size, turn, white = 0.0, 0, False
    space = ""  # space characters of the text layer (not made up by PDFium) before the next one
    for i in range(count):
        code = get_unicode(tp, i)
        if code in _SPACES:
            if raw.FPDFText_IsGenerated(tp, i) != 1:
                space += _SPACES[code]
            continue
        if code in _SKIPPED or not get_box(tp, i, rect_p):
            space = ""
            continue
        if code == 0xFFFD or map_error(tp, i) == 1:
            # read as a placeholder, which the layout places (a gap left
            # where it stood would read as a space or an indent) and drops
            out.unmapped += 1
            code = UNREAD_CODE
        elif code < 0x20:
            space = ""
            continue
        height = rect.top - rect.bottom
        key = (height, ctypes.cast(get_object(tp, i), ctypes.c_void_p).value or 0)
        if key != last:
            # Characters of one text object and box height share a matrix: it
            # is read again only where either changes.
            last = key
            size, turn = _size(get_size(tp, i), get_matrix(tp, i, matrix_p) and matrix, height)
            white = bool(get_fill(tp, i, *rgba_p)) and all(v.value >= _WHITE for v in rgba[:3])
        try:
            text = chr(code)
        except ValueError:
            continue
        out.chars.append(Char(text, rect.left, rect.bottom, rect.right, rect.top, size, space))
        out.turns.append(turn)
        if white:
            out.white.add(len(out.chars) - 1)
        space = ""
    return out


def _size(reported: float, matrix: Any, height: float) -> tuple[float, int]:
    """The size a character is drawn at, and the quarter turn it is drawn at
    (see :class:`_Read`). WPS writes a font size of hundreds and scales it
    down by the text matrix: the size drawn is the reported one times the
    matrix's scale."""
    if not matrix:
        return (height if height > 0 else 10.0), 0
    a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
    size = reported * math.sqrt(abs(a * d - b * c))
    if not 2.0 <= size <= 200.0:
        size = height if height > 0 else 10.0
    return size, _turn(a, b, c, d)


def _turn(a: float, b: float, c: float, d: float) -> int:
    """The quarter turn of a text matrix (-1: at another angle, or mirrored).
    Each axis is read on its own: text squeezed or stretched along its line
    (horizontal scaling, as OCR layers fit words to the scan) keeps its turn."""
    if a > 0 and d > 0 and abs(b) <= _ROTATED * a and abs(c) <= _ROTATED * d:
        return 0
    if b > 0 and c < 0 and abs(a) <= _ROTATED * b and abs(d) <= _ROTATED * -c:
        return 1
    if a < 0 and d < 0 and abs(b) <= _ROTATED * -a and abs(c) <= _ROTATED * -d:
        return 2
    if b < 0 and c > 0 and abs(a) <= _ROTATED * -b and abs(d) <= _ROTATED * c:
        return 3
    return -1


def _orientation(turns: Sequence[int]) -> int:
    """The quarter turn most of a page's characters are drawn at (0 when none
    is): a landscape page (/Rotate 90, or a table set across a portrait page)
    is read turned back; text at other turns is left out and reported."""
    counts = Counter(t for t in turns if t >= 0)
    return max(counts, key=lambda t: (counts[t], t == 0), default=0)


def _turned(
    chars: list[Char], turn: int, box: tuple[float, float, float, float]
) -> tuple[float, float, list[Char]]:
    """The page's width and height and its characters as seen by a reader
    who turns the page so that text at ``turn`` stands upright, with the
    visible box's lower left corner as origin."""
    left, bottom, right, top = box
    w, h = right - left, top - bottom
    if turn == 1:  # text runs up the page: turn it a quarter clockwise
        return (
            h,
            w,
            [replace(c, x0=c.y0 - bottom, x1=c.y1 - bottom, y0=right - c.x1, y1=right - c.x0) for c in chars],
        )
    if turn == 2:
        return (
            w,
            h,
            [replace(c, x0=right - c.x1, x1=right - c.x0, y0=top - c.y1, y1=top - c.y0) for c in chars],
        )
    if turn == 3:  # text runs down the page
        return h, w, [replace(c, x0=top - c.y1, x1=top - c.y0, y0=c.x0 - left, y1=c.x1 - left) for c in chars]
    if left or bottom:
        return (
            w,
            h,
            [replace(c, x0=c.x0 - left, x1=c.x1 - left, y0=c.y0 - bottom, y1=c.y1 - bottom) for c in chars],
        )
    return w, h, chars


def _plain(raw: Any, page: Any) -> bool:
    """Whether a page draws nothing text could stand on but the paper: no
    image, no shading, no form (which may hold either), no filled shape."""
    mode, stroke = ctypes.c_int(), ctypes.c_int()
    for i in range(raw.FPDFPage_CountObjects(page)):
        obj = raw.FPDFPage_GetObject(page, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind in (_PAGEOBJ_IMAGE, _PAGEOBJ_SHADING, _PAGEOBJ_FORM):
            return False
        if kind == _PAGEOBJ_PATH and (
            not raw.FPDFPath_GetDrawMode(obj, ctypes.byref(mode), ctypes.byref(stroke)) or mode.value
        ):
            return False
    return True


def _has_images(raw: Any, page: Any) -> bool:
    return any(
        raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page, i)) == _PAGEOBJ_IMAGE
        for i in range(raw.FPDFPage_CountObjects(page))
    )


# ---------------------------------------------------------------------------
# cleaning


def clean_pdf(pages: list[Page], display: str, config: Config) -> tuple[Layout, Result]:
    """The layout of ``pages`` and the cleaned text, with the furniture left
    out and the pages without text as changes and warnings of the result."""
    layout = layout_text(pages)
    if not layout.text.strip():
        unread = sum(n for _, n, _ in layout.unmapped)
        if unread:
            raise InputError(
                f"{display}: the PDF's {unread} glyphs have no Unicode characters (its fonts have no "
                "ToUnicode map): no text can be read; OCR it; nothing written"
            )
        if any(p.has_images for p in pages):
            raise InputError(
                f"{display}: the PDF has no text layer (scanned images only); OCR it first; nothing written"
            )
        raise InputError(f"{display}: the PDF holds no text; nothing written")
    # The layout has decided where lines end: the broken-line rule, which
    # guesses that from the text alone, would join table rows and titles. It
    # has found the furniture too, by where it stands: the furniture rule,
    # which guesses from repetition alone, would remove a table's cell
    # repeated on every page (说明, seven times in a round-trip document).
    # And it has read a character drawn twice at one place (fake bold) once,
    # by where the copies stand: the fake-bold rule, which guesses from
    # doubled characters alone, would undouble text the page draws doubled.
    ignore = config.ignore | {LAYOUT_DECIDES, FURNITURE_CODE, FAKE_BOLD}
    result = clean(layout.text, replace(config, ignore=ignore))
    removed = tuple(
        Change(
            FURNITURE_CODE,
            FURNITURE_NAME,
            line,
            1,
            f.text,
            "",
            f"page {f.page}: {f.kind}",
            True,
            0,
            0,
        )
        for line, f in layout.furniture
    )
    # A page of a text PDF that holds images and no text (a scanned page): its
    # content is not in the output, and the user is told which page it is.
    # Text drawn rotated (a stamp, a watermark, a note up the margin) is not
    # part of the reading order: it is left out, and the warning quotes it.
    codes = enabled_codes(config)
    warnings = tuple(
        Diagnostic(
            NO_TEXT_CODE,
            NO_TEXT_NAME,
            1,
            1,
            f"page {p} holds images but no text (a scanned page?): its content is not in the output"
            if not layout.scant.get(p)
            else f"page {p} holds images and only {layout.scant[p]} characters of text (a scanned page?): "
            "the images' content is not in the output",
        )
        for p in layout.pages_without_text
        if NO_TEXT_CODE in codes
    ) + tuple(
        Diagnostic(
            ROTATED_CODE,
            ROTATED_NAME,
            1,
            1,
            f"page {p}: rotated text left out ({len(text)} characters): {_quote(text)}",
        )
        for p, text in layout.rotated
        if ROTATED_CODE in codes
    )
    # Glyphs that no character can be read from, and text no reader sees
    # (outside the crop box, white on white): not in the output, and said so by page.
    warnings += (
        tuple(
            Diagnostic(
                UNMAPPED_CODE,
                UNMAPPED_NAME,
                line,
                1,
                f"page {p}: {n} glyph(s) whose font maps them to no character (no ToUnicode) "
                "could not be read and are not in the output",
            )
            for p, n, line in layout.unmapped
            if UNMAPPED_CODE in codes
        )
        + tuple(
            Diagnostic(
                HIDDEN_CODE,
                HIDDEN_NAME,
                1,
                1,
                f"page {p}: text {where} left out ({len(text)} characters): " + _quote(text),
            )
            for found, where in (
                (layout.hidden, "outside the page's visible box"),
                (layout.white, "drawn white on a white page"),
            )
            for p, text in found
            if HIDDEN_CODE in codes
        )
        + tuple(
            Diagnostic(
                VERTICAL_CODE,
                VERTICAL_NAME,
                1,
                1,
                f"page {p} is set vertically (竖排): read column by column, right to left; check the order",
            )
            for p in layout.vertical
            if VERTICAL_CODE in codes
        )
    )
    return layout, Result(result.text, removed + result.changes, warnings + result.warnings)


def _quote(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


def txt_name(rel: Path) -> Path:
    return rel.with_suffix(".txt")


def _target(source: Source, job: Job) -> Path | None:
    if source.path is None:
        return None
    if job.output_dir is not None:
        return output_path(job.output_dir, txt_name(source.rel))
    return source.path.parent / txt_name(Path(source.path.name))


def _existing_text(target: Path | None, encoding: str) -> str:
    """What the ``.txt`` holds now ('' when there is none or it is not text in
    ``encoding``): the original of a dry run's diff, and what decides whether
    to write."""
    if target is None:
        return ""
    try:
        return target.read_bytes().decode(encoding)
    except (OSError, UnicodeDecodeError, LookupError):
        return ""


def process_source(source: Source, job: Job, data: bytes | None) -> SourceReport:
    """Read the PDF ``source`` (``data``: its bytes when read from stdin),
    clean its text and write it as a ``.txt`` (see the module doc)."""
    from cleandoc.runner import SourceReport

    pages = read_pages(data if data is not None else _path(source), source.display)
    _, result = clean_pdf(pages, source.display, job.config)
    target = _target(source, job)
    name = source.display if target is None else _display_txt(source)
    original = _existing_text(target, job.config.output_encoding or "utf-8")
    outcome = Outcome(source.display, name, original, result)
    encoder = TextEncoder(Encoding("utf-8"), job.config.output_encoding, source.display)
    payload = encoder.encode(result.text, 1) + encoder.finish()
    if source.is_stdin:
        return SourceReport(source, (outcome,), changed=outcome.changed, output=payload)
    if not job.write or target is None or (not outcome.changed and target.exists()):
        return SourceReport(source, (outcome,), changed=outcome.changed)
    atomic_write(target, payload)  # a .txt already there keeps its permissions
    return SourceReport(source, (outcome,), changed=outcome.changed, wrote=True)


def _path(source: Source) -> Path:
    assert source.path is not None
    return source.path


def _display_txt(source: Source) -> str:
    """How messages and diffs name the ``.txt`` written for ``source``."""
    return str(Path(source.display).with_suffix(".txt"))
