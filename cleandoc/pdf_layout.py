"""The layout of a PDF's text layer, turned into text: pure geometry, no PDF
library here (:mod:`cleandoc.pdf` reads the characters), so every decision
can be tested on hand-made pages.

From characters to text, per page then across pages:

1. **Rows.** Characters are grouped by the vertical centre of their boxes
   (Han and Latin glyphs of one line share it even where their baselines and
   box heights differ), then sorted left to right. A character drawn twice
   at the same place (a bold face simulated by overprinting) is kept once.
2. **Pieces.** A row is cut where the gap between two characters is wider
   than :data:`CELL_GAP` ems: the cells of a table row, or the lines of two
   columns side by side.
3. **Furniture.** The first and last rows of a page are page numbers or
   running headers and footers when they look like a page number, or when
   the same text (digits aside) stands at the same edge of at least half of
   the pages. They are left out of the text and returned, to be reported.
4. **Columns.** A vertical gutter that no piece crosses, with prose on both
   sides, makes the page (or a band of it, between full-width lines) read
   column by column: two-column pages and side boxes.
5. **Paragraphs.** A line is joined to the next one when it reaches its
   column's right edge and the next one starts at the column's left edge
   (no indent, same size, no blank space between them), across page and
   column breaks too. Anything else starts a new line: an indent, a short
   line, a change of size. Rows of several cells are table rows: written as
   one line with the cells separated by a tab, never joined; the rows of a
   name list and captions side by side are written with the full-width
   spaces the page shows (see :func:`_name_lists`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from statistics import median

# A page with images and fewer characters than this is a scan without a text
# layer (a file number or a stamp may be text): reported, its images unread.
SCANNED_TEXT = 20
# A gap wider than this many ems inside a row separates two cells (or columns).
CELL_GAP = 1.5
# A gap of at least this many ems inside a piece may be a column gutter: a
# line of the left column that ends in a mark (`》`, whose box is a full em
# while the glyph is trimmed) stands closer than CELL_GAP to the right column.
GUTTER_GAP = 0.8
# Up to this many ems, a gap after a lone Han character is letter-spacing (`综　合`).
LETTER_GAP = 3.5
# A gap wider than this many ems is a space, next to a Latin letter or digit
# and between Chinese characters alike (a half-width space, as laws write one
# after 第一条, is a fifth to a third of an em in CJK fonts), beyond the line's
# own spacing (see :func:`_spreads`). From SPACE_GAP ems on, a gap cuts a row
# into runs (see :func:`_runs`).
WORD_GAP = 0.2
# A line's letter-spacing is read below 0 down to this many ems: a grid of
# 29 characters in 156 mm at 16 pt is 0.047 em closer than its em; words an
# OCR layer squeezes (horizontal scaling) are no grid.
MAX_SQUEEZE = 0.05
SPACE_GAP = 0.4
# A line ending at most this many ems before its column's right edge reaches it
# (justified Chinese text ends at the edge; compressed punctuation or a
# character that did not fit leaves up to about one em).
EDGE_SLACK = 1.2
# A line starting more than this many ems right of the column's left edge is indented.
INDENT = 0.6
# The outer part of the page (top and bottom, a share of its height) where
# page numbers, running headers and footers stand.
MARGIN_SHARE = 0.14
# A row repeated (digits aside) at the same edge on at least this share of the
# pages (and on two pages at least) is a running header or footer.
REPEAT_SHARE = 0.5

_PAGE_NUMBER = re.compile(
    r"^[-—–－‐_~·•.\s]*"  # - 2 -, — 2 —, ·2·
    r"(?:第\s*)?(?:\d{1,4}|[ivxlcIVXLC]{1,6})(?:\s*页)?"
    r"(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?"
    r"[-—–－‐_~·•.\s]*$"
)
_DIGITS = re.compile(r"\d+")
_HAS_WORD = re.compile(r"[^\W\d_]")  # a letter or a Han character
# The four heading levels of GB/T 9704 and article numbers: after a sentence
# that ends at the right edge, a line starting with one is a new paragraph
# even where headings are not indented.
_HEADING_START = re.compile(
    r"(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d{1,2}[.．、](?!\d)|（\d{1,2}）"
    r"|第[一二三四五六七八九十百零〇]+[章节条])"
)
# A glyph whose font maps it to no character: placed like any character (a
# gap where it stood would read as a space or an indent), then left out of
# the text; the reader counts and reports them.
UNREAD = "\ufffd"
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True, slots=True)
class Char:
    """One character of the text layer: its box in PDF units (y grows
    upwards) and its font size in points (from the text matrix)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    space: str = ""  # the space characters the text layer holds right before it

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True, slots=True)
class Page:
    """A page's characters in content order, its size, and whether it holds
    images (a page with images and fewer than SCANNED_TEXT characters is a
    scan without a text layer; it need not say otherwise)."""

    width: float
    height: float
    chars: Sequence[Char]
    has_images: bool = False
    rotated: str = ""  # text drawn rotated (stamps, margin notes, watermarks): left out, reported
    hidden: str = ""  # text outside the page's visible (crop) box: left out, reported
    unmapped: int = 0  # glyphs whose font maps them to no character: not read, reported
    turn: int = 0  # quarter turns the page was read turned back by (a landscape page)
    # text at other quarter turns than the page's, each turned upright: read
    # after the page's text when it is a block of text (a table set across the
    # page), else left out and reported as rotated text (a note up the margin)
    blocks: tuple[Page, ...] = ()
    white: str = ""  # text drawn white on a page with nothing under it: invisible, left out, reported


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of characters in one row, between two wide gaps."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    # the gaps of GUTTER_GAP ems or more inside the piece, as (left x, right
    # x, offset in the text where the gap's spaces start): where a gutter
    # found later may still cut it
    gaps: tuple[tuple[float, float, int], ...] = ()
    # the letter-spacing left out of the text, as (offset in the text, width
    # in quarter ems):
    # written back as full-width spaces where the row is a name list, whose
    # names are padded to one width (`孙　尧` beside `孙瑞标`)
    pads: tuple[tuple[int, int], ...] = ()

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def padded(self) -> str:
        """The text with its letter-spacing written as full-width spaces."""
        text = self.text
        for at, quarters in sorted(self.pads, reverse=True):
            text = text[:at] + _pad(quarters) + text[at:]
        return text

    def open_at(self, x: float) -> tuple[float, float, int] | None:
        """The wide gap of this piece that ``x`` falls in, if any."""
        return next((g for g in self.gaps if g[0] <= x <= g[1]), None)

    def split_at(self, x: float) -> list[Piece]:
        """This piece cut at the wide gap that holds ``x`` (itself when none does)."""
        gap = self.open_at(x)
        if gap is None:
            return [self]
        left_x, right_x, at = gap
        left = self.text[:at].rstrip(" \u3000")
        right = self.text[at:].lstrip(" \u3000")
        inner = [g for g in self.gaps if g is not gap]
        shift = len(self.text) - len(right)
        return [
            Piece(
                left,
                self.x0,
                left_x,
                self.top,
                self.bottom,
                self.size,
                tuple(g for g in inner if g[1] <= left_x),
                tuple(p for p in self.pads if p[0] < len(left)),
            ),
            Piece(
                right,
                right_x,
                self.x1,
                self.top,
                self.bottom,
                self.size,
                tuple((a, b, i - shift) for a, b, i in inner if a >= right_x),
                tuple((i - shift, n) for i, n in self.pads if i >= shift),
            ),
        ]


@dataclass(frozen=True, slots=True)
class Line:
    """A line of text as read: one piece, or the cells of a table row."""

    cells: tuple[Piece, ...]
    page: int  # 1-based
    # a row of a name list, or captions side by side (see :func:`_name_lists`):
    # written as the document wrote it, its names padded and its cells apart
    # by full-width spaces, one an em (`孙　尧　　教育部副部长`), not as a table row
    names: bool = False

    @property
    def text(self) -> str:
        if not self.names:
            return "\t".join(c.text for c in self.cells)
        parts = [self.cells[0].padded]
        for a, b in pairwise(self.cells):
            parts += ["\u3000" * max(1, round((b.x0 - a.x1) / max(a.size, b.size))), b.padded]
        return "".join(parts)

    @property
    def x0(self) -> float:
        return self.cells[0].x0

    @property
    def x1(self) -> float:
        return self.cells[-1].x1

    @property
    def top(self) -> float:
        return max(c.top for c in self.cells)

    @property
    def bottom(self) -> float:
        return min(c.bottom for c in self.cells)

    @property
    def size(self) -> float:
        return max(c.size for c in self.cells)


@dataclass(frozen=True, slots=True)
class Furniture:
    """A row left out of the text: a page number, a running header or footer."""

    page: int
    text: str
    kind: str  # "page number", "running header", "running footer"


@dataclass(slots=True)
class Layout:
    """What :func:`layout_text` made of the pages: the text, the furniture
    left out (to be reported) with the line of the text where each stood,
    and the pages that hold images but no text."""

    text: str
    furniture: list[tuple[int, Furniture]] = field(default_factory=list)
    pages_without_text: list[int] = field(default_factory=list)
    scant: dict[int, int] = field(default_factory=dict)  # of those, the ones with a little text: how much
    rotated: list[tuple[int, str]] = field(default_factory=list)  # (page, text) left out
    hidden: list[tuple[int, str]] = field(default_factory=list)  # (page, text) outside the crop box
    white: list[tuple[int, str]] = field(default_factory=list)  # (page, text) white on a white page
    # (page, glyphs without Unicode, the line of the text where the first stood: 1 when none did)
    unmapped: list[tuple[int, int, int]] = field(default_factory=list)
    turned: list[tuple[int, int]] = field(default_factory=list)  # (page, quarter turns) read turned back
    vertical: list[int] = field(default_factory=list)  # pages set vertically, read column by column
    chars: int = 0
    overprinted: int = 0  # characters drawn twice at one place, read once


# ---------------------------------------------------------------------------
# rows and pieces


def _rows(chars: Iterable[Char]) -> list[list[Char]]:
    """Characters grouped into rows by the centre of their boxes, top row
    first, each sorted left to right."""
    ordered = sorted(chars, key=lambda c: -c.yc)
    rows: list[list[Char]] = []
    anchor = 0.0
    for c in ordered:
        if rows and anchor - c.yc <= 0.35 * max(c.size, rows[-1][0].size):
            rows[-1].append(c)
        else:
            rows.append([c])
            anchor = c.yc
    for row in rows:
        row.sort(key=lambda c: c.x0)
    return rows


def _neighbours(chars: Sequence[Char], across: bool) -> int:
    """How many characters have a neighbour close after them (half an em at
    most) along the line (``across``: left to right, on one row) or down the
    page (one above the other, on one axis)."""
    if across:
        lines = _rows(chars)
    else:
        by_x: dict[int, list[Char]] = {}
        for c in chars:
            by_x.setdefault(round(c.xc / (0.25 * c.size)), []).append(c)
        lines = [sorted(col, key=lambda c: -c.yc) for col in by_x.values()]
    n = 0
    for line in lines:
        for a, b in pairwise(line):
            gap = (b.x0 - a.x1) if across else (a.y0 - b.y1)
            n += -0.3 * a.size <= gap <= 0.5 * a.size
    return n


def _vertical(chars: Sequence[Char]) -> bool:
    """Whether a page is set vertically (竖排): its Han characters stand one
    under the other, in columns, far more often than side by side. (A table's
    figures stand in columns too, a line pitch apart: further than half an
    em.)"""
    han = [c for c in chars if _is_han(c.text)]
    if len(han) < 8:
        return False
    down = _neighbours(han, across=False)
    return down >= 0.5 * len(han) and down > 3 * _neighbours(han, across=True)


def _upright(page: Page) -> Page:
    """A vertical page turned a quarter anticlockwise: its columns, right to
    left, become lines, top to bottom, read left to right."""
    h = page.height
    chars = [replace(c, x0=h - c.y1, x1=h - c.y0, y0=c.x0, y1=c.x1) for c in page.chars]
    return replace(page, width=h, height=page.width, chars=chars)


def _is_block(block: Page) -> bool:
    """Whether text set at another quarter turn than its page's is a block to
    read (a table set across the page: two rows and twenty characters at
    least), not a note up the margin (a binding line, a file number)."""
    return len(block.chars) >= 20 and len(_rows(block.chars)) >= 2


def _overprinted(a: Char, b: Char) -> bool:
    """``b`` is ``a`` drawn again at (almost) the same place: simulated bold.
    Two characters that share one box as wide as both (`――` shaped as one
    glyph of two ems) are a cluster, not a character drawn twice."""
    return (
        a.text == b.text
        and abs(a.x0 - b.x0) < 0.3 * a.size
        and abs(a.yc - b.yc) < 0.3 * a.size
        and a.x1 - a.x0 < 1.5 * a.size
    )


# Full-width marks set in the half of their em next to the text they belong
# to: PDFium may give such a mark the box of its glyph (`〈` from the middle
# of its em), and the other half would read as a space (`修改 〈中华`).
_OPENING = frozenset("（〈《「『【〔“‘")
_CLOSING = frozenset("）〉》」』】〕”’，。、；：！？")


def _gap_ems(a: Char, b: Char) -> float:
    """The blank between two characters of a row, in ems, a full-width mark
    and a Han character taken as the em they stand in: PDFium may give a
    character the box of its glyph, and a narrow one (`目`, `二`), centred in
    its em, would leave a blank that reads as a space (`重项目 目标`)."""
    right, left = a.x1, b.x0
    if a.text in _CLOSING:
        right = max(right, a.x0 + a.size)
    elif "\u4e00" <= a.text <= "\u9fff":
        right = max(right, (a.x0 + a.x1 + a.size) / 2)
    if b.text in _OPENING:
        left = min(left, b.x1 - b.size)
    elif "\u4e00" <= b.text <= "\u9fff":
        left = min(left, (b.x0 + b.x1 - b.size) / 2)
    return (left - right) / max(a.size, b.size)


def _runs(row: Sequence[Char]) -> list[list[Char]]:
    """A row cut wherever a space stands (a gap of SPACE_GAP ems, or a space
    character of the text layer), overprinted characters read once."""
    runs: list[list[Char]] = []
    for c in row:
        if runs:
            prev = runs[-1][-1]
            if _overprinted(prev, c):
                continue
            if not c.space and _gap_ems(prev, c) < SPACE_GAP:
                runs[-1].append(c)
                continue
        runs.append([c])
    return runs


def _pieces(row: Sequence[Char]) -> list[Piece]:
    """A row cut at its wide gaps (cells, columns). Inside a piece, a gap is
    written as the space it shows (see :func:`_space`); letter-spacing inside
    a word (see :func:`_letter_spaced`) is typography, not text."""
    pieces: list[Piece] = []
    chars: list[Char] = []
    parts: list[str] = []
    gaps: list[tuple[float, float, int]] = []
    pads: list[tuple[int, int]] = []
    last: list[Char] = []  # the run before this one
    spreads = _spreads(row)
    for run in _runs(row):
        if chars:
            prev, first = chars[-1], run[0]
            gap = _gap_ems(prev, first)
            if _letter_spaced(last, run, gap):
                pads.append((sum(map(len, parts)), max(1, round(4 * gap))))
            elif gap <= CELL_GAP:
                if gap >= GUTTER_GAP:
                    gaps.append((prev.x1, first.x0, sum(map(len, parts))))
                # the text layer's own space where it has one, else the gap's
                space = _space(prev.text, first.text, gap - spreads[id(first)])
                parts.append(first.space if first.space and gap > 0 else space)
            else:
                pieces.append(_piece(chars, parts, gaps, pads))
                chars, parts, gaps, pads = [], [], [], []
        for i, c in enumerate(run):
            if i:
                parts.append(_space(run[i - 1].text, c.text, _gap_ems(run[i - 1], c) - spreads[id(c)]))
            parts.append(c.text)
        chars += run
        last = run
    if chars:
        pieces.append(_piece(chars, parts, gaps, pads))
    return pieces


def _spreads(row: Sequence[Char]) -> dict[int, float]:
    """Each character's line spacing, in ems, by ``id``: what justification
    (or a font's tracking) adds to every gap between Chinese characters of
    its line, the narrowest such gap (0 for a line with fewer than two;
    below 0 for a grid set closer than the em, see :data:`MAX_SQUEEZE`). A
    row holds one line per column or cell, each stretched on its own: the
    lines are the stretches between gaps of GUTTER_GAP ems. Spaces are read
    beyond it, so a line stretched to the edge (`人  员  为` before a long
    number that did not fit) reads no space where none was written."""
    out: dict[int, float] = {}
    line: list[Char] = []
    han_gaps: list[float] = []

    def close() -> None:
        spread = 0.0
        if len(han_gaps) >= 2:
            spread = max(0.0, min(han_gaps))
            # a line set closer than its em (a grid's negative letter-spacing:
            # GB/T 9704's 28 characters in 156 mm at 16 pt stand 0.013 em
            # closer) has its typical gap below 0, the lower median: a glyph
            # overhanging its em (`办`) makes the narrowest narrower still
            # and a space (`第一章 总则`) the widest; an overlap of half an
            # em or more is an overprint, no spacing
            close_set = sorted(g for g in han_gaps if g > -0.5)
            typical = close_set[(len(close_set) - 1) // 2] if len(close_set) >= 2 else 0.0
            if typical < 0:
                spread = max(typical, -MAX_SQUEEZE)
        for c in line:
            out[id(c)] = spread
        line.clear()
        han_gaps.clear()

    for i, c in enumerate(row):
        if i:
            prev = row[i - 1]
            gap = _gap_ems(prev, c)
            if gap >= GUTTER_GAP:
                close()
            elif _is_han(prev.text) and _is_han(c.text):
                han_gaps.append(gap)
        line.append(c)
    close()
    return out


def _letter_spaced(a: Sequence[Char], b: Sequence[Char], gap_ems: float) -> bool:
    """Whether the gap between two runs of a row is letter-spacing inside one
    word, as in a heading `一、综　　合` or a table label `粮　　食`: a lone Han
    character on each side (a run of one, or next to a mark, as in `一、综` or
    `数（`), a few ems apart at most. The lines of two columns side by side
    end and start with longer runs."""
    last, first = a[-1], b[0]
    if not (SPACE_GAP <= gap_ems <= LETTER_GAP and _is_han(last.text) and _is_han(first.text)):
        return False
    lone_end = len(a) == 1 or (len(a) <= 4 and not _is_han(a[-2].text))
    lone_start = len(b) == 1 or not _is_han(b[1].text)
    return lone_end and lone_start


def _space(a: str, b: str, gap_ems: float) -> str:
    """The space a gap between characters ``a`` and ``b`` stands for: one
    between Latin words or numbers, and next to Chinese up to three quarters
    of an em (the engine's rules decide whether it stays next to Han);
    between Chinese characters, none for the spacing of
    justified text, a space for a quarter to three quarters of an em
    (``第一条 为了``), else full-width spaces, one per
    em, as official documents write them after an article number
    (`第一条　`) or between issuing agencies."""
    if gap_ems <= WORD_GAP:
        return ""
    if a.isascii() and b.isascii():
        return " "
    if a.isascii() or b.isascii():
        # next to Chinese, a gap of an em is a full-width space (`发布　2018年`)
        return " " if gap_ems < 0.75 else "\u3000" * max(1, round(gap_ems))
    if gap_ems < 0.75:
        return " "
    return "\u3000" * max(1, round(gap_ems))  # U+3000 IDEOGRAPHIC SPACE


def _pad(quarters: int) -> str:
    """The spaces padding ``quarters`` quarter ems wide stands for: full-width
    ones from three quarters of an em (`孙　尧`), else half-width ones of a
    quarter em each (`主  任：`, two spaces half an em wide)."""
    if quarters >= 3:
        return "\u3000" * max(1, round(quarters / 4))
    return " " * quarters


def _is_han(ch: str) -> bool:
    return _HAN.match(ch) is not None


def _piece(
    run: Sequence[Char],
    parts: Sequence[str],
    gaps: Sequence[tuple[float, float, int]] = (),
    pads: Sequence[tuple[int, int]] = (),
) -> Piece:
    sizes = sorted(c.size for c in run)
    return Piece(
        "".join(parts),
        run[0].x0,
        max(c.x1 for c in run),
        max(c.y1 for c in run),
        min(c.y0 for c in run),
        sizes[len(sizes) // 2],
        tuple(gaps),
        tuple(pads),
    )


# ---------------------------------------------------------------------------
# furniture


def _furniture_key(row: Sequence[Piece]) -> str:
    return _DIGITS.sub("#", "".join("".join(p.text.split()) for p in row))


def _is_page_number(row: Sequence[Piece]) -> bool:
    return _PAGE_NUMBER.match(" ".join(p.text for p in row)) is not None


def _edge_rows(page_rows: list[list[Piece]], page: Page) -> tuple[int, int]:
    """How many rows at the top and at the bottom of a page stand in its outer
    margins (at most two each): the only candidates for furniture."""
    band = MARGIN_SHARE * page.height
    top = 0
    while top < min(2, len(page_rows)) and page_rows[top][0].bottom >= page.height - band:
        top += 1
    bottom = 0
    while bottom < min(2, len(page_rows) - top) and page_rows[-1 - bottom][0].top <= band:
        bottom += 1
    return top, bottom


def _page_numbers(
    candidates: Sequence[tuple[int, int, str]], rows: Sequence[list[list[Piece]]]
) -> set[tuple[int, int]]:
    """The candidate rows that are page numbers: a number alone (`— 2 —`,
    `第2页`, `2/9`) that goes up with the pages (the same offset from the page's
    index on two pages at least: a table cell does not), or a decorated one
    (dashes, 第…页) in a document of one page."""
    found: dict[int, list[tuple[int, int]]] = {}  # offset -> rows
    decorated: list[tuple[int, int]] = []
    for pi, ri, _ in candidates:
        text = " ".join(p.text for p in rows[pi][ri])
        m = _PAGE_NUMBER.match(text)
        if m is None:
            continue
        digits = _DIGITS.search(text)
        if digits is not None:
            found.setdefault(int(digits.group()) - pi, []).append((pi, ri))
        if re.search(r"[-—–－‐页]", text):
            decorated.append((pi, ri))
    best = max(found.values(), key=len, default=[])
    if len({pi for pi, _ in best}) >= 2:
        return set(best)
    if len(rows) == 1:
        return set(decorated)
    return set()


def find_furniture(pages: Sequence[Page], rows: Sequence[list[list[Piece]]]) -> dict[tuple[int, int], str]:
    """The rows that are furniture, as {(page index, row index): kind}."""
    candidates: list[tuple[int, int, str]] = []  # page, row, edge
    for pi, (page, page_rows) in enumerate(zip(pages, rows, strict=True)):
        top, bottom = _edge_rows(page_rows, page)
        candidates += [(pi, ri, "header") for ri in range(top)]
        candidates += [(pi, len(page_rows) - 1 - k, "footer") for k in range(bottom)]
    seen: Counter[tuple[str, str]] = Counter()
    for pi, ri, edge in set(candidates):
        seen[(edge, _furniture_key(rows[pi][ri]))] += 1
    repeat_min = max(2, REPEAT_SHARE * len(pages))
    numbers = _page_numbers(candidates, rows)
    found: dict[tuple[int, int], str] = {}
    for pi, ri, edge in candidates:
        row = rows[pi][ri]
        key = _furniture_key(row)
        if (pi, ri) in numbers:
            found[(pi, ri)] = "page number"
        elif len(row) <= 2 and seen[(edge, key)] >= repeat_min and _HAS_WORD.search(key):
            # two pieces at most (a title left, a date right): the header row of
            # a table continued on every page has more cells, and is text; and
            # words: rows of figures (a table's last row) are not headers
            found[(pi, ri)] = f"running {edge}"
    return found


# ---------------------------------------------------------------------------
# columns


def _gutter(pieces: Sequence[Piece], page: Page) -> float | None:
    """The x of a vertical gutter with prose on both sides, if there is one:
    a band no piece crosses except a few full-width ones, with at least three
    pieces on each side whose median length is that of prose lines."""
    if len(pieces) < 6:
        return None
    left_edge = min(p.x0 for p in pieces)
    right_edge = max(p.x1 for p in pieces)
    width = right_edge - left_edge
    if width <= 0:
        return None
    step = 2.0
    best: tuple[int, float] | None = None
    x = left_edge + 0.2 * width
    while x <= left_edge + 0.8 * width:
        # a piece crosses x unless x falls in one of its wide gaps
        crossing = sum(1 for p in pieces if p.x0 < x < p.x1 and (not p.gaps or p.open_at(x) is None))
        if best is None or crossing < best[0]:
            best = (crossing, x)
        x += step
    if best is None or best[0] > max(1, 0.1 * len(pieces)):
        return None
    gx = best[1]
    pieces = [q for p in pieces for q in (p.split_at(gx) if p.gaps and p.x0 < gx < p.x1 else (p,))]
    left = [p for p in pieces if p.x1 <= gx]
    right = [p for p in pieces if p.x0 >= gx]
    if len(left) < 3 or len(right) < 3:
        return None
    if not (_prose(left) and _prose(right)):
        return None  # a table: short cells on one side at least
    return gx


def _prose(side: Sequence[Piece]) -> bool:
    """Whether most of the text of a side of a gutter is in pieces as long
    as prose lines: a column may hold a name list (`刘金国　公安部副部长`)
    among its paragraphs, while a table's columns of figures hold none."""
    total = sum(len(p.text) for p in side)
    return 2 * sum(len(p.text) for p in side if len(p.text) >= 8) >= total


def _reading_order(pieces: list[Piece], page: Page) -> list[tuple[str, list[Piece]]]:
    """The pieces of a page as regions in reading order: full-width stretches
    whole, and in the bands between full-width lines, the left column, then
    the right one. Each region is its kind (``page``, ``band``, ``left``,
    ``right``) and its pieces, top first."""
    gx = _gutter(pieces, page)
    if gx is None:
        return [("page", sorted(pieces, key=lambda p: (-p.yc, p.x0)))]
    # the lines of the two columns that stand closer than a cell gap: cut at the gutter
    pieces = [q for p in pieces for q in (p.split_at(gx) if p.gaps and p.x0 < gx < p.x1 else (p,))]
    pieces = sorted(pieces, key=lambda p: (-p.yc, p.x0))
    regions: list[tuple[str, list[Piece]]] = []
    full: list[Piece] = []
    left: list[Piece] = []
    right: list[Piece] = []

    def flush_columns() -> None:
        for kind, side in (("left", left), ("right", right)):
            if side:
                regions.append((kind, list(side)))
                side.clear()

    for p in pieces:
        if p.x0 < gx < p.x1:
            flush_columns()
            full.append(p)
            continue
        if full:
            regions.append(("band", full))
            full = []
        (left if p.x1 <= gx else right).append(p)
    flush_columns()
    if full:
        regions.append(("band", full))
    return regions


def _region_lines(region: Sequence[Piece], page_no: int) -> list[Line]:
    """The pieces of a region put back into lines: pieces on the same row are
    the cells of one table row."""
    lines: list[list[Piece]] = []
    for p in region:
        if lines and abs(lines[-1][0].yc - p.yc) <= 0.35 * max(p.size, lines[-1][0].size):
            lines[-1].append(p)
        else:
            lines.append([p])
    return [Line(tuple(sorted(cells, key=lambda c: c.x0)), page_no) for cells in lines]


# A name list's first cell: a name of two to four characters (padded to the
# width of three: `孙　尧`), after its role (`副组长：`); or a role alone (`总理`).
_NAME_CELL = re.compile(r"^(?:[\u4e00-\u9fff]{1,5}：)?[\u4e00-\u9fff]{2,4}$")
_FIGURE = re.compile(r"[\d%％]")


# A caption of a figure or a table: `图5　汽车前号牌`, `表 2`.
_CAPTION = re.compile(r"^[图表]\s*\d")


def _is_caption_row(line: Line) -> bool:
    """Whether a row of cells is captions set side by side (`图5　汽车前号牌`
    far left of `图6　汽车后号牌`): every cell opens with a caption's number."""
    return len(line.cells) > 1 and all(_CAPTION.match(c.text) for c in line.cells)


def _is_name_row(line: Line) -> bool:
    """Whether a row of cells is one of a name list: a name first, then words
    (a post, more names), no figure anywhere."""
    if len(line.cells) < 2 or any(_FIGURE.search(c.text) for c in line.cells):
        return False
    first = "".join(line.cells[0].text.split())
    return _NAME_CELL.match(first) is not None and all(_HAS_WORD.match(c.text) for c in line.cells[1:])


# A role standing over its names on a line of its own (`委　员：`).
_ROLE = re.compile(r"^[\u4e00-\u9fff]{1,5}：$")


def _is_role(line: Line) -> bool:
    return len(line.cells) == 1 and _ROLE.match("".join(line.cells[0].text.split())) is not None


def _name_lists(lines: Sequence[Line]) -> list[Line]:
    """The lines of a region, the rows of its name lists (and of captions set
    side by side) marked as such: a stretch of rows of cells, every one of
    them a name row (a caption row) or a role over the names under it
    (`委　员：`). A table's header row (`指　标	年末数（万人）`)
    is no name row's neighbour only: the rows of figures under it make the
    stretch a table."""
    out = list(lines)
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and (len(out[j].cells) > 1 or _is_role(out[j])):
            j += 1
        rows = out[i:j]
        if any(len(ln.cells) > 1 for ln in rows) and (
            all(_is_name_row(ln) or _is_role(ln) for ln in rows) or all(_is_caption_row(ln) for ln in rows)
        ):
            out[i:j] = [replace(ln, names=True) for ln in out[i:j]]
        i = max(j, i + 1)
    return out


# ---------------------------------------------------------------------------
# paragraphs


@dataclass(frozen=True, slots=True)
class _Edges:
    """A region's left and right edge, as most of its lines show them, and
    the usual blank space between two lines of a paragraph."""

    left: float
    right: float
    leading: float


def _edges(lines: Sequence[Line]) -> _Edges | None:
    prose = [ln for ln in lines if len(ln.cells) == 1]
    if len(prose) < 3:
        return None  # two lines cannot tell an edge from a short line
    em = median(ln.size for ln in prose)
    # lines of display type (a title across a page whose text fills one
    # column) show no edge of the text
    prose = [ln for ln in prose if ln.size <= TITLE_SIZE * em]
    starts = Counter(round(ln.x0 / (0.5 * em)) for ln in prose)
    common = max(starts.values())
    # the leftmost start shared by several lines (indented first lines and
    # centred titles start further right)
    left_key = min(k for k, n in starts.items() if n >= min(common, max(2, common // 3)))
    left = min(ln.x0 for ln in prose if round(ln.x0 / (0.5 * em)) == left_key)
    ends = sorted((ln.x1 for ln in prose), reverse=True)
    # the rightmost end shared by two lines (within half an em): one line
    # overhanging the edge does not move it, nor do many short lines
    right = next((a for a, b in pairwise(ends) if a - b <= 0.5 * em), ends[1])
    # full lines that go on a paragraph start at the left edge: where short
    # lines set indented outnumber them (a table set one cell a line, its
    # figures indented as first lines are), their start is the edge
    full = Counter(round(ln.x0 / (0.5 * em)) for ln in prose if ln.x1 >= right - EDGE_SLACK * em)
    shared = [k for k, n in full.items() if n >= 2 and k < left_key]
    if shared:
        left = min(ln.x0 for ln in prose if round(ln.x0 / (0.5 * em)) == min(shared))
    gaps = [a.bottom - b.top for a, b in pairwise(prose) if a.bottom > b.top]
    # at most 1.5 ems: a region of two lines far apart has no leading to learn from
    leading = min(median(gaps), 1.5 * em) if gaps else 0.5 * em
    return _Edges(left, right, leading)


def _continues(
    a: Line, b: Line, ea: _Edges | None, eb: _Edges | None, same_region: bool, paragraph: str = ""
) -> bool:
    """Whether line ``b`` goes on with ``a``'s paragraph: ``a`` reaches its
    right edge, ``b`` starts at its left edge, both are prose of one size,
    with no blank space between them when they share a region. A row of
    cells goes on too where its last cell is prose that the edge cut (a name
    list: `王晓晖　　中央宣传部副部长、中央政` / `研室副主任`; captions side by side,
    `图6` / `汽车后号牌`). ``paragraph`` is the text of ``a``'s paragraph so far:
    a list run in it (`（1）……；（2）……办公住所；` / `（3）全国性……`) goes on."""
    if ea is None or eb is None or len(b.cells) > 1:
        return False
    if len(a.cells) > 1 and not (_wraps(a.cells[-1]) or _is_caption_row(a)):
        return False
    em = a.size
    if abs(a.size - b.size) > 0.15 * em:
        return False
    if a.x1 < ea.right - EDGE_SLACK * em or b.x0 > eb.left + INDENT * em:
        return False
    if a.x0 > ea.left + 4 * em:
        return False  # a centred or far-indented line: a title, a signature
    heading = _HEADING_START.match(b.text)
    # (a run-in list's items end with a semicolon; after a full stop, a note's
    # items `注：1、……。` / `2、……` stand on lines of their own)
    if (
        a.text[-1:] in "。！？；"
        and heading
        and not (a.text[-1] == "；" and _run_in(heading.group(), paragraph))
    ):
        return False
    if same_region and a.page == b.page:
        gap = a.bottom - b.top
        if gap > ea.leading + 0.6 * em:
            return False  # a blank line between them
    return True


_CN_DIGITS = "零一二三四五六七八九"


def _cn_number(text: str) -> int | None:
    """一 to 九十九 as a number (the numbers of headings and articles)."""
    if not text or any(ch not in _CN_DIGITS + "十" for ch in text):
        return None
    if "十" not in text:
        return _CN_DIGITS.index(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    t = _CN_DIGITS.index(tens) if tens else 1
    return 10 * t + (_CN_DIGITS.index(ones) if ones else 0)


def _cn_numeral(n: int) -> str:
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[ones] if ones or not tens else "")


def _previous_marker(marker: str) -> str | None:
    """The marker of the item before the one ``marker`` opens (`（3）` ->
    `（2）`, `三、` -> `二、`, `第十一条` -> `第十条`), None for a first item."""
    arabic = re.match(r"^(\D*?)(\d+)(\D*)$", marker)
    if arabic:
        k = int(arabic.group(2))
        return f"{arabic.group(1)}{k - 1}{arabic.group(3)}" if k > 1 else None
    m = re.match(r"^([（第]?)([一二三四五六七八九十]+)(.*)$", marker)
    n = _cn_number(m.group(2)) if m else None
    if m is None or n is None or n < 2:
        return None
    return f"{m.group(1)}{_cn_numeral(n - 1)}{m.group(3)}"


def _run_in(marker: str, paragraph: str) -> bool:
    """Whether the item ``marker`` opens belongs to a list run in
    ``paragraph``: the item before it stands inside the paragraph, not at its
    start (`（1）有专职工作人员；（2）有独立、固定的办公住所；` goes on with
    `（3）`; a heading after a paragraph that ends at the edge does not)."""
    previous = _previous_marker(marker)
    return previous is not None and paragraph.find(previous) > 0


def _wraps(cell: Piece) -> bool:
    """Whether a row's last cell is prose that may go on on the next line:
    words (not a figure), ending with a Han character."""
    return len(cell.text) >= 6 and _is_han(cell.text[-1]) and _HAS_WORD.match(cell.text) is not None


# A line of at least this many times the body size is display type: a title.
TITLE_SIZE = 1.2
# The blank between two lines of a title, in ems of its size, at most: Word
# and WPS set a 22 pt title on a GB/T 9704 grid of 16 pt lines two lines of
# the grid apart (a blank of 1.6 ems); a blank line between two lines of
# display type set 1.45 apart leaves 1.9 ems or more.
TITLE_GAP = 1.75


def _body_size(lines: Iterable[Line]) -> float:
    """The size most of the text is set in (by characters)."""
    sizes: Counter[float] = Counter()
    for ln in lines:
        sizes[round(ln.size, 1)] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _title_goes_on(a: Line, b: Line, body: float) -> bool:
    """Whether ``b`` goes on with the title ``a``: a title wrapped over
    centred lines of display type (`……规定的犯罪的罪` / `名的意见`), which
    reach no edge the prose shows. Both lines of one size, larger than the
    body text, centred on one axis, one line pitch apart on the same page
    (see :data:`TITLE_GAP`), and ``a`` ends no sentence."""
    if len(a.cells) > 1 or len(b.cells) > 1 or a.page != b.page or not body:
        return False
    em = a.size
    if em < TITLE_SIZE * body or abs(a.size - b.size) > 0.15 * em:
        return False
    if abs((a.x0 + a.x1) - (b.x0 + b.x1)) / 2 > 1.5 * em:
        return False  # not centred on one axis
    if not 0 <= a.bottom - b.top <= TITLE_GAP * em:
        return False  # a blank line between them
    # (a title may wrap before 第十二条: no heading test here)
    return a.text[-1:] not in "。！？；："


def _joiner(a: str, b: str) -> str:
    """What goes between two joined lines: a space between two Latin words,
    nothing elsewhere (Chinese breaks anywhere, a number cut at the edge is one number)."""
    return " " if a[-1:].isascii() and a[-1:].isalpha() and b[:1].isascii() and b[:1].isalpha() else ""


def layout_text(pages: Sequence[Page]) -> Layout:
    """The text of ``pages`` as laid out (see the module doc)."""
    rows_by_page: list[list[list[Piece]]] = []
    out = Layout("")
    before = pages
    pages = [_upright(p) if _vertical(p.chars) else p for p in pages]
    out.vertical = [n for n, (a, b) in enumerate(zip(pages, before, strict=True), 1) if a is not b]
    for page_no, page in enumerate(pages, 1):
        page_rows = [_pieces(row) for row in _rows(page.chars)]
        rows_by_page.append([r for r in page_rows if r])
        out.chars += len(page.chars)
        written = sum(len(p.text) - p.text.count(" ") - p.text.count("\u3000") for r in page_rows for p in r)
        out.overprinted += len(page.chars) - written
        read = len(page.chars) + sum(len(b.chars) for b in page.blocks if _is_block(b))
        if page.has_images and read < SCANNED_TEXT:
            # (a file number stamped on a scanned page does not make it text)
            out.pages_without_text.append(page_no)
            if read:
                out.scant[page_no] = read
        small = "".join(c.text for b in page.blocks if not _is_block(b) for c in b.chars)
        if page.rotated or small:
            out.rotated.append((page_no, small + page.rotated))
        if page.hidden:
            out.hidden.append((page_no, page.hidden))
        if page.white:
            out.white.append((page_no, page.white))
        if page.turn:
            out.turned.append((page_no, page.turn))
        out.turned += [(page_no, b.turn) for b in page.blocks if _is_block(b)]
    furniture = find_furniture(pages, rows_by_page)

    # the regions of every page in reading order, each with the key of the
    # regions that share its geometry: the single-column pages of one size,
    # the left columns of two-column pages of one size... Edges are learnt from
    # all the lines of a key (a page or a column of short lines shows none).
    regions: list[tuple[list[Line], tuple[str, int, int]]] = []
    removed: list[tuple[int, Furniture]] = []  # (index of the region it stood before, furniture)
    for pi, (page, page_rows) in enumerate(zip(pages, rows_by_page, strict=True)):
        body: list[Piece] = []
        for ri, row in enumerate(page_rows):
            kind = furniture.get((pi, ri))
            if kind is None:
                body += row
            else:
                text = "  ".join(p.text for p in row)
                removed.append((len(regions), Furniture(pi + 1, text, kind)))
        size = (round(page.width), round(page.height))
        for kind, pieces in _reading_order(body, page):
            regions.append((_name_lists(_region_lines(pieces, pi + 1)), (kind, *size)))
        for block in filter(_is_block, page.blocks):
            pieces = [p for row in _rows(block.chars) for p in _pieces(row)]
            for kind, part in _reading_order(pieces, block):
                key = (f"turned {kind}", round(block.width), round(block.height))
                regions.append((_name_lists(_region_lines(part, pi + 1)), key))
    pooled: dict[tuple[str, int, int], list[Line]] = {}
    for lines, key in regions:
        pooled.setdefault(key, []).extend(lines)
    edges_of = {key: _edges(lines) for key, lines in pooled.items()}

    # every line in reading order, with its region's edges
    stream: list[tuple[Line, _Edges | None, int]] = []
    starts: list[int] = []  # index in the stream where each region starts
    for rid, (lines, key) in enumerate(regions):
        starts.append(len(stream))
        stream += [(ln, edges_of[key], rid) for ln in lines]
    starts.append(len(stream))
    removed = [(starts[r], f) for r, f in removed]

    body_size = _body_size(ln for ln, _, _ in stream)
    text_parts: list[str] = []
    paragraph_start = 0  # the index in text_parts where the paragraph being read starts
    line_no = 1
    at_line: list[int] = []  # the output line each stream line ends up on
    for i, (ln, edges, rid) in enumerate(stream):
        if i:
            prev, prev_edges, prev_rid = stream[i - 1]
            paragraph = "".join(text_parts[paragraph_start:])
            if _continues(prev, ln, prev_edges, edges, rid == prev_rid, paragraph) or _title_goes_on(
                prev, ln, body_size
            ):
                text_parts.append(_joiner(text_parts[-1], ln.text))
            else:
                text_parts.append("\n")
                paragraph_start = len(text_parts)
                line_no += 1
        at_line.append(line_no)
        text_parts.append(ln.text)
    text = "".join(text_parts)
    first_unread: dict[int, int] = {}
    for (ln, _, _), at in zip(stream, at_line, strict=True):
        if UNREAD in ln.text:
            first_unread.setdefault(ln.page, at)
    out.unmapped = [(n, p.unmapped, first_unread.get(n, 1)) for n, p in enumerate(pages, 1) if p.unmapped]
    if UNREAD in text:
        text = text.replace(UNREAD, "")
    if text:
        text += "\n"
    out.text = text
    out.furniture = [(at_line[i] if i < len(at_line) else line_no, f) for i, f in removed]
    return out


def han_count(text: str) -> int:
    """Han characters in ``text`` (the measure of what must not be lost)."""
    return len(_HAN.findall(text))
