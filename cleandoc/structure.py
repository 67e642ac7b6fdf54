"""The one parse of a document into blocks that know what they are.

A document damaged by PDF extraction is a list of physical lines: pieces of
paragraphs cut at the page width, page numbers, running headers, blank lines.
``parse`` turns it into ``Block`` s: the header elements of GB/T 9704
(issuing-agency lines, document number, title, addressee), headings of the
four levels, list items, paragraphs, signature, date, notes such as
``（此件主动公开）``, attachment lists, name-list/table rows, and the page
furniture that was never written by the authors.

A block may span several physical lines (a paragraph cut at the page width, a
title wrapped over three lines); line repair joins them, and once it has run
every block is one line, so later families (headings, dedup) can parse again
and get one line per block.

Deciding which lines belong together uses, in this order: what an element is
(a heading never continues the line above it), what the previous line's end
says (an open bracket, a comma or a cut number cannot end a paragraph), and
the document's own wrap width (a line as wide as the page was cut by the
page, not by the author). Every test is local to two lines plus counts made
once per document, so the parse is linear in the document's size.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from itertools import accumulate, islice, pairwise
from typing import Final, cast

from cleandoc.markers import Marker, find_marker
from cleandoc.text import han_count


class Kind(StrEnum):
    """What a line or block is."""

    AGENCY = "agency"  # 版头: issuing-agency lines, "湖南省财政厅文件"
    DOC_NUMBER = "doc-number"  # 发文字号: 湘教通〔2018〕22号
    TITLE = "title"
    ADDRESSEE = "addressee"  # 主送机关: ends with "："
    HEADING = "heading"  # 一、 （一） and 第一章/第一条
    LIST_ITEM = "list-item"  # 1. （1）
    PARAGRAPH = "paragraph"
    SIGNATURE = "signature"
    DATE = "date"
    NOTE = "note"  # （此件主动公开）
    ATTACHMENT = "attachment"  # 附件：1.…
    ROW = "row"  # name lists and tables: alignment padding, cells
    PAGE_NUMBER = "page-number"
    RUNNING = "running-header"  # header/footer repeated on every page
    DOC_CODE = "doc-code"  # ZJAC01-2025-0005 at a page top

    @property
    def furniture(self) -> bool:
        """Page furniture: not written by the authors, removed by line repair."""
        return self in _FURNITURE


_FURNITURE = frozenset({Kind.PAGE_NUMBER, Kind.RUNNING, Kind.DOC_CODE})


@dataclass(frozen=True, slots=True)
class Line:
    """One physical line of the text.

    ``start``/``end`` delimit the visible content (indentation and trailing
    whitespace excluded) in the text's coordinates; ``line_start`` is where the
    line begins (after a page break), ``line_end`` where its newline is.
    """

    index: int
    line_start: int
    line_end: int
    start: int
    end: int
    body: str  # content without Markdown decoration and zero-width characters
    indent: int  # leading indentation in display cells
    page_break: bool  # a form feed precedes the line
    kind: Kind | None  # None for blank lines
    level: int | None = None  # marker level (markers.LEVEL_*) of headings and list items
    trailing_space: bool = False  # spaces after the content (a cut may fall on one)
    raw: str = ""  # the visible content as extracted (decoration kept): what the page width cut
    lead_spaces: int = 0  # ASCII spaces before the content (a cut may fall before one)

    @property
    def blank(self) -> bool:
        return self.kind is None


class _LineSlots:
    """A mutable twin of ``Line``: the same slots in the same order.

    The parse builds a Line for every physical line of every text the
    pipeline passes through, and a frozen dataclass's __init__ sets each field
    through object.__setattr__, looked up anew each time; even its slot
    descriptors called directly cost a call per field. A plain store to a slot
    of this class is compiled to a direct write, and an object built as one
    becomes a Line by assigning its ``__class__``: the same object (Line has no
    __post_init__) in less than half the time. CPython allows the assignment
    only between classes of one layout, and the slots here are Line's own.
    (The annotations are for mypy: they name what the slots hold.)"""

    __slots__ = Line.__slots__
    index: int
    line_start: int
    line_end: int
    start: int
    end: int
    body: str
    indent: int
    page_break: bool
    kind: Kind | None
    level: int | None
    trailing_space: bool
    raw: str
    lead_spaces: int


def _new_line(
    index: int,
    line_start: int,
    line_end: int,
    start: int,
    end: int,
    body: str,
    indent: int,
    page_break: bool,
    kind: Kind | None,
    level: int | None,
    trailing_space: bool,
    raw: str,
    lead_spaces: int,
) -> Line:
    """``Line(...)`` with every field given, built faster (see _LineSlots)."""
    line = object.__new__(_LineSlots)
    line.index = index
    line.line_start = line_start
    line.line_end = line_end
    line.start = start
    line.end = end
    line.body = body
    line.indent = indent
    line.page_break = page_break
    line.kind = kind
    line.level = level
    line.trailing_space = trailing_space
    line.raw = raw
    line.lead_spaces = lead_spaces
    line.__class__ = Line  # type: ignore[assignment]  # now a Line (see _LineSlots)
    return cast(Line, line)


@dataclass(frozen=True, slots=True)
class Block:
    """One element of the document: its kind and the lines it is made of."""

    kind: Kind
    lines: tuple[int, ...]  # indices of its physical lines, in order
    start: int  # offset of its first visible character
    end: int  # offset just past its last visible character
    level: int | None = None
    # why each line after the first joins the one before it: "title" for the
    # lines of a wrapped title, "sentence" for a sentence cut by the page
    joins: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Wrap:
    """The page width a document was cut at, in ``metric`` units."""

    metric: str  # "chars" (hard wrap every N characters) or "cells" (typeset page)
    width: int
    low: int  # a line this wide or wider is full
    high: int


# ---------------------------------------------------------------- character sets

# Sentence-final marks: a line ending in one of them may end a paragraph.
TERMINAL = "。！？；：!?;:…"
# Marks that open a bracket or quote: a line never ends with one.
OPENING = "“‘（《〔【〈「『([{"  # U+201C U+2018 U+FF08 U+300A U+3014 U+3010 U+3008 U+300C U+300E
# Marks that may not start a line (GB/T 15834 / typesetting rule 避头): a line
# starting with one continues the line above.
NO_LINE_START = "，。、；：？！）》〕】〉」』”’…,;:?!)]}"
# Marks inside a sentence: a line ending in one has not ended.
CONTINUING = "，、,—"
CLOSING_OF = {
    "“": "”",
    "‘": "’",
    "（": "）",
    "《": "》",
    "〔": "〕",
    "【": "】",
    "〈": "〉",
    "(": ")",
    "[": "]",
}

_WS = " \t\u3000\u00a0\r\f\v"

# ---------------------------------------------------------------- line patterns

_DASH = "—－\\-–~～"
PAGE_NUMBER_RE = re.compile(
    rf"^(?:[{_DASH}]+\s*\d{{1,4}}\s*[{_DASH}]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?"
    # a browser's printout footer: the page's address and `page/pages` (an
    # address with text of the page printed over it is not furniture alone)
    r"|(?:https?://|www\.)[\x21-\x7e]+\s+\d{1,4}\s*/\s*\d{1,4})$"
)
# what a line matching PAGE_NUMBER_RE starts with
_PAGE_NUMBER_FIRST = frozenset("—－-–~～第Pphw")
DOC_CODE_RE = re.compile(r"^[A-Z]{2,8}\d{0,4}(?:-[A-Z0-9]{1,8})*-\d{4}-\d{3,8}$")
DOC_NUMBER_RE = re.compile(r"^[^\s，。：；]{1,20}\s*[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d{1,5}\s*号$")
_CN_DATE_DIGIT = "〇零一二三四五六七八九十"
# what follows a date that a sentence starts with, not a date element
_CLAUSE_AFTER_DATE = frozenset("，,、；")
DATE_RE = re.compile(
    rf"^(?:\d{{4}}|[{_CN_DATE_DIGIT}]{{4}})\s*年\s*(?:\d{{1,2}}|[{_CN_DATE_DIGIT}]{{1,2}})\s*月"
    rf"\s*(?:\d{{1,2}}|[{_CN_DATE_DIGIT}]{{1,3}})\s*日"
)
NOTE_RE = re.compile(r"^[（(][^（()）]{1,24}[）)]$")
ATTACHMENT_RE = re.compile(r"^附\s*件\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})?\s*[:：.．、]?")
ADDRESSEE_START_RE = re.compile(r"^各")
AGENCY_END_RE = re.compile(
    r"(?:文件|厅|局|委员会|委|办公厅|办公室|政府|人民政府|部|院|署|会|中心|公司|党组|总队|支队|小组|监督管理局)$"
)
TITLE_END_RE = re.compile(
    r"(?:通知|意见|决定|办法|规定|方案|批复|通报|报告|函|条例|措施|细则|公告|通告|纪要|规划|计划|要点|决议"
    r"|命令|令|指引|指南|答复|请示|议案|解释|规则|章程|标准|目录|清单|公报|说明|倡议书|纲要)$"
)
# The closing formula of a notice or reply (结束语) is a paragraph of its own:
# `特此通知。` after a full line that ends a sentence is not its continuation.
CLOSING_FORMULA_RE = re.compile(r"(?:特此(?:通知|公告|通告|函告|函复|批复|报告|请示|说明|证明)|此复)[。！]?")
# A document number in brackets after the title it belongs to.
CITED_NUMBER_RE = re.compile(r"^[（(][^（()）]{1,16}[〔\[［]\s*\d{4}\s*[〕\]］]\s*\d{1,5}\s*号[）)]")
MD_DECORATION_RE = re.compile(r"^#{1,6}[ \t]*|\*\*")
# Alignment padding inside a line (name lists, tables): a full-width space or a
# run of two or more spaces between two non-space characters.
PADDING_RE = re.compile(r"\S(?:\u3000|[ \t]{2,})+\S")
# An entry of a name list: a name of two to four Han characters (a two-character
# one spread by a space to three cells, `黄 卫`), a gap, and a post that starts
# with Han text (`李树深 中科院副院长`, `王荣华   教授、……`). Prose puts no space
# after its first few characters.
_NAME_ENTRY_RE = re.compile(
    "[\u4e00-\u9fff](?:[\u4e00-\u9fff]{1,3}|[ \u3000]{1,2}[\u4e00-\u9fff])[ \u3000\t]+[\u4e00-\u9fff]"
)
# a post is a title, never a clause: an article's line (`第六条 行政机关应当……，`) is none
_CLAUSE_OR_STOP_RE = re.compile("[，。；：！？,;:!?]")


def _name_entry(body: str) -> bool:
    """Whether ``body`` is an entry of a name list (``_NAME_ENTRY_RE``) whose
    post holds no clause."""
    return _NAME_ENTRY_RE.match(body) is not None and _CLAUSE_OR_STOP_RE.search(body) is None


# a line of a name list, its label first or not (`成 员：郭卫民 中央宣传部……`,
# `李干杰 生态环境部部长`): a name, one space, a post; a two-character label or
# name spread by one space
_NAME_LINE_RE = re.compile(
    "(?:[\u4e00-\u9fff](?: [\u4e00-\u9fff]|[\u4e00-\u9fff]{1,3})：)?"
    "[\u4e00-\u9fff](?: [\u4e00-\u9fff]|[\u4e00-\u9fff]{1,3}) [\u4e00-\u9fff]{2}[^ ]*$"
)


def _name_entry_padded(body: str) -> bool:
    """Whether ``body`` is a name list's line whose padding ``pdftotext -raw``
    wrote as single spaces (see ``_NAME_LINE_RE``), its post no clause."""
    post = body.split("：", 1)[-1]  # past the label
    return _NAME_LINE_RE.match(body) is not None and _CLAUSE_OR_STOP_RE.search(post) is None


# A gap after a clause mark and before an opening quote is no cell gap:
# pdftotext sets curly quotes in a font of their own, and a row's cell does
# not end with a comma (`……国际消费中心城市建设，   “一圈一策”完成……`).
_QUOTE_FONT_GAP_RE = re.compile("(?<=[，；、：])[ \t]{2,}(?=[“‘])")


def _wide_bmp_class() -> str:
    """A regex character class of the Basic Multilingual Plane characters whose
    East Asian width is W, F or A, read from ``unicodedata`` once (so it follows
    Python's Unicode version) instead of asking for every character of every line."""
    ranges: list[str] = []
    start: int | None = None
    for cp in range(0x10000):
        wide = unicodedata.east_asian_width(chr(cp)) in "WFA"
        if wide and start is None:
            start = cp
        elif not wide and start is not None:
            ranges.append(f"\\u{start:04x}-\\u{cp - 1:04x}")
            start = None
    if start is not None:
        ranges.append(f"\\u{start:04x}-\\uffff")
    return "[" + "".join(ranges) + "]"


# runs, not single characters: each match costs a step of re.sub, and in a
# Chinese line nearly every character is wide
_WIDE_BMP_RE = re.compile(_wide_bmp_class() + "+")
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")


def cells(s: str) -> int:
    """Display width: Han, full-width and ambiguous-width (curly quotes, dashes) are two cells."""
    if s.isascii():
        return len(s)
    # every wide character adds one cell to the length; counted in C by
    # deleting them, with the rare characters beyond the BMP asked one by one
    width = 2 * len(s) - len(_WIDE_BMP_RE.sub("", s))
    if _ASTRAL_RE.search(s) is not None:
        width += sum(unicodedata.east_asian_width(c) in "WFA" for c in _ASTRAL_RE.findall(s))
    return width


# Widths and Han counts of the lines already measured. Each is asked for by
# several tests of every parse, and most lines come back unchanged in the next
# parse of a document. Emptied with _SEGMENTS (see _segment), which holds the
# lines these values are of, so a long document's values stay as long as its
# lines do.
_LINE_CELLS: dict[str, int] = {}
_HAN_COUNTS: dict[str, int] = {}


def _remembered(cache: dict[str, int], measure: Callable[[str], int], s: str) -> int:
    """``measure(s)``, kept in ``cache``."""
    value = cache.get(s)
    if value is None:
        value = measure(s)
        # A backstop: the caches hold at most two values (a line's raw text and
        # its body) per segment remembered, unless a caller measures strings
        # of its own.
        if len(cache) >= 2 * max(len(_SEGMENTS), _SEGMENTS_SIZE):
            cache.clear()
        cache[s] = value
    return value


def _all_remembered(cache: dict[str, int], measure: Callable[[str], int], strings: list[str]) -> list[int]:
    """``_remembered`` of each of ``strings``: the values kept looked up in one
    pass in C, and only the others measured (a Python call per line costs more
    than the lookup)."""
    values = list(map(cache.get, strings))
    if None in values:
        return [
            _remembered(cache, measure, s) if value is None else value
            for s, value in zip(strings, values, strict=True)
        ]
    return cast(list[int], values)


def _line_cells(raw: str) -> int:
    return _remembered(_LINE_CELLS, cells, raw)


def _lines_cells(raws: list[str]) -> list[int]:
    return _all_remembered(_LINE_CELLS, cells, raws)


def _han_count(s: str) -> int:
    return _remembered(_HAN_COUNTS, han_count, s)


def _han_counts(strings: list[str]) -> list[int]:
    return _all_remembered(_HAN_COUNTS, han_count, strings)


def _indent_cells(s: str) -> int:
    # a full-width space is two cells and a tab four, anything else one
    return len(s) + s.count("\u3000") + 3 * s.count("\t")


# ---------------------------------------------------------------- line splitting


def split_lines(text: str) -> list[Line]:
    """The physical lines of ``text``, unclassified (kind PARAGRAPH or None)."""
    return _split(text, classified=False)


_TRAILING = " \t\u3000\r"
# Zero-width characters an extractor or an LLM leaves in a line: ``body`` and
# ``raw`` leave them out. Deleted with a regex because str.translate with a
# dict table goes through a Python-level lookup for every non-ASCII character.
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


# What one physical line's text says about itself, wherever it stands, in
# this order: form feeds before the line's text (a page break), indentation
# characters, length of the visible content in characters, then as in Line:
# body, indent, page_break (a form feed before or inside the content), kind,
# level, trailing_space, raw, lead_spaces. A plain tuple, not a NamedTuple:
# _split unpacks one for every line of every parse, and only an exact tuple
# is unpacked without going through an iterator (or built without a
# Python-level __new__).
_Segment = tuple[int, int, int, str, int, bool, Kind | None, int | None, bool, str, int]
_SEGMENT_BODY: Final = 3  # where body is in a _Segment


# Segments already read, by their text. A document is parsed again after every
# rule that changed it, and most of its lines come back unchanged (blank lines
# and repeated rows even within one text), so each is read and classified once.
# Emptied when it grows too big, which only costs speed.
_SEGMENTS: dict[str, _Segment] = {}
_SEGMENTS_SIZE = 1 << 15


def _segments_limit(lines: int) -> int:
    """How big _SEGMENTS may grow, for a text of ``lines`` lines, before it is
    emptied. Never while it holds fewer lines than the text has: a long
    document is parsed again after each rule that changed it, and reading
    every line anew each time would make its cost grow faster than its size
    (an 80,000-item list against a 10,000-item one)."""
    return max(_SEGMENTS_SIZE, 2 * lines)


def _read_segment(seg: str, invisible: bool) -> _Segment:
    """What ``seg`` says about itself; ``invisible`` False when the text it
    comes from has no zero-width character (saves looking for one)."""
    raw = seg.lstrip("\f")
    feeds = len(seg) - len(raw)
    stripped_left = raw.lstrip(_WS)
    prefix = len(raw) - len(stripped_left)
    content = stripped_left.rstrip(_WS)
    visible = _INVISIBLE_RE.sub("", content) if invisible else content
    body = visible
    if body[:1] == "#" or "**" in body:
        body = MD_DECORATION_RE.sub("", body)
    if body is not content:
        body = body.strip(_WS)
    indent = lead_spaces = 0
    if prefix:
        indent = _indent_cells(raw[:prefix])
        lead_spaces = prefix if not raw[:prefix].strip(" ") else 0
    kind, level = classify(body) if body else (None, None)
    return (
        feeds,
        prefix,
        len(content),
        body,
        indent,
        # a \f inside a line is also a page break (one at its end is stripped with the spaces)
        feeds > 0 or "\f" in content,
        kind,
        level,
        # spaces or tabs at the end (the \r of a CRLF line ending is not one)
        raw[-1:] in _TRAILING and raw.rstrip("\r") != raw.rstrip(_TRAILING),
        visible,
        lead_spaces,
    )


def _split(text: str, classified: bool) -> list[Line]:
    """The lines of ``text``; with ``classified`` each non-blank one already has
    the kind its own text shows (built once, not built and then replaced)."""
    out: list[Line] = []
    append = out.append
    segments = _SEGMENTS
    invisible = _INVISIBLE_RE.search(text) is not None
    # _new_line inlined: this loop builds every line of every parse, and a
    # call per line costs about a third of building it
    new = object.__new__
    slots = _LineSlots
    paragraph = Kind.PARAGRAPH
    pos = 0
    pieces = text.split("\n")
    limit = _segments_limit(len(pieces))
    for index, seg in enumerate(pieces):
        info = segments.get(seg) or _segment(seg, limit, invisible)  # a segment is never empty
        feeds, prefix, length, body, indent, page_break, kind, level, trailing, raw, lead = info
        if not classified and kind is not None:
            kind, level = paragraph, None
        line = new(slots)
        line.index = index
        start = pos + feeds
        line.line_start = start
        pos += len(seg)
        line.line_end = pos
        start += prefix
        line.start = start
        line.end = start + length
        line.body = body
        line.indent = indent
        line.page_break = page_break
        line.kind = kind
        line.level = level
        line.trailing_space = trailing
        line.raw = raw
        line.lead_spaces = lead
        line.__class__ = Line  # type: ignore[assignment]  # now a Line (see _LineSlots)
        append(line)  # type: ignore[arg-type]  # a Line since the line above
        pos += 1
    return out


# ---------------------------------------------------------------- classification


def classify(body: str) -> tuple[Kind, int | None]:
    """What a line is, judged from its own text (context comes later).
    Markdown decoration (``## ``, ``**``) does not change what it is."""
    if body[:1] == "#" or "**" in body:
        body = MD_DECORATION_RE.sub("", body)
    body = body.strip(_WS)
    # Each pattern is tried only where the line's first or last character
    # allows it to match: most lines are prose and fail every test.
    first, last = body[:1], body[-1:]
    if last == "\n":  # `$` also matches before a final newline
        last = body[-2:-1]
    if first in _PAGE_NUMBER_FIRST and PAGE_NUMBER_RE.match(body):
        return Kind.PAGE_NUMBER, None
    if last == "号" and DOC_NUMBER_RE.match(body):
        return Kind.DOC_NUMBER, None
    if (
        len(body) <= 40
        and "年" in body
        and (date := DATE_RE.match(body))
        and body[date.end() : date.end() + 1] not in _CLAUSE_AFTER_DATE
    ):
        # a date alone, or a date leading a short line (`2023年1月1日 施行`);
        # a comma after it opens a sentence (`2023年2月23日，中国人民银行会同……`)
        return Kind.DATE, None
    if first in "（(" and last in "）)" and NOTE_RE.match(body):
        return Kind.NOTE, None
    if (
        first == "附"
        and ATTACHMENT_RE.match(body)
        and (len(body) <= 4 or body[2:3] in ":：" or len(body) <= 60)
    ):
        return Kind.ATTACHMENT, None
    marker = find_marker(body)
    if marker is not None and not _citation(body, marker):
        if marker.level in (1, 2, 0):
            return Kind.HEADING, marker.level
        return Kind.LIST_ITEM, marker.level
    if (
        len(body) <= 60
        and ("  " in body or "\t" in body or "\u3000" in body)
        and PADDING_RE.search(_QUOTE_FONT_GAP_RE.sub("", body))
    ):
        return Kind.ROW, None
    return Kind.PARAGRAPH, None


# After an article number that is cited, not headed: `第一百四十六条、第一百五十三条`,
# `第1款）`, `第十二条的规定`.
_CITING_NEXT = "、，,）)；;。的和及或与至中第"


def _citation(body: str, marker: Marker) -> bool:
    """A line starting with an article number that is part of a sentence (a
    piece of `…依照民法典第一百四十四条、` / `第一百四十六条、…` cut by the page),
    not a 第X条 heading: the number runs straight into punctuation, another
    number (`第二十九条第一款`) or a word that only a citation puts there. A
    paragraph (款) is never numbered in the text, so `第二款…` is always cited."""
    if marker.level != 0:
        return False
    if marker.kind == "款":
        return True
    return marker.end == marker.start + len(marker.text) and (
        body[marker.end : marker.end + 1] in tuple(_CITING_NEXT)
    )


def _with_kind(line: Line, kind: Kind, level: int | None = None) -> Line:
    # built directly: dataclasses.replace inspects the fields on every call
    return _new_line(
        line.index,
        line.line_start,
        line.line_end,
        line.start,
        line.end,
        line.body,
        line.indent,
        line.page_break,
        kind,
        level,
        line.trailing_space,
        line.raw,
        line.lead_spaces,
    )


# the page number a running header holds, which changes from page to page
# (compiled once: re.sub with a pattern string looks it up in re's cache at
# every line)
_DIGITS_RE = re.compile(r"\d+")
# the second line of a page number split after its first dash (`—` / `16 —`)
_PAGE_NUMBER_REST_RE = re.compile(r"\d{1,4}[ \t]?[—－]")
# a page number `— N —` as tesseract reads it: the dashes as `一` (or `-`,
# `_`), the first one often lost (`1一`, `一27一`, `25一`, `一31 一`, `-1-`).
# Not a dash `—` itself: pdftotext's page numbers keep theirs, and a split one
# (`—` … `2—`) is another matter (_PAGE_NUMBER_REST_RE).
# Only a page's last line can be so taken: `一3一` alone on a line is no text,
# but a line of its own anywhere else could be a list's number or a cell. C103
# keeps the form feed after such a line, the evidence _ocr_page_numbers needs.
OCR_PAGE_NUMBER_RE = re.compile(r"[一\-_]?[ \t]?\d{1,3}[ \t]?[一\-_]")


def _mark_furniture(lines: list[Line]) -> list[Line]:
    """Document codes at a page top and headers/footers repeated on every page."""
    content = [ln for ln in lines if ln.kind is not None]
    if not content:
        return lines
    # page tops: the first content line of the document and the first after a page break
    tops: set[int] = {content[0].index}
    bottoms: set[int] = {content[-1].index}
    for prev, ln in pairwise(content):
        if ln.page_break or prev.kind is Kind.PAGE_NUMBER:
            tops.add(ln.index)
            bottoms.add(prev.index)
        if ln.kind is Kind.PAGE_NUMBER:
            # the line above a page number ends its page too (pdftotext -raw
            # writes a page's header last, above its number, once the form
            # feed is gone)
            bottoms.add(prev.index)
    pages = len(tops)
    furniture: dict[int, Kind] = {}
    for i in tops:
        if DOC_CODE_RE.match(lines[i].body):
            furniture[i] = Kind.DOC_CODE
    if pages >= 2:
        edge = tops | bottoms
        # a header repeats with its page number changing; a table cell that
        # happens to sit at a page edge is not text that repeats
        keys = {i: _DIGITS_RE.sub("#", lines[i].body) for i in edge if len(lines[i].body) <= 40}
        seen = Counter(keys.values())
        # two pages: the same line at the top of both is their header (国务院办公厅
        # over both pages of a two-page reply), at their other edges it may be text
        tops_seen = Counter(key for i, key in keys.items() if i in tops) if pages == 2 else Counter[str]()
        running: set[str] = set()
        for i, key in keys.items():
            if (
                len(key.replace("#", "")) >= 2
                and (seen[key] >= max(3, pages // 2) or (tops_seen[key] == 2 and i in tops))
                and lines[i].kind is Kind.PARAGRAPH
            ):
                furniture[i] = Kind.RUNNING
                running.add(key)
        # a page has one header: the same words right under it, only a page
        # number between, are the page's own (pdftotext -raw sets page one as
        # 互联网信息服务管理办法 / 第1页共7页 / 互联网信息服务管理办法, the header
        # above the document's title)
        above: Line | None = None
        for ln in content if running else ():  # only a running header found above can repeat
            if ln.kind is Kind.PAGE_NUMBER:
                continue
            if (
                above is not None
                and furniture.get(above.index) is Kind.RUNNING
                and furniture.get(ln.index) is Kind.RUNNING
                and not ln.page_break
                and keys.get(ln.index) == keys.get(above.index)
            ):
                del furniture[ln.index]
            above = ln
        if running:
            # the same header where a page's end was not recognised (a footer
            # the extraction garbled, then a blank line: the govcn printout's
            # 2024/1/30 上午10:40 …). Only a header holding a number (a date, a
            # page number) can be taken so, and only where a page top could be:
            # a line the authors wrote, the same words as a header without a
            # number, stays (the signature 国务院办公厅 above the date, a table's
            # header cell 说明 each table, the title 中华人民共和国国务院令
            # under the same header of page one).
            numbered = {key for key in running if "#" in key}
            for prev, ln in pairwise(lines) if numbered else ():
                if (
                    ln.index not in furniture
                    and ln.kind is Kind.PARAGRAPH
                    and len(ln.body) <= 40
                    and _DIGITS_RE.sub("#", ln.body) in numbered
                    and _after_page_gap(lines, furniture, prev)
                ):
                    furniture[ln.index] = Kind.RUNNING
    if pages >= 2:
        for i in _ocr_page_numbers(content):
            furniture[i] = Kind.PAGE_NUMBER
    for i in _numbers_inside_sentences(lines, content):
        furniture[i] = Kind.PAGE_NUMBER
    for prev, ln in pairwise(content):
        if len(prev.body) == 1 and prev.body in _DASH and _PAGE_NUMBER_REST_RE.fullmatch(ln.body):
            # a page number pdftotext split over two lines (`—` / `16 —`),
            # whatever else its rest looked like (a footer repeated with its number)
            furniture[prev.index] = furniture[ln.index] = Kind.PAGE_NUMBER
    for i in _repeated_titles(lines, content):
        furniture.setdefault(i, Kind.RUNNING)
    if not furniture:
        return lines
    return [_with_kind(ln, furniture[ln.index]) if ln.index in furniture else ln for ln in lines]


def _ocr_page_numbers(content: Sequence[Line]) -> list[int]:
    """Page numbers `— N —` that OCR read as `1一`, `一27一`, `-3-`: a line of
    its own, the last of its page (a form feed follows: the pages of a scan are
    read one by one and joined so), in a text whose pages are marked so. The
    digits themselves are often misread (`一27一` on page 2, `一0一` on page
    6), so they are not asked to follow each other; the place and the dashes
    around a number of at most three digits are the evidence. The document's
    last line counts too when pages before it ended so."""
    found = [
        prev.index
        for prev, ln in pairwise(content)
        if ln.page_break and prev.kind is not None and OCR_PAGE_NUMBER_RE.fullmatch(prev.body)
    ]
    if found and OCR_PAGE_NUMBER_RE.fullmatch(content[-1].body):
        # the last page's number: the text's end is the page's
        found.append(content[-1].index)
    return found


# how far in (cells) a page's number is set at least: centred on the page, not
# at the margin where a footnote's number stands
_PAGE_NUMBER_INDENT = 8
# a number alone, set in, after a blank line: what _numbers_inside_sentences
# reads (the test on the text as a whole, before any line is classified)
_SET_IN_NUMBER_RE = re.compile("\n[ \t\u3000]*\n[ \t\u3000]{4,}\\d{1,4}[ \t\u3000]*\n")
_SENTENCE_GOES_ON_RE = re.compile("[\u4e00-\u9fff，、]$")


def _numbers_inside_sentences(lines: Sequence[Line], content: Sequence[Line]) -> list[int]:
    """The lines that are a page's number for certain though the page break
    is gone (a web copy of a PDF, its form feeds removed): a number alone,
    set in from the margin, with a blank line above it, between the two
    halves of a sentence the page cut (`……东部地区固定` / `` / `      1` /
    `资产投资同比增长……`). A footnote's number stands at the margin or
    between two lines of text, a table's cell is no part of a sentence."""
    out: list[int] = []
    for k in range(1, len(content) - 1):
        ln = content[k]
        if not ln.body.isdigit():  # the commonest answer, asked first
            continue
        before, after = content[k - 1], content[k + 1]
        if (
            ln.kind is Kind.PARAGRAPH
            and ln.indent >= _PAGE_NUMBER_INDENT
            and len(ln.body) <= 4
            and lines[ln.index - 1].kind is None
            and before.kind in _SENTENCE_HOLDERS
            and after.kind is Kind.PARAGRAPH
            and _SENTENCE_GOES_ON_RE.search(before.body) is not None
            and _han_char(after.body[0])
        ):
            out.append(ln.index)
    return out


def _after_page_gap(lines: Sequence[Line], furniture: dict[int, Kind], prev: Line) -> bool:
    """Whether the line after ``prev`` could open a page whose end went
    unrecognised: it follows a blank line, and the text line before that blank
    is no header already found (a page has one header at its top; the same
    words under it are the page's own)."""
    if prev.kind is not None:
        return False
    i = prev.index
    while i >= 0 and lines[i].kind is None:
        i -= 1
    return i < 0 or furniture.get(i) is not Kind.RUNNING


# How often a title must stand alone in the text to be a running header
# where nothing says where the pages are.
_RUNNING_TITLE_MIN = 3
# What a title never holds: it is not a sentence.
_NOT_IN_TITLE = "。，；：,;:"


def _repeated_titles(lines: Sequence[Line], content: Sequence[Line]) -> list[int]:
    """Lines that repeat the document's title as a running header where no
    form feed or page number says where the pages are: a Word export
    (docx2txt) writes each page's header text between the paragraphs, with
    blank lines around it, and nothing else (``洛阳市2023年国民经济和社会发展统计公报``
    ten times between the paragraphs of the bulletin). A line that reads like
    a title (ends with a title word, no clause mark, short) and stands alone
    three times or more is no text the authors wrote three times; the same
    line in the header zone the document opens with is its title and stays.
    Standing alone is a blank line (or the text's edge) on each side: a table
    laid out one cell per line repeats its header cells between other cells
    (说明 over each of six tables)."""
    last = len(lines) - 1
    keys: dict[int, str] = {}
    for ln in content:
        body = ln.body
        i = ln.index
        if (
            body[-1] in _TITLE_LAST_CHARS  # the rarest condition first: most lines end a sentence
            and len(body) <= 40
            and ln.kind is Kind.PARAGRAPH
            and (i == 0 or lines[i - 1].kind is None)
            and (i == last or lines[i + 1].kind is None)
            and TITLE_END_RE.search(body)
            and not any(c in body for c in _NOT_IN_TITLE)
        ):
            keys[ln.index] = _DIGITS_RE.sub("#", body)
    if len(keys) < _RUNNING_TITLE_MIN:
        return []
    repeated = {key for key, n in Counter(keys.values()).items() if n >= _RUNNING_TITLE_MIN}
    if not repeated:
        return []
    # the header zone, as _mark_header reads it: the lines before the first sentence
    zone: set[int] = set()
    for ln in content[:12]:
        if any(c in ln.body for c in "。；，") or len(ln.body) > 60:
            break
        zone.add(ln.index)
    return [i for i, key in keys.items() if key in repeated and i not in zone]


def classify_lines(text: str) -> list[Line]:
    """``split_lines`` with every non-blank line given the kind its own text shows."""
    return list(_classified(text))


# The pipeline hands every rule the same text object until one of them changes
# it, and several rules (L101-L103) each ask for the parse of it: each text is
# parsed once. Lines are frozen; callers get fresh lists, so nothing they do to
# them reaches the cache. One
# text is enough, since the pipeline only ever moves on to a newer one, and
# each entry holds several objects per line of a maybe huge document (every
# text cache of cleandoc holds one entry for that reason).
@lru_cache(maxsize=1)
def _classified(text: str) -> tuple[Line, ...]:
    return tuple(_mark_header(_mark_furniture(_split(text, classified=True))))


def _mark_header(lines: list[Line]) -> list[Line]:
    """Agency lines, title and addressee of the header (版头/标题/主送机关),
    and the signature above the closing date."""
    content = _body_lines(lines)
    kinds: dict[int, Kind] = {}
    # header zone: the lines before the addressee or the first sentence
    for k, ln in enumerate(content[:12]):
        body = ln.body
        if ln.kind is not Kind.PARAGRAPH:
            if ln.kind in (Kind.DOC_NUMBER, Kind.DATE):
                continue
            break
        if body[-1] in "：:" and not any(c in body[:-1] for c in "。；"):
            kinds[ln.index] = Kind.ADDRESSEE
            break
        if any(c in body for c in "。；，") or len(body) > 60:
            break
        if AGENCY_END_RE.search(body) and not TITLE_END_RE.search(body) and "关于" not in body:
            kinds[ln.index] = Kind.AGENCY
            continue
        kinds[ln.index] = Kind.TITLE
        if TITLE_END_RE.search(body) and k + 1 < len(content) and content[k + 1].kind is Kind.PARAGRAPH:
            nxt = content[k + 1].body
            if not (nxt[-1] in "：:" or TITLE_END_RE.search(nxt) or "〔" in nxt):
                break
    # signature: agency-like lines just above a date near the end
    for k in range(len(content) - 1, max(len(content) - 8, 0), -1):
        if content[k].kind is Kind.DATE:
            j = k - 1
            while j >= 0 and k - j <= 3:
                body = content[j].body
                if (
                    content[j].kind is not Kind.PARAGRAPH
                    or any(c in body for c in "。；，：")
                    or len(body) > 30
                ):
                    break
                kinds[content[j].index] = Kind.SIGNATURE
                j -= 1
            break
    # a signature above its date elsewhere: a letter followed by its attachment
    # (`…请认真贯彻执行。` / `国务院` / `2019年1月24日` / `国家职业教育改革实施方案`)
    for above, ln in pairwise(content):
        if (
            ln.kind is Kind.DATE
            and DATE_RE.fullmatch(ln.body)
            and above.kind is Kind.PARAGRAPH
            and len(above.body) <= 20
            and AGENCY_END_RE.search(above.body)
            and not any(c in above.body for c in TERMINAL + CONTINUING)
        ):
            kinds.setdefault(above.index, Kind.SIGNATURE)
    if not kinds:
        return lines
    return [_with_kind(ln, kinds[ln.index]) if ln.index in kinds else ln for ln in lines]


# ---------------------------------------------------------------- wrap width


def wrap_width(lines: Sequence[Line]) -> Wrap | None:
    """The width this document's text was cut at, inferred from its own lines.

    A text hard-wrapped every N characters has many lines of exactly N
    characters; a typeset page cut by pdftotext has many lines within a few
    cells of the page width. A text with one paragraph per line has neither:
    its long lines spread over all lengths. None when no width stands out.
    """
    return _wrap_width(_body_lines(lines))


def _body_lines(lines: Sequence[Line]) -> list[Line]:
    """The lines of text: neither blank nor page furniture."""
    return [ln for ln in lines if ln.kind is not None and ln.kind not in _FURNITURE]


# A space beside a figure or a Latin word, as pdftotext writes for the gap a
# PDF leaves around them.
_FIGURE_SPACE = re.compile(r"(?<=[0-9A-Za-z%]) (?=\S)|(?<=\S) (?=[0-9A-Za-z])")


def _wrap_width(body: Sequence[Line]) -> Wrap | None:
    """``wrap_width`` of the body lines."""
    if len(body) < 4:
        return None
    raws = [ln.raw for ln in body]
    long_raws = [raw for raw in raws if len(raw) >= 12]
    chars = Counter(map(len, long_raws))
    if not chars:
        return None
    # the commonest length, the longest of equally common ones: compared as
    # (count, length) pairs in C, not through a key function per length
    n_exact, w_chars = max(zip(chars.values(), chars.keys(), strict=True))
    long_lines = sum(n for length, n in chars.items() if length >= w_chars)
    near = sum(chars.get(v, 0) for v in range(w_chars - 3, w_chars + 5))
    # A hard wrap: the commonest long length is where most long lines sit, and
    # its neighbours are not (a typeset page spreads full lines over a few
    # lengths, as half-width digits and hanging punctuation shift them).
    if (
        n_exact >= 3
        and n_exact >= 0.3 * long_lines
        and n_exact >= 0.6 * near
        and n_exact * w_chars >= 0.15 * sum(map(len, raws))
    ):
        return Wrap("chars", w_chars, w_chars, w_chars)
    cell_counts = Counter(_lines_cells(long_raws))
    # A window holds at most 7 widths (4 below to 2 above), so no window
    # holds more lines than the 7 commonest widths: when even they are too
    # few for a page width (the test below), the windows need not be counted.
    # A text with one paragraph per line spreads its widths, and ends here.
    enough = max(4, 0.5 * len(body) * 0.5)  # lines a page width needs at least
    most = sum(sorted(cell_counts.values(), reverse=True)[:7])
    if most < enough:
        return None
    best_w, best_n = 0, 0
    for w, n in _window_counts(cell_counts, 4, 2):
        if n > best_n or (n == best_n and w > best_w):
            best_w, best_n = w, n
    wider = sum(n for v, n in cell_counts.items() if v >= best_w + 3)
    if wider > 0.2 * best_n:
        # Lines wider than the page are what a text with one paragraph per
        # line has. But a space an extraction writes beside a figure (`17 个，
        # 疾病预防控制中心 17 个，…` from `pdftotext -raw`) stands for a gap
        # narrower than a cell, so a full line holding a few is no wider than
        # the page: such lines are measured again without those spaces (a
        # space between Chinese words is a cell, and stays counted).
        unspaced = _lines_cells([_FIGURE_SPACE.sub("", raw) for raw in long_raws])
        wider = sum(1 for v in unspaced if v >= best_w + 3)
    if best_n >= enough and wider <= 0.2 * best_n:
        return Wrap("cells", best_w, best_w - 4, best_w + 4)
    return None


def _window_counts(counts: Counter[int], below: int, above: int) -> list[tuple[int, int]]:
    """For each value ``w`` counted, how many counted values lie within
    ``[w - below, w + above]``: a sliding window over the sorted values (a
    sum over the window per value costs a Python loop each; a table indexed
    by value would be as long as the widest line)."""
    values = sorted(counts)
    out: list[tuple[int, int]] = []
    lo = hi = 0  # the window is values[lo:hi]
    total = 0
    for w in values:
        while hi < len(values) and values[hi] <= w + above:
            total += counts[values[hi]]
            hi += 1
        while values[lo] < w - below:
            total -= counts[values[lo]]
            lo += 1
        out.append((w, total))
    return out


def is_full(line: Line, wrap: Wrap | None, carry: int = 0) -> bool:
    """Whether ``line`` reaches the page width. ``carry`` is the width of the
    pieces of the same page row before it: ``pdftotext -raw`` splits a row
    where fonts change (`江省重大建设项目管理办法》` / `，实施…用好投资`)."""
    if wrap is None:
        return False
    value = len(line.raw) if wrap.metric == "chars" else _line_cells(line.raw)
    if wrap.metric == "cells":
        # a later piece of a row: its -layout indentation is only where
        # pdftotext placed it, the row's width is what came before it
        value += carry if carry else line.indent
    elif line.lead_spaces == 1 and value + 1 == wrap.low:
        # a hard wrap that cut just before a space (`第143条） | 58．`); more
        # spaces than one are an indentation (a paragraph's first line, a line
        # of a page's column set in from the column's margin)
        return True
    elif value == wrap.low - 1 and line.trailing_space and line.raw[-1] not in TERMINAL:
        # a hard wrap that cut just after a space (`一次记 | 12 分`, `驾 驶 人 应 | 当`)
        # left it at the end of the line, where it reads as trailing whitespace
        return True
    return wrap.low <= value <= wrap.high


# ---------------------------------------------------------------- joining

# Elements that always start on a line of their own.
_STARTS = frozenset(
    {
        Kind.HEADING,
        Kind.LIST_ITEM,
        Kind.DOC_NUMBER,
        Kind.DATE,
        Kind.NOTE,
        Kind.ATTACHMENT,
        Kind.ROW,
        Kind.SIGNATURE,
        Kind.AGENCY,
    }
)
# Elements that are whole on one line: nothing continues them.
_WHOLE = frozenset(
    {Kind.DOC_NUMBER, Kind.DATE, Kind.NOTE, Kind.ROW, Kind.ADDRESSEE, Kind.AGENCY, Kind.SIGNATURE}
)


def _unclosed(body: str) -> bool:
    """Whether ``body`` ends inside a bracket it opened (``国科发高〔20``)."""
    tail = body[-12:]
    for i in range(len(tail) - 1, -1, -1):
        ch = tail[i]
        if ch in CLOSING_OF.values():
            return False
        if ch in CLOSING_OF and ch in "〔[（(" and tail[i + 1 :].replace(" ", "").isalnum():
            return True
    return False


_INLINE_ITEM_RE = re.compile(r"(?<=\S)\s*(\d{1,3})[．.、]")


def _inline_sequence(a: Line, b: Line, runs_on: bool = False) -> bool:
    """``b`` starts with item k of a list whose item k-1 sits inside ``a``:
    items run on in one paragraph (`57．… 58．…`), so ``b`` is not a new line.
    Where the text runs its items on (``runs_on``), item k-1 may also start
    ``a``: the full line holds it whole (`218．组织、……罪（第294条第1款）` /
    `219．入境发展……`)."""
    marker = find_marker(b.body)
    if marker is None or marker.level not in (3, 4) or marker.number < 2:
        return False
    item_re = _RUN_ON_ITEM_RE if runs_on else _INLINE_ITEM_RE
    numbers = [int(m.group(1)) for m in item_re.finditer(a.body)]
    return bool(numbers) and numbers[-1] == marker.number - 1


# an item at a line's start or after another on the same line, after its
# closing bracket or a space apart (`……（第114条、第115条第1款） 15．爆炸罪`,
# `……（第171条第1款）88．金融……`): not a decimal (`4.6%`), not a date
_RUN_ON_ITEM_RE = re.compile(
    "(?:^|(?<=[）)])[ \t\u3000]*|(?<=[」』”\u4e00-\u9fff])[ \t\u3000]+)"
    "(\\d{1,3})[．.](?=[\u4e00-\u9fff“《（])"
)


def _indent_dropped(a: Line, wrap: Wrap | None, carry: int, a_continues: bool) -> bool:
    """Whether ``a`` is a paragraph's first line that reached the page width
    less the indentation ``pdftotext -raw`` dropped: the page cut it, as it
    cuts a full line. It is no first piece of a row pdftotext split where the
    font changed, which leaves room for the rest of the row after it (the
    line below it is a row of its own, full by itself)."""
    return (
        wrap is not None
        and wrap.metric == "cells"
        and not a_continues
        and not carry
        and a.indent == 0
        and _line_cells(a.raw) + _PARAGRAPH_INDENT >= wrap.low
    )


def _indented_full(a: Line, wrap: Wrap | None, carry: int, a_continues: bool) -> bool:
    """Whether ``a``, a paragraph's first line that runs a list's items on
    (``_runs_items_on``), reached the page width less the indentation
    ``pdftotext -raw`` dropped (``_indent_dropped``): the page cut it, and the
    list goes on below. Unwrapped text (one paragraph a line) has no such
    width: its next paragraph may start with the next item."""
    return _indent_dropped(a, wrap, carry, a_continues) and _runs_items_on(a.body)


# an item's number and mark before its text: a quick test before
# _RUN_ON_ITEM_RE (a decimal, the commonest number with a dot, fails it)
_ITEM_MARK_RE = re.compile("\\d[．.](?=[\u4e00-\u9fff“《（])")
# lines that run items on a text needs to say that it sets its lists so
_RUNS_ON_MIN = 3


def _runs_items_on_often(body: Sequence[Line]) -> bool:
    """Whether the text runs a list's items on in a paragraph, on several
    lines: each holds an item right after the one before it, inside the line
    (what ``_RUN_ON_ITEM_RE`` finds there; a list of one item a line has
    none)."""
    seen = 0
    for ln in body:
        if _ITEM_MARK_RE.search(ln.body) is not None and _runs_items_on(ln.body):
            seen += 1
            if seen >= _RUNS_ON_MIN:
                return True
    return False


def _runs_items_on(body: str) -> bool:
    """Whether ``body`` runs a list's items on, one after another a space
    apart (two consecutive numbers inside it): a list the text sets in one
    paragraph, so the next item at the next line's start goes on with it
    wherever the page cut the line, even short of the width (``pdftotext
    -raw`` drops a first line's indentation: `放火罪（……） 14．决水罪（……）
    15．爆炸罪（……）` / `16．投毒罪（……）`)."""
    numbers = [int(m.group(1)) for m in _RUN_ON_ITEM_RE.finditer(body)]
    return any(n + 1 == m for n, m in pairwise(numbers))


def strong_continuation(a: Line, b: Line, wrapped: bool = True) -> bool:
    """The end of ``a`` or the start of ``b`` shows a sentence cut in two,
    whatever the layout: ``a`` ends with an opening mark, a comma, or inside a
    bracketed number; ``b`` starts with a mark no line may start with."""
    end = a.body[-1]
    if end in OPENING or end in CONTINUING:
        return True
    if b.body[0] in NO_LINE_START and b.body[0] not in "）)" and b.kind is not Kind.NOTE:
        return True
    if end.isdigit() and b.body[0].isdigit() and _unclosed(a.body):
        return True
    if end in "》>" and CITED_NUMBER_RE.match(b.body):
        # a cited document and its number: `…实施意见》` / `（浙政发〔2019〕23 号）`
        return True
    # a parenthesis spanning two lines is cut only on a page that wraps: a
    # one-paragraph-per-line text may set a long note over two lines on purpose
    return wrapped and _paren_closed_in(a.body, b.body)


def _paren_closed_in(a: str, b: str) -> bool:
    """``a`` leaves a parenthesis open that ``b`` closes before opening any:
    `（责任单位：市经信局、市财政局、市市场` / `监管局）`."""
    if a.count("（") <= a.count("）"):
        return False
    close, opening = b.find("）"), b.find("（")
    return close > 0 and (opening == -1 or close < opening) and not any(c in "。！？" for c in b[:close])


def _addressee_cut(a: Line, b: Line) -> bool:
    """An addressee (主送机关) opens with 各… and ends with "："; a line that
    opens it without ending it was cut (`…住房和城乡建` / `设厅、…：`)."""
    return (
        a.kind in (Kind.TITLE, Kind.PARAGRAPH)
        and b.kind in (Kind.ADDRESSEE, Kind.PARAGRAPH)
        and bool(ADDRESSEE_START_RE.match(a.body))
        and not any(c in TERMINAL for c in a.body)
        and b.body[-1] in "：:"
        and not any(c in "。；;" for c in b.body)
    )


# Marks that close a bracket or quote: a line ending in one may end a
# paragraph (a responsibility note `（生态环境部指导）`, a quoted amendment).
CLOSING = "”’）)》〕】〉」』]"  # U+201D U+2019 U+FF09 U+300B U+3015 U+3011 U+3009 U+300D U+300F
# Marks that end a sentence inside a line.
SENTENCE_END = "。！？!?"
_SENTENCE_END_RE = re.compile(f"[{SENTENCE_END}]")


def _starts_mid_sentence(b: Line) -> bool:
    """``b`` starts with a mark no line may start with (避头): it continues the
    line above, whatever that line is (`（浙政发〔2019〕23 号）` / `、省市共建…`)."""
    return b.body[0] in NO_LINE_START and b.body[0] not in "）)" and b.kind is not Kind.NOTE


def _sentence_cut(
    a: Line, b: Line, wrapped: bool = False, earlier_end: bool = False, earlier_open: bool | None = None
) -> bool:
    """``a`` is made of sentences (one ends inside it) or leaves a bracket or
    quote open, but stops without ending its last sentence, and ``b`` is a plain
    paragraph: ``b`` is the rest of it (`…支持建设 80 个` / `“教育教学、…`).
    Needs no page width, so it also holds in a text with one paragraph per
    line. A heading (`一、总体要求`), a title or an agency line ends no sentence
    inside itself; a paragraph that ends in a closing mark
    (`…（生态环境部指导）`) may end there.

    When ``a`` continues lines above it, the paragraph they make is judged,
    not ``a`` alone: ``earlier_end`` says a sentence ends in those lines,
    ``earlier_open`` whether they leave a mark open (None: ``a`` continues
    nothing)."""
    body = a.body
    if a.kind not in _SENTENCE_HOLDERS or b.kind is not Kind.PARAGRAPH or not _unfinished(body):
        return False
    if earlier_end or _SENTENCE_END_RE.search(body, 0, len(body) - 1) is not None:
        return True
    return _open_after(body, earlier_open, wrapped)


def _open_after(body: str, earlier_open: bool | None, wrapped: bool) -> bool:
    """Whether a bracket or quote is left open at the end of ``body``, read
    as the continuation of lines that left one open or not (``earlier_open``),
    or as the first line of its paragraph (None, see ``_opened_inside``)."""
    if earlier_open is None:
        return _opened_inside(body, wrapped)
    mark = _last_mark(body, 0)
    return earlier_open if mark is None else mark not in _CLOSERS


_SENTENCE_HOLDERS = frozenset({Kind.PARAGRAPH, Kind.LIST_ITEM, Kind.HEADING})


def _opened_inside(body: str, wrapped: bool) -> bool:
    """``body`` leaves a mark open that the line did not start with; a quote
    opening the line may open a quote of several paragraphs (`“存单纠纷案件的管辖`
    / `依照…`), and a bracket opening it an aside the author set over two lines
    (`（二○○四年六月十六日国务院` / `第54次常务会议修订通过）`), unless the page
    is wrapped: there a line is cut where the page ends, not where the author
    chose (`（责任单位：市科技局、市` / `发改委、…`)."""
    mark = _open_mark(body, 1)
    if mark is None and wrapped and body[0] in "（(〔":
        mark = _open_mark(body, 0)
    return mark is not None


def _unfinished(body: str) -> bool:
    """``body`` ends neither a sentence nor a bracket or quote."""
    return body[-1] not in TERMINAL and body[-1] not in CLOSING


def open_mark(body: str) -> str | None:
    """The bracket or quote ``body`` opens last and leaves open (`…《关于报送
    2008 年北京奥运会首都国际机场协` leaves ``《`` open), or None."""
    return _open_mark(body, 0)


# The last opening or closing mark of a line (no other one follows it); found
# by a regex rather than a Python loop over the line from its end.
_LAST_MARK_RE = re.compile("[《“（(〔》”）)〕][^《“（(〔》”）)〕]*\\Z")


def _last_mark(body: str, pos: int) -> str | None:
    """The last opening or closing mark of ``body[pos:]``, or None."""
    m = _LAST_MARK_RE.search(body, pos)
    return None if m is None else body[m.start()]


def _open_mark(body: str, pos: int) -> str | None:
    """``open_mark(body[pos:])`` without the copy."""
    mark = _last_mark(body, pos)
    return None if mark in _CLOSERS else mark


_CLOSERS = frozenset("》”）)〕")


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a whole document says about how its lines were cut, measured once
    (see ``evidence``)."""

    wrap: Wrap | None
    layout_indent: int | None
    # the commonest length of long lines, when at least three share it: a hint
    # of a page width where none stands out (a text wrapped only in part)
    common_width: int | None = None
    # True: pieces of a paragraph are separated by blank lines and paragraphs
    # are not; False: the reverse; None: blank lines say nothing
    blank_cuts: bool | None = None
    # the least width (cells, indentation included) of a line the page cut,
    # read from the lines that certainly were (see _cut_width), or None
    cut_low: int | None = None
    # the levels (一、 1, （一） 2) whose headings are titles in this
    # document, not clauses (see _titled_levels)
    titled_levels: frozenset[int] = frozenset()
    # the text runs a list's items on in its paragraphs (`……（第102条） 2．分裂
    # 国家罪……`) on several lines (see _runs_items_on_often)
    runs_items_on: bool = False


# an opening mark, or the end of a cited title: an element may start after it
# only as the rest of the sentence (see should_join)
_OPENING_TITLE = OPENING + "》>"


def should_join(
    a: Line,
    b: Line,
    wrap: Wrap | None,
    layout_indent: int | None,
    carry: int = 0,
    a_continues: bool = False,
    *,
    blank_gap: bool | None = None,
    evidence: Evidence | None = None,
    earlier_end: bool = False,
    earlier_open: bool | None = None,
    heading_rest: bool = False,
) -> bool:
    """Whether physical line ``b`` continues ``a`` (blank lines and page
    furniture between them already skipped; ``carry`` as for ``is_full``;
    ``a_continues`` when ``a`` itself continues the line before it;
    ``heading_rest`` when ``a`` is the rest of a heading (一、 or （一）, no
    sentence in it) the page wrapped;
    ``blank_gap`` whether blank lines, and nothing else, separate them, None
    when page furniture or a page break does; ``earlier_end`` and
    ``earlier_open`` as for ``_sentence_cut``)."""
    if a.kind is None or b.kind is None:
        return False
    if len(b.body) == 1 and b.body in _DASH and a.body[-1] not in _DASH:
        # one dash alone is what pdftotext leaves of a page number it split
        # (`……村卫生室2803个，采` / `—` / `18 —` / `供血机构……`), never the rest
        # of a sentence (a dash in Chinese text is two: ——)
        return False
    if a.body.isdigit() and len(a.body) <= 4 and (_han_char(b.body[0]) or b.body[0] in OPENING):
        # a number alone on its line is a page's or a footnote's number, or a
        # cell, never the start of a sentence that goes on below it
        # (`……加` / `43` / `权平均利率……`: 43 is the page's number)
        return False
    if (" " in b.body or "\u3000" in b.body) and _name_entry(b.body) and _name_entry(a.body):
        # a name list's entry (a name, a gap, the post) ends at its post: the
        # next name starts the next entry, however wide the post made the line
        # (`贾高建 中央党史和文献研究院副院长、中央编译局局长` / `李树深 中科院副院长`)
        return False
    if b.body.isdigit() and len(b.body) <= 4 and a.body[-1] in TERMINAL:
        # a number alone after a sentence's end is a page's or a footnote's
        # number, or a cell (`……（简称“前海金融 30 条”）。` / `12` / `“六个首创”指……`)
        return False
    # asked of every pair of lines: the ends are read once, and is_full, and
    # the tests that start with a look at a line's end, only where they can hold
    end, first = a.body[-1], b.body[0]
    wrapped = wrap is not None
    full = wrapped and is_full(a, wrap, carry)
    # a number cut by the page width: `…（第143条） 5` / `9．生产…` reads as a
    # list item, `…审判委员会第 1` / `745 次会议` as a date and a title, but the
    # digits are one number
    if end.isdigit() and first.isdigit() and (full or _at_common_width(a, wrap, evidence)):
        return True
    if (
        b.level is not None
        and (full or (not a_continues and not carry and _indented_full(a, wrap, carry, a_continues)))
        and _inline_sequence(a, b, evidence is not None and evidence.runs_items_on)
    ):
        return True
    if first in NO_LINE_START and _starts_mid_sentence(b):
        return True
    # strong_continuation is asked only where its answer is used: most pairs
    # stop at b starting an element, where it counts only after an opening mark
    if b.kind in _STARTS and not (end in _OPENING_TITLE and strong_continuation(a, b, wrapped)):
        return full and _element_inside_sentence(a, b, wrap)
    if a.kind in _WHOLE and not full:
        return False
    if a.kind is Kind.ROW and _ends_in_cell(a.body):
        # a table row as wide as the page is still a row: its last cell ends
        # it, and the prose under the table starts its own line
        # (`农林牧渔专业及辅助性活动   21.95   4.1` / `全年全州粮食种植面积……`)
        return False
    if a.kind is Kind.ATTACHMENT and not full:
        return False
    if strong_continuation(a, b, wrapped):
        return True
    if first in "特此" and CLOSING_FORMULA_RE.fullmatch(b.body):  # what the formula starts with
        return False
    if not full and _addressee_cut(a, b):
        return True
    if b.kind is Kind.ADDRESSEE and not full:
        return False
    if blank_gap is True and _filled_before_blank(a, b, wrap, carry, a_continues):
        return True
    if (
        evidence is not None
        and evidence.blank_cuts is not None
        and blank_gap is not None
        and blank_gap != evidence.blank_cuts
    ):
        # the document separates the pieces of a paragraph one way and its
        # paragraphs the other: the gap here says which this is
        return False
    # a -layout page sets the pieces of a paragraph on consecutive lines: a
    # blank line there may end a block (a column, a box set apart), so only
    # the page width says that what follows it is the rest of the sentence
    if not (blank_gap is True and layout_indent is not None) and _sentence_cut(
        a, b, wrapped, earlier_end, earlier_open
    ):
        return True
    if _cut_in_word(a, b, carry, blank_gap, evidence, a_continues):
        # before the hard-wrap test below: a typeset page taken for a hard wrap
        # (one exact length commonest) has continuations longer than that length
        return True
    if wrap is not None and wrap.metric == "chars" and len(b.raw) > wrap.high:
        # a text chopped every N characters has no longer line but the ones it
        # left whole: such a line is a paragraph of its own, not a piece
        return False
    if not full:
        # On a typeset page a paragraph ends a sentence; a piece in the middle
        # of a paragraph that ends none was split off its row by pdftotext.
        return (
            wrap is not None
            and wrap.metric == "cells"
            and a.kind is Kind.PARAGRAPH
            and b.kind is Kind.PARAGRAPH
            and end not in TERMINAL
            and (
                # (the rest of a wrapped heading ends the heading: `（二）细化风险
                # 评审，建立健全差异化的评` / `估体系` / `  针对不同地区……`)
                (a_continues and not heading_rest and end not in "）)]】")
                # pdftotext also splits a row where the font changes, and curly
                # quotes are often set in a font of their own (`加大“走出去”` /
                # `“请进来”力度，…`)
                or end in "”’"
                or first in "“‘"
            )
        )
    # b indented further than the body text: a new paragraph of a -layout page
    if layout_indent is not None and b.indent >= layout_indent + 2:
        return False
    if end not in TERMINAL:
        return True
    if layout_indent is not None and b.kind is Kind.PARAGRAPH and blank_gap is False and first not in "（(":
        # a -layout page indents its paragraph starts: b, right under a full
        # line at the body's column, goes on with the paragraph whatever a
        # ended with; a bracketed note (`（责任单位：…）`) is set on a line of its own
        return True
    # A full line that ends a sentence: the paragraph goes on unless b starts
    # a new element (checked above). A typeset page cut by width alone gives
    # no such evidence, so only a hard wrap joins here.
    return wrap is not None and wrap.metric == "chars"


def _element_inside_sentence(a: Line, b: Line, wrap: Wrap | None) -> bool:
    """``b`` looks like an element but is the rest of a sentence the page cut
    (``a`` is full): ``a`` leaves a title, quote or bracket open, or ends in a
    comma (`…促进失业人员、` / `1. …`) or a word that a comma follows
    (`…管导向相统` / `一,推动…`); or, in a hard wrap, ``b`` is a bracketed note
    pushed off its sentence (`…予以倾斜支持。` / `（教育部负责）`) or the end of a
    word taken for a signature."""
    end = a.body[-1]
    if _unfinished(a.body) and open_mark(a.body) is not None:
        # the page cut inside a title, quote or bracket: nothing can start before it closes
        return True
    if b.kind in (Kind.HEADING, Kind.LIST_ITEM) and a.kind not in _WHOLE:
        if end in CONTINUING:
            return True
        marker = find_marker(b.body)
        if marker is not None and marker.text[-1] in "，," and end not in TERMINAL and end not in CLOSING:
            return True
    if wrap is None or wrap.metric != "chars":
        return False
    if b.kind is Kind.SIGNATURE:
        # a signature follows a finished sentence, not a word the page cut
        # (`附件:…协调委员会组建` / `方案`)
        return _unfinished(a.body) and a.kind in (Kind.PARAGRAPH, Kind.ATTACHMENT)
    return b.kind is Kind.NOTE and a.kind in (Kind.PARAGRAPH, Kind.HEADING, Kind.LIST_ITEM)


def _at_common_width(a: Line, wrap: Wrap | None, evidence: Evidence | None) -> bool:
    """``a`` is as long as the document's commonest long line, in a text where
    no page width stands out (a part of it wrapped, spaces around numbers
    shifting the rest)."""
    return (
        wrap is None
        and evidence is not None
        and evidence.common_width is not None
        and len(a.raw) + a.lead_spaces in (evidence.common_width, evidence.common_width - 1)
        # prose cut inside a number, not a table of figures of one width
        and _han_count(a.body) >= 8
    )


def _common_width(lines: Sequence[Line]) -> int | None:
    long_raws = [ln.raw for ln in lines if ln.kind is not None and len(ln.raw) >= 12]
    counts = Counter(
        [len(raw) for raw, han in zip(long_raws, _han_counts(long_raws), strict=True) if han >= len(raw) // 2]
    )
    if not counts:
        return None
    n, width = max(zip(counts.values(), counts.keys(), strict=True))  # see _wrap_width
    return width if n >= 3 else None


def _blank_cuts(pairs: Sequence[tuple[Line, Line, bool | None]], full: dict[int, bool]) -> bool | None:
    """Whether blank lines mark the cuts (True) or the paragraph ends (False).

    Counted on the gaps whose nature is plain from the text alone: a cut where
    a line ends in a comma or an opening mark or the next starts with a mark no
    line starts with, or (on a wrapped page) a full line ends no sentence; a
    paragraph end where a short line ends a sentence and the next opens a new
    element or sentence. Only a near-unanimous count is evidence. ``full``
    tells which lines are full (``is_full``) by index."""
    # either habit needs at least 4 gaps of each kind (below): without them
    # there is nothing to count
    # counted on a list (see _wrap_width); the gaps are True, False or None
    gaps = [blank for _, _, blank in pairs]
    if gaps.count(True) < 4 or gaps.count(False) < 4:
        return None
    cut = [0, 0]  # tight, blank
    end = [0, 0]
    for a, b, blank in pairs:
        if blank is None or a.kind is None or b.kind is None:
            continue
        if (b.kind not in _STARTS and strong_continuation(a, b, False)) or (
            full[a.index] and a.body[-1] not in TERMINAL and b.kind is Kind.PARAGRAPH
        ):
            cut[blank] += 1
        elif a.body[-1] in "。！？" and not full[a.index]:
            end[blank] += 1
    for style in (True, False):
        n_cut, n_end = cut[style], end[not style]
        if n_cut >= 4 and n_end >= 4 and n_cut >= 0.9 * sum(cut) and n_end >= 0.9 * sum(end):
            return style
    return None


def evidence(lines: Sequence[Line]) -> Evidence:
    """What the document as a whole says about its cuts (width, layout
    indentation, blank-line habit)."""
    return _evidence(lines, _neighbours(lines))


def _evidence(lines: Sequence[Line], pairs: Sequence[tuple[Line, Line, bool | None]]) -> Evidence:
    body = _body_lines(lines)
    wrap = _wrap_width(body)
    # whether each body line is full: asked by several counts, measured once
    full = (
        {ln.index: is_full(ln, wrap) for ln in body}
        if wrap is not None
        else dict.fromkeys([ln.index for ln in body], False)
    )
    return Evidence(
        wrap,
        _layout_indent(body, wrap, full),
        _common_width(lines) if wrap is None else None,
        _blank_cuts(pairs, full),
        _cut_width(pairs),
        _titled_levels(body),
        _runs_items_on_often(body),
    )


# how many headings a document needs to say what its headings are
_TITLED_MIN = 3


def _titled_levels(body: Sequence[Line]) -> frozenset[int]:
    """The levels (1 for 一、, 2 for （一）) whose headings are titles in this
    document, ended by no mark (`（三）注重宣传引导，及时回应公众关切`, a report's),
    not the clauses of a regulation's items, which end each with its own mark
    (`（二）客户行为或者交易情况出现异常的；`): the page may cut a clause anywhere
    and its rest goes on, while under a title a paragraph starts. Judged from
    every heading of a level: a few with no mark are clauses the page cut."""
    marked = [0, 0, 0]
    unmarked = [0, 0, 0]
    for ln in body:
        if ln.kind is Kind.HEADING and ln.level in (1, 2):
            if ln.body[-1] in _CLAUSE_END:
                marked[ln.level] += 1
            else:
                unmarked[ln.level] += 1
    return frozenset(
        level for level in (1, 2) if unmarked[level] >= _TITLED_MIN and marked[level] * 4 < unmarked[level]
    )


# What a line the page cut ends with, or its continuation starts with, that
# no paragraph end shows: a comma or an enumeration comma.
_CUT_END = "，、,"
_CUT_START = "，、。；：,;:"
# how many certain cuts, and how many of them at one width, make a page width
_CUT_MIN = 5
_CUT_AGREE = 0.6


def _cut_width(pairs: Sequence[tuple[Line, Line, bool | None]]) -> int | None:
    """The page width as the lines the page certainly cut show it, when no
    width stands out among all lines (a bulletin mixing table rows, short
    lines and prose; a PDF extraction whose line widths wobble with the
    punctuation; a typeset page detected as a hard wrap by one exact length):
    the lines that end in a comma, or whose continuation starts with one,
    reached the page's width. Their median width, when most of them agree
    on it (within a few cells), less the slack of a typeset line; None without
    enough of them, as in a text with one paragraph per line."""
    widths = [
        _line_cells(a.raw) + a.indent
        for a, b, gap in pairs
        if gap is not True
        and a.kind in _SENTENCE_HOLDERS  # an article or an item holds sentences too
        and b.kind is Kind.PARAGRAPH
        and (a.body[-1] in _CUT_END or b.body[0] in _CUT_START)
    ]
    if len(widths) < _CUT_MIN:
        return _unpunctuated_width(pairs) or _widest_width(pairs)
    widths.sort()
    median = widths[len(widths) // 2]
    agree = sum(1 for w in widths if median * 7 // 8 <= w <= median + 3)
    if agree < _CUT_AGREE * len(widths):
        return None
    # a typeset line falls short of the width by what justification and
    # half-width digits and spaces leave: about an eighth of it at most
    return median * 7 // 8


_CELL_GAP_RE = re.compile(r"(?:\u3000|[ \t]{2,})")


def _ends_in_cell(body: str) -> bool:
    """``body`` (a row) ends with a short cell after alignment padding, not
    with a clause that runs on (`…，东部、中`)."""
    last = _CELL_GAP_RE.split(body)[-1]
    return len(last) <= 12 and last[-1] not in CONTINUING


# Unpunctuated breaks (a Han character, a line break, a Han character) that
# pile up at one width: at least this many, this wide at least, within a few
# cells of each other, and most of such breaks that wide.
_PILE_MIN = 8
_PILE_CELLS = 40
_PILE_SHARE = 0.5


def _unpunctuated_width(pairs: Sequence[tuple[Line, Line, bool | None]]) -> int | None:
    """The page width when the page's cuts fell between Han characters only
    (a web copy of a PDF that kept the first break of each article and lost
    the others: `……规范金融机构报告涉` / `嫌恐怖融资……`): such breaks at one
    wide width, many of them, are the page's. A text with one paragraph per
    line has its unpunctuated breaks after headings, spread over all widths."""
    widths = Counter(
        _line_cells(a.raw) + a.indent
        for a, b, gap in pairs
        if gap is not True
        and a.kind in _SENTENCE_HOLDERS
        and b.kind is Kind.PARAGRAPH
        and _han_char(a.body[-1])
        and _han_char(b.body[0])
    )
    wide = sum(n for w, n in widths.items() if w >= _PILE_CELLS)
    if wide < _PILE_MIN:
        return None
    best_w, best_n = 0, 0
    for w, n in _window_counts(widths, 0, 5):  # the breaks in [w, w + 5]
        if w >= _PILE_CELLS and n > best_n:
            best_w, best_n = w, n
    if best_n < _PILE_MIN or best_n < _PILE_SHARE * wide:
        return None
    return best_w


# A page too short for any count above (a one-page letter, a narrow column
# of a few dozen lines): its widest lines of prose, at least this many within
# a cell or two, show the page's width, and at least this many breaks between
# Han characters at that width (or short of it by a first line's indentation,
# which ``pdftotext -raw`` drops) show that the page cut there.
_WIDEST_FULL = 2
_WIDEST_CUTS = 3
_WIDEST_SLACK = 2


def _widest_width(pairs: Sequence[tuple[Line, Line, bool | None]]) -> int | None:
    """The page width of a short page, from its widest lines of prose: the
    lines cut between two Han characters reach them (`……国务院决定对国` /
    `务院第二次全国污染源普查……`), and a page width is the only reason many
    lines stop at one width without a mark. In a text with one paragraph per
    line the widest lines are its longest paragraphs, which end with a mark
    and whose widths seldom agree: no width comes out of it. The cut width
    allows for a typeset line's slack, as in ``_cut_width``."""
    prose = {ln.index: ln for pair in pairs for ln in pair[:2] if ln.kind is Kind.PARAGRAPH}
    widths = [_line_cells(ln.raw) + ln.indent for ln in prose.values()]
    if not widths:
        return None
    widest = max(widths)
    if widest < _PILE_CELLS or sum(1 for w in widths if w >= widest - _WIDEST_SLACK) < _WIDEST_FULL:
        return None
    low = widest - _PARAGRAPH_INDENT - _WIDEST_SLACK
    cuts = sum(
        1
        for a, b, gap in pairs
        if gap is not True
        and a.kind in _SENTENCE_HOLDERS
        and b.kind is Kind.PARAGRAPH
        and _han_char(a.body[-1])
        and _han_char(b.body[0])
        and _line_cells(a.raw) + a.indent >= low
    )
    return widest * 7 // 8 if cuts >= _WIDEST_CUTS else None


def _han_char(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


# A figure that goes on a sentence the page cut before it: digits (a decimal,
# a percentage) and then Han text (`……其中私人汽车` / `118.34 万辆，增长……`).
# A year is not one: a paragraph often starts with it (`2023年，西部地区……`).
_FIGURE_START_RE = re.compile(r"(?!\d{4}[ \t]?年)\d[\d.,．%]*[ \t]?[\u4e00-\u9fff]")
# The indentation of a paragraph's first line (two Han characters, GB/T 9704),
# in cells: ``pdftotext -raw`` drops it, so the first line of a paragraph the
# page cut falls short of the width of the lines below it by that much.
_PARAGRAPH_INDENT = 4


def _cut_in_word(
    a: Line,
    b: Line,
    carry: int,
    blank_gap: bool | None,
    evidence: Evidence | None,
    a_continues: bool = False,
) -> bool:
    """``a`` stops between two Han characters, with no mark at all, at the
    width the page cuts lines at (``Evidence.cut_low``), and ``b`` goes on
    with Han text: the page cut inside a sentence, most often inside a word
    (`……坚强领导下，全` / `州上下深入贯彻……`). The strongest evidence there is
    where page-width evidence is weak. ``b`` may also go on with a figure
    and its unit, after a paragraph (`……其中私人汽车` / `118.34 万辆，……`);
    ``a`` that starts its paragraph (``a_continues`` False) at the margin was
    indented on the page, and reached the width less that indentation."""
    if evidence is None or evidence.cut_low is None:
        return False
    if (
        blank_gap is True
        and evidence.blank_cuts is not True
        and not (
            # a -layout page marks a paragraph's start by its indentation: a line
            # at the body's column after a blank line (what a page number left
            # behind) goes on with the paragraph above
            evidence.layout_indent is not None and b.indent < evidence.layout_indent + 2
        )
        and not (
            # where blank lines say nothing, they may be what a removed page
            # number left inside a clause (`……养老等新业态，着` / `- 64 -` /
            # `力打造……`, `……周口调查队；居` / `- 12 -` / `民消费价格指数……`): a
            # clause of prose (a comma or a sentence's end before; a caption
            # has none) cut in a word
            evidence.blank_cuts is None
            and a.kind is Kind.PARAGRAPH
            and _CLAUSE_MARK_RE.search(a.body) is not None
        )
    ):
        return False
    if _han_char(a.body[-1]):
        if not (_han_char(b.body[0]) or _figure_goes_on(a, b)):
            return False
    elif a.body[-1].isdigit():
        # a figure in the sentence, its unit on the next line (`……茶叶产量2.24` /
        # `万吨，比上年增长4.0%`); a footnote's number is followed by its note
        # (`……推动7` / `西部地区包括……`), no unit
        if _FIGURE_END_RE.search(a.body) is None or _UNIT_START_RE.match(b.body) is None:
            return False
    elif not (
        a.body[-1] in "）)"
        and (_figure_goes_on(a, b) or (_han_char(b.body[0]) and _QUALIFIER_END_RE.search(a.body) is not None))
    ):
        # a bracket closed before the figure: `……固定资产投资（不含农户）` / `50.3 万亿元，……`;
        # or a word's bracketed qualifier, which the name goes on after
        # (`……安徽省淮北矿业（集团）` / `公司芦岭煤矿发生……`)
        return False
    if b.kind is not Kind.PARAGRAPH or a.kind not in _SENTENCE_HOLDERS:
        return False
    width = _line_cells(a.raw) + (carry if carry else a.indent)
    if " " in a.body and _name_entry_padded(a.body):
        # pdftotext -raw writes a name list's full-width padding as one space:
        # on the page each was as wide as a character (`成 员：郭卫民 中央宣传部部务
        # 会议成员、新闻办副主` / `任` reached the width)
        width += a.body.count(" ")
    if a.kind is Kind.HEADING and a.level != 0:
        # a heading ends without a mark (`（三）注重宣传引导，及时回应公众关切`):
        # only one that fills the line, not the slack of a typeset line, was
        # cut, and only by a line that can be the rest of it
        if width < evidence.cut_low * 8 // 7 * 9 // 10:
            return False
        return a.level not in evidence.titled_levels or _heading_rest(a, b, evidence.cut_low)
    if width >= evidence.cut_low:
        return True
    # only prose goes on after such a first line: a table's caption stops
    # short of the width too, and its first header cell follows it
    # (`2023年各级各类学校招生数、在校生数及其增长速度` / `指标`)
    return (
        not a_continues
        and not carry
        and a.indent == 0
        and evidence.layout_indent is None
        and width + _PARAGRAPH_INDENT >= evidence.cut_low
        and _PROSE_MARK_RE.search(b.body) is not None
    )


# a figure ending a line right after Han text, and a unit (or a measure
# word) starting the next: the page cut between a number and its unit
_FIGURE_END_RE = re.compile("[\u4e00-\u9fff][ ]?[0-9]+(?:\\.[0-9]+)?$")
_UNIT_START_RE = re.compile(
    "(?:[个万亿千百吨米人年项家座台元件次辆户条名倍亩岁套批届种篇]|公里|公顷|平方|立方|千米|毫米|厘米|千克|公斤)"
)
# a name's bracketed qualifier at the end of a line: a few Han characters in
# brackets right after a word (（集团）, （试行）, （筹）), not a note of its
# own after a sentence (`……予以倾斜支持。（教育部负责）`), longer and led by a mark
_QUALIFIER_END_RE = re.compile("[\u4e00-\u9fff][（(][\u4e00-\u9fff]{1,4}[）)]$")
_PROSE_MARK_RE = re.compile("[，。；、：]")
# what prose holds and a caption does not (a caption may list with 、)
_CLAUSE_MARK_RE = re.compile("[，。；]")


_ONE_CHAR_CLAUSE = frozenset("，、；：")
_CLAUSE_END = frozenset("。；;！？!?")


def _heading_rest(a: Line, b: Line, cut_low: int) -> bool:
    """Whether ``b`` may be the rest of heading ``a``, a title with no
    sentence in it, that the page wrapped: a heading is short, so its rest
    ends it on that line. A line that goes on past itself (it ends with a
    comma or reaches the width the page cuts at) or holds a sentence with
    more text after it is the paragraph under the heading
    (`（三）注重宣传引导，及时回应公众关切` / `一是保持信息公开透明。中国人民银行各级`,
    `（一）优化制度设计，拓宽股权投资渠道` / `多方面拓展科技型企业直接融资渠道，增加`)."""
    if _SENTENCE_END_RE.search(a.body) is not None:
        return True  # a heading with its text run in (`（一）加强领导。各地要……`)
    body = b.body
    if body[1:2] in _ONE_CHAR_CLAUSE:
        # one character before a clause mark starts no paragraph: the rest of
        # the word the page cut (`……平衡性不断增` / `强，……`, `……终端管` / `理、……`)
        return True
    if body[-1] in CONTINUING:
        return False
    end = _SENTENCE_END_RE.search(body)
    if end is not None and end.end() < len(body):
        return False
    return _line_cells(b.raw) + b.indent < cut_low


def _filled_before_blank(a: Line, b: Line, wrap: Wrap | None, carry: int, a_continues: bool) -> bool:
    """Prose ``a`` fills the page's width (its first line with the indentation
    the extraction dropped) and stops between two Han characters, and ``b``
    goes on with Han text after blank lines: OCR sets a blank line where it saw
    a wider gap, also inside a paragraph (`……并请市政协委员提出` / `意见。`), in
    a page whose blank lines otherwise separate paragraphs."""
    if wrap is None or wrap.metric != "cells":
        return False
    if a.kind is not Kind.PARAGRAPH or b.kind is not Kind.PARAGRAPH:
        return False
    if not (_han_char(a.body[-1]) and _han_char(b.body[0])) or _PROSE_MARK_RE.search(a.body) is None:
        return False
    if is_full(a, wrap, carry):
        return True
    # (pdftotext -layout may keep less of the indentation than there was:
    # two spaces for two Han characters)
    width = _line_cells(a.raw) + max(a.indent, _PARAGRAPH_INDENT)
    return not a_continues and not carry and a.indent < _PARAGRAPH_INDENT and wrap.low <= width <= wrap.high


def _figure_goes_on(a: Line, b: Line) -> bool:
    """``b`` starts with a figure and its unit that finish the sentence of
    ``a``, a paragraph or an item whose sentences have begun (`1.固定资产投资
    平稳增长……。2023年，……全国固定资产投资（不含农户）` / `50.3 万亿元`); neither is
    a table row (`……预期性` / `5农产品加工转化率   %`)."""
    return (
        (
            a.kind is Kind.PARAGRAPH
            or (a.kind in _SENTENCE_HOLDERS and _SENTENCE_END_RE.search(a.body) is not None)
        )
        and _FIGURE_START_RE.match(b.body) is not None
        and _CELL_GAP_RE.search(a.body) is None
        and _CELL_GAP_RE.search(b.body) is None
    )


def _neighbours(lines: Sequence[Line]) -> list[tuple[Line, Line, bool | None]]:
    """Consecutive content lines with what separates them: True for blank
    lines, False for a bare line break, None for page furniture or a page
    break."""
    out: list[tuple[Line, Line, bool | None]] = []
    prev: Line | None = None
    blank, broken = False, False
    for ln in lines:
        kind = ln.kind
        if kind is None:
            blank = True
            broken = broken or ln.page_break
            continue
        if kind in _FURNITURE:
            broken = True
            continue
        if prev is not None:
            out.append((prev, ln, None if broken or ln.page_break else blank))
        prev, blank, broken = ln, False, False
    return out


def _layout_indent(body: Sequence[Line], wrap: Wrap | None, full: dict[int, bool]) -> int | None:
    """The indentation of body text in ``pdftotext -layout`` output, when it
    carries information: most lines start at one column, and the lines that
    start further in are paragraph starts (they follow a line that ended a
    sentence), not continuations. A text indented at random, or every long
    line indented alike, gives None. ``body`` are the body lines, ``full``
    tells which are full by index."""
    if len(body) < 6 or (wrap is not None and wrap.metric == "chars"):
        # a text chopped every N characters has no layout to read
        return None
    indents = [ln.indent for ln in body]
    counts = Counter(indents)
    # the commonest indentation, the first counted of equally common ones
    n_base = max(counts.values())
    base = next(indent for indent, n in counts.items() if n == n_base)
    if n_base < 0.4 * len(body):
        return None
    # the lines right above a deeper one
    above_deeper = [
        a for a, indent in zip(body[:-1], indents[1:], strict=True) if base + 2 <= indent <= base + 8
    ]
    if len(above_deeper) < 3:
        return None
    if wrap is None:
        # no line is full, so none was cut: the deeper lines are paragraph starts
        return base
    after_cut = sum(1 for a in body[:-1] if a.body[-1] not in TERMINAL and full[a.index])
    after_cut_deeper = sum(1 for a in above_deeper if a.body[-1] not in TERMINAL and full[a.index])
    if after_cut and after_cut_deeper > 0.2 * after_cut:
        return None
    return base


def title_runs(lines: Sequence[Line]) -> list[list[Line]]:
    """Consecutive title lines of the header: one title wrapped over lines.
    Each line of a run after the first joins the one before it ("title" in
    ``Block.joins``); the classified lines alone decide it. A title ends with
    the line that ends like one, unless the next takes it on with a
    conjunction (`贵州省国民经济和社会发展第十四个五年规划` / `和2035年远景目标纲要`)."""
    runs: list[list[Line]] = []
    cur: list[Line] = []
    ended = False  # cur ends like a title
    for ln in lines:
        kind = ln.kind
        if kind is None or kind in _FURNITURE:
            continue
        if kind is Kind.TITLE and cur and (not ended or ln.body[0] in _TITLE_GOES_ON):
            cur.append(ln)
        else:
            if ended and 2 <= len(cur) <= 4:
                runs.append(cur)
            cur = [ln] if kind is Kind.TITLE else []
        ended = bool(cur) and TITLE_END_RE.search(ln.body) is not None
    if ended and 2 <= len(cur) <= 4:
        runs.append(cur)
    return runs


# what takes a title on after a line that ended like one: a conjunction
_TITLE_GOES_ON = frozenset("和及与暨")


# A table's or figure's caption: its number, a gap, its title (`表 5    2023 年
# 各地区商品房销售面积、销售额`); the title itself holds no gap (a second one
# is the other column of a two-column page, or a cell).
_CAPTION_RE = re.compile(r"[表图][ \t]*\d{1,3}[ \t\u3000]+(\S.*)")
# what a text must hold for a line of it to be a caption (see caption_runs)
CAPTION_LINE_RE = re.compile(r"^[ \t\u3000]*[表图][ \t]*\d{1,3}[ \t\u3000]", re.MULTILINE)
# the longest rest of a caption, in characters
_CAPTION_REST_MAX = 16
_CAPTION_REST_MARKS = re.compile("[，。；：:！？!?]")


def caption_runs(lines: Sequence[Line]) -> list[tuple[Line, Line]]:
    """Captions of tables and figures wrapped over two lines, as (caption,
    rest): a caption is set centred over its table, so the rest of one the
    page wrapped is set in under its middle (`  表 5    2023 年各地区商品房销售
    面积、销售额` / `              增长率`), while the table's first header cell
    starts at the table's left edge, no further in than the caption
    (`表2 2023年农林牧渔业总产值及其增长速度` / `指标名称`). The rest is short
    and holds no clause mark; it follows the caption on the next line."""
    out: list[tuple[Line, Line]] = []
    for a, b in pairwise(lines):
        if (
            b.kind is Kind.PARAGRAPH
            and b.indent > a.indent
            and a.body[:1] in "表图"
            and len(b.body) <= _CAPTION_REST_MAX
            and _CAPTION_REST_MARKS.search(b.body) is None
        ):
            m = _CAPTION_RE.fullmatch(a.body)
            if m is not None and PADDING_RE.search(m.group(1)) is None:
                out.append((a, b))
    return out


# ---------------------------------------------------------------- cheap pre-checks
#
# Most texts the pipeline hands the line rules have no page furniture and no
# wrapped title (every text after the first pass has none left). These tests
# look at the whole text with one regex and say False only when the classified
# lines certainly have none, so a rule may return [] without parsing.

# What a line's body is read from besides its text: leading indentation,
# Markdown decoration (``## ``, ``**``), zero-width characters (removed from the
# whole text first, see _undecorated).
_LEAD = "[ \t\u3000\u00a0\r\v#*]*"
# A line that could be a page number (PAGE_NUMBER_RE, read loosely: more
# lines pass than match it) or a document code (DOC_CODE_RE).
_FURNITURE_CANDIDATE = (
    rf"{_LEAD}(?:[{_DASH}]+\s*\d|第\s*\d{{1,4}}\s*页|[Pp]age\s*\d|(?:https?://|www\.)\S+[ \t]+\d"
    r"|[A-Z]{2,8}\d{0,4}(?:-[A-Z0-9]{1,8})*-\d{4}-\d)"
)
# the first line, and the others: a search for a pattern that starts with a
# newline is much faster than one that starts with ^ in MULTILINE mode
_FURNITURE_FIRST_RE = re.compile(_FURNITURE_CANDIDATE)
_FURNITURE_AFTER_RE = re.compile("\n" + _FURNITURE_CANDIDATE)
# A line whose body ends with the last character of a title word
# (TITLE_END_RE), whatever trails it (spaces, `**`, zero-width characters): one
# character class, so the regex engine scans for it fast.
_TITLE_LAST_CHARS = "".join(sorted({w[-1] for w in TITLE_END_RE.pattern[3:-2].split("|")}))
_TITLE_END_LINE_RE = re.compile(
    f"[{_TITLE_LAST_CHARS}][ \t\u3000\u00a0\r\v\f*\u200b\u200c\u200d\u2060\ufeff]*$", re.MULTILINE
)


def _undecorated(text: str) -> str:
    """``text`` without zero-width characters and ``**``, which a line's body
    leaves out wherever they stand (so a regex over the text sees the bodies)."""
    if _INVISIBLE_RE.search(text) is not None:
        text = _INVISIBLE_RE.sub("", text)
    if "**" in text:
        text = text.replace("**", "")
    return text


@lru_cache(maxsize=1)  # asked by L101 and L103 of the same text
def may_have_furniture(text: str) -> bool:
    """False only when no line of ``classify_lines(text)`` is page furniture or
    follows a page break. Without a form feed the only page tops are the
    document's start and the lines after page numbers, so without a line that
    could be a page number no header or footer repeats on three pages, and only
    the first line could be a document code; nor, without three lines that end
    like a title, is a title repeated as a header (``_repeated_titles``)."""
    if "\f" in text:
        return True
    plain = _undecorated(text)
    if _FURNITURE_FIRST_RE.match(plain) is not None or _FURNITURE_AFTER_RE.search(plain) is not None:
        return True
    if _SET_IN_NUMBER_RE.search(plain) is not None:  # _numbers_inside_sentences
        return True
    # a title repeated as a running header (_repeated_titles) ends as many lines like a title
    ends = _TITLE_END_LINE_RE.finditer(plain)
    return sum(1 for _ in islice(ends, _RUNNING_TITLE_MIN)) == _RUNNING_TITLE_MIN


def may_have_title_run(text: str) -> bool:
    """False only when ``title_runs(classify_lines(text))`` is empty: a run ends
    with a line that ends like a title and has a title line (no `。；，` in it)
    above it, with only blank lines or page furniture between."""
    if may_have_furniture(text):
        # furniture may stand between two title lines: not worth reading further
        return True
    limit = _segments_limit(text.count("\n") + 1)
    for m in _TITLE_END_LINE_RE.finditer(text):
        begin = text.rfind("\n", 0, m.start()) + 1
        if not TITLE_END_RE.search(_segment(text[begin : m.end()], limit)[_SEGMENT_BODY]):
            continue
        # the nearest line above with a body
        while begin > 0:
            end = begin - 1
            begin = text.rfind("\n", 0, end) + 1
            body = _segment(text[begin:end], limit)[_SEGMENT_BODY]
            if body:
                if not any(c in body for c in "。；，"):
                    return True
                break
    return False


def _segment(seg: str, limit: int, invisible: bool = True) -> _Segment:
    """``_read_segment(seg, invisible)``, remembered; ``limit`` is
    ``_segments_limit`` of the text ``seg`` comes from. The widths and Han
    counts of lines are forgotten with the segments."""
    info = _SEGMENTS.get(seg)
    if info is None:
        info = _read_segment(seg, invisible)
        if len(_SEGMENTS) >= limit:
            _SEGMENTS.clear()
            _LINE_CELLS.clear()
            _HAN_COUNTS.clear()
        _SEGMENTS[seg] = info
    return info


def parse_lines(text: str) -> tuple[list[Line], list[Block]]:
    """Lines and blocks of ``text`` (see ``parse``)."""
    lines, _, joined_to_prev = _joins(text)
    # furniture is a block of its own and does not end the group around it
    # (a sentence cut by a page break goes on after the page number)
    blocks: list[Block] = []
    groups: list[list[Line]] = []
    group: list[Line] | None = None
    for ln in lines:
        if ln.kind is None:
            continue
        if ln.kind in _FURNITURE:
            blocks.append(Block(ln.kind, (ln.index,), ln.start, ln.end))
        elif group is not None and ln.index in joined_to_prev:
            group.append(ln)
        else:
            group = [ln]
            groups.append(group)
    for group in groups:
        first = group[0]
        blocks.append(
            Block(
                first.kind or Kind.PARAGRAPH,  # never None: blank lines are in no group
                tuple(g.index for g in group),
                first.start,
                group[-1].end,
                first.level,
                tuple(joined_to_prev[g.index] for g in group[1:]),
            )
        )
    blocks.sort(key=lambda b: b.start)
    return list(lines), blocks


def sentence_joins(text: str) -> list[tuple[Line, Line]]:
    """The pairs of consecutive content lines of ``text`` that are one
    sentence cut in two (the "sentence" joins of ``parse``), in order: what
    line repair acts on, without building the blocks."""
    _, pairs, joined_to_prev = _joins(text)
    return [(prev, ln) for prev, ln, _ in pairs if joined_to_prev.get(ln.index) == "sentence"]


@lru_cache(maxsize=1)  # see _classified
def _joins(
    text: str,
) -> tuple[tuple[Line, ...], list[tuple[Line, Line, bool | None]], dict[int, str]]:
    """The classified lines of ``text``, its consecutive content lines (see
    ``_neighbours``) and, by line index, why each line that continues the one
    before it does ("title" or "sentence")."""
    lines = _classified(text)
    pairs = _neighbours(lines)
    ev = _evidence(lines, pairs)
    wrap, layout = ev.wrap, ev.layout_indent
    joined_to_prev: dict[int, str] = {}
    for run in title_runs(lines):
        joined_to_prev.update((ln.index, "title") for ln in run[1:])
    carry = 0  # width of the earlier pieces of prev's page row
    # What the lines prev continues say (see _sentence_cut): a sentence ends in
    # them, and they leave a bracket or quote open. Judged on prev alone, each
    # run of the rule would join one more piece of such a paragraph, and a long
    # document would need as many runs as its longest paragraph has pieces.
    earlier_end = False
    earlier_open: bool | None = None
    head = pairs[0][0] if pairs else None  # the first line of prev's block
    for prev, ln, blank_gap in pairs:
        next_carry = 0
        prev_continues = prev.index in joined_to_prev
        if not prev_continues:
            earlier_end, earlier_open = False, None
            head = prev
        # whether ln continues prev as the rest of a sentence (not of a title)
        sentence = ln.index not in joined_to_prev and should_join(
            prev,
            ln,
            wrap,
            layout,
            carry,
            prev_continues,
            blank_gap=blank_gap,
            evidence=ev,
            earlier_end=earlier_end,
            earlier_open=earlier_open,
            heading_rest=(
                prev_continues
                and head is not None
                and head.kind is Kind.HEADING
                and head.level in (1, 2)
                and not earlier_end
                and _SENTENCE_END_RE.search(prev.body) is None
            ),
        )
        if sentence:
            joined_to_prev[ln.index] = "sentence"
            if (
                wrap is not None
                and wrap.metric == "cells"
                and (
                    not (is_full(prev, wrap, carry) or _indent_dropped(prev, wrap, carry, prev_continues))
                    or ln.body[0] in NO_LINE_START
                )
            ):
                next_carry = (carry if carry else prev.indent) + _line_cells(prev.raw)
        if sentence and prev.kind in _SENTENCE_HOLDERS:
            # prev is inside the paragraph now (a title run holds no sentences)
            earlier_end = earlier_end or _SENTENCE_END_RE.search(prev.body) is not None
            earlier_open = _open_after(prev.body, earlier_open, wrap is not None)
        else:
            earlier_end, earlier_open = False, None
        carry = next_carry
    return lines, pairs, joined_to_prev


# ---------------------------------------------------------------- two columns

# The gap between two columns of a ``pdftotext -layout`` page: four spaces or
# more (a sentence holds none), the only such gap in the line.
_COLUMN_GAP_RE = re.compile(r"(?<=\S)[ \u3000]{4,}(?=\S)")
# A column of prose holds this many Han characters on a line at least, and
# the left one fills at least this many cells (a name list or a two-cell
# table row holds short cells).
_COLUMN_HAN = 8
_COLUMN_LEFT_CELLS = 30
# lines set in two columns a region needs, and how far a line with no gap may
# reach (cells past the widest left column) and still belong to the left one
_COLUMN_MIN_LINES = 4
_COLUMN_SLACK = 4
# a line of the right column alone starts this far right at least
_COLUMN_RIGHT_MIN = 30
# where a sure line may be: prose, a wide gap and prose again, or prose after
# an indentation of half _COLUMN_RIGHT_MIN characters at least (full-width
# spaces are two cells). The match is the gap or the indentation: the
# pattern opens with a space, so the engine skips at C speed to the next
# space, rare in Chinese prose, and looks behind from there; a pattern that
# opens with the Han class before the gap is tried at nearly every character
# (3x slower over the dirty corpus, same lines found:
# tests/test_structure.py holds it against that plain form).
_COLUMN_HINT_RE = re.compile(
    "[ \u3000](?:(?<=[\u4e00-\u9fff，。、；：”）%][ \u3000])[ \u3000]{3,}(?=[\u4e00-\u9fff“（\\d])"
    "|(?<=\n[ \u3000])[ \u3000]{14,}(?=[\u4e00-\u9fff“（]))"
)
# sure lines of one region stand at most this many lines apart
_COLUMN_NEAR = 6


# The gap pdftotext -layout leaves between two columns set close together
# (Chromium prints two columns an em or two apart) where the left column's
# line is full: one to three spaces between two pieces of prose. Prose in a
# column holds no space between Han characters, so such a gap, the only one
# of its line, is the columns' too; the regex opens with the space, as
# _COLUMN_HINT_RE does.
_NARROW_GAP_RE = re.compile(" (?<=[\u4e00-\u9fff，。、；：”’）》〕】] ) {0,2}(?=[\u4e00-\u9fff“‘（《〔])")
# how far (cells) short of the widest left column a sure line split at a
# narrow gap may stop: only a full left line leaves so little room
_COLUMN_NARROW_FULL = 8
# how far (characters) from where the region's sure lines start their right
# column a narrow gap may end: pdftotext -layout sets text on a grid of
# characters, where a column starts at nearly one place whatever its width
# in cells
_COLUMN_NARROW_SLACK = 2


def _column_split(seg: str) -> tuple[str, str] | None:
    """``seg`` as its left and right column, both prose, the wide gap between
    them the only one of the line: a line that shows a region of two columns
    beyond doubt (a name list or a two-cell table row holds short cells). A
    narrow gap (see _NARROW_GAP_RE) is one too when the line holds no other
    space: whether the left column was full there is for its region to say
    (``_columns_of``)."""
    gaps = list(_COLUMN_GAP_RE.finditer(seg))
    if not gaps:
        gaps = _narrow_gap(seg)
    if len(gaps) != 1 or not seg[: gaps[0].start()].strip():
        return None
    left, right = seg[: gaps[0].start()], seg[gaps[0].end() :]
    if han_count(left) < _COLUMN_HAN or han_count(right) < _COLUMN_HAN or cells(left) < _COLUMN_LEFT_CELLS:
        return None
    return left, right


def _narrow_gap(seg: str) -> list[re.Match[str]]:
    """The narrow gap of ``seg``, when it is the only space of the line past
    its indentation (a name list, `组 长：韩 正`, has several)."""
    body = seg.strip(" \u3000")
    gap = _NARROW_GAP_RE.search(seg)
    if gap is None or body.count(" ") + body.count("\u3000") != gap.end() - gap.start():
        return []
    return [gap]


def _narrow(seg: str, split: tuple[str, str]) -> bool:
    """Whether ``split`` of ``seg`` is at a narrow gap."""
    return len(seg) - len(split[0]) - len(split[1]) < 4


def _indent_width(seg: str, indent: int) -> int:
    """``cells(seg[:indent])`` of an indentation of spaces and full-width
    spaces (two cells each), counted in C."""
    return indent + seg.count("\u3000", 0, indent)


def _fits(s: str, width: int) -> bool:
    """``cells(s) <= width``, measured only when its length does not tell:
    a character is one cell or two."""
    if len(s) > width:
        return False
    return 2 * len(s) <= width or cells(s) <= width


def _right_alone(seg: str) -> bool:
    """``seg`` is a line of prose set far to the right with nothing before it."""
    indent = len(seg) - len(seg.lstrip(" \u3000"))
    return (
        indent > 0
        and _indent_width(seg, indent) >= _COLUMN_RIGHT_MIN
        and han_count(seg) >= _COLUMN_HAN
        and _COLUMN_GAP_RE.search(seg, indent) is None
    )


# a text is read again after every rule that changed it, and most of its
# lines come back unchanged: each line's verdict is kept (a bounded cache),
# with its columns, which the region's reading asks for again
@lru_cache(maxsize=1 << 14)
def _column_line(seg: str) -> tuple[str, str] | bool:
    """``_column_split(seg)`` when it holds both columns, else whether it is
    a line of the right column alone."""
    return _column_split(seg) or _right_alone(seg)


def _column_sure(seg: str) -> bool:
    return _column_line(seg) is not False


def _sure_column_lines(text: str) -> set[int]:
    """Where the sure lines of ``text`` start: each line a regex hints at
    (one pass in C) read once, whatever the number of hints in it."""
    out: set[int] = set()
    _sure_lines_at(text, _COLUMN_HINT_RE, out)
    _sure_lines_at(text, _NARROW_GAP_RE, out)
    return out


def _sure_lines_at(text: str, hint: re.Pattern[str], out: set[int]) -> None:
    """Add to ``out`` where the sure lines among those ``hint`` finds start."""
    line_end = -1
    for m in hint.finditer(text):
        pos = m.start()
        if pos <= line_end:
            continue  # a line already read
        start = text.rfind("\n", 0, pos) + 1
        line_end = text.find("\n", pos)
        if line_end == -1:
            line_end = len(text)
        if _column_sure(text[start:line_end]):
            out.add(start)


def _columns_of(segs: Sequence[str], group: Sequence[int]) -> _Columns | None:
    """Where the columns lie, from the sure lines of a region (``group``):
    the widest left column (the left parts, and the lines between at the
    left margin) and the leftmost start of the right one. None when the
    group is not two columns: lines set far right with no left column beside
    them (a signature block, a centred title) are no side column."""
    lefts: list[int] = []
    rights: list[int] = []
    right_chars: list[int] = []  # where the right column starts, in characters
    narrow: list[int] = []  # the left widths of the lines split at a narrow gap
    for k in group:
        split = _column_line(segs[k])  # a sure line: its columns, or True (right alone)
        if isinstance(split, tuple):
            lefts.append(cells(split[0]))
            rights.append(cells(segs[k]) - cells(split[1]))
            right_chars.append(len(segs[k]) - len(split[1]))
            if _narrow(segs[k], split):
                narrow.append(lefts[-1])
        else:
            seg = segs[k]
            rights.append(_indent_width(seg, len(seg) - len(seg.lstrip(" \u3000"))))
    if narrow and min(narrow) < max(lefts) - _COLUMN_NARROW_FULL:
        # a narrow gap is the columns' only where the left line is full: gaps
        # at widths that disagree are spaces inside prose
        return None
    alone = len(group) - len(lefts)
    if alone:
        # the left column's lines between the right column's
        margin = [
            cells(segs[k].rstrip())
            for k in range(group[0], group[-1] + 1)
            if segs[k].strip() and k not in group and not segs[k][:1].isspace()
        ]
        prose = [w for w in margin if w >= _COLUMN_LEFT_CELLS]
        # the left column shows in the lines that hold both columns too: a
        # page whose right column runs on alone past a figure on the left
        # (`数据来源：……` and a caption in the left column) is still two columns
        if len(prose) + len(lefts) < alone // 2 + 1:
            return None
        lefts += prose
    if not lefts:
        return None
    chars = (min(right_chars), max(right_chars)) if right_chars else None
    return _Columns(max(lefts), min(rights), chars)


@dataclass(frozen=True, slots=True)
class _Columns:
    """Where the columns of a region lie, in cells: the widest left column
    and the leftmost start of the right one, read from its sure lines."""

    left_width: int
    right_start: int
    # the first and last character the right column starts at in the sure
    # lines that hold both columns (None: none does)
    right_chars: tuple[int, int] | None = None

    def side(self, seg: str) -> tuple[str, str] | str | None:
        """``seg`` as (left, right) when it holds both columns, "left" or
        "right" when it holds one, None when it spans both (a full-width line,
        the end of the region). The gap between the columns is the widest gap
        of the line, when it starts inside the left column's reach; narrower
        ones (justified text inside a column) are not it."""
        if not seg.strip():
            return "left"  # a blank line: kept with the left column's lines
        indent = len(seg) - len(seg.lstrip(" \u3000"))
        if indent and _indent_width(seg, indent) >= self.right_start - _COLUMN_SLACK:
            return "right"
        # pdftotext sets the right column's line nearer when the left one is
        # short, so where the gap ends says little: the widest gap is it
        best: re.Match[str] | None = None
        for m in _COLUMN_GAP_RE.finditer(seg, indent):
            if best is None or m.end() - m.start() > best.end() - best.start():
                best = m
        if best is not None and _fits(seg[: best.start()], self.left_width + _COLUMN_SLACK):
            return seg[: best.start()], seg[best.end() :]
        if _fits(seg.rstrip(), self.left_width + _COLUMN_SLACK):
            return "left"
        # where the left line is full, or set against the column's right
        # edge (a signature), pdftotext leaves a narrow gap only: the one gap
        # of the line, ending where the right column starts
        narrow = _narrow_gap(seg) if best is None and self.right_chars is not None else []
        if narrow and self.right_chars is not None:
            lo, hi = self.right_chars
            left = seg[: narrow[0].start()]
            if lo - _COLUMN_NARROW_SLACK <= narrow[0].end() <= hi + _COLUMN_NARROW_SLACK and _fits(
                left, self.left_width + _COLUMN_SLACK
            ):
                return left, seg[narrow[0].end() :]
        return None


def two_columns(text: str) -> list[tuple[int, int, str]]:
    """The regions of ``text`` set in two columns side by side, each as
    (start, end, the same text with the left column first and the right one
    after it): what ``pdftotext -layout`` makes of a report with a side
    column, a line of each column on every line. A region is found from its
    sure lines (one wide gap, prose on both sides, at least four near each
    other on one page), which say where the columns lie; it spans the lines
    around them that hold both columns, the left one only or the right one
    only, up to a page's end or a line of the full width. Every character is
    kept: lines are only moved, and the gaps and the right column's
    indentation dropped."""
    if "    " not in text:
        return []
    # the sure lines are found by a regex first: a layout page indents most
    # of its lines, and only a line with a gap inside or a deep indentation
    # is worth a closer look
    sure_at = _sure_column_lines(text)
    if len(sure_at) < _COLUMN_MIN_LINES:
        return []
    segs = text.split("\n")
    # where each line starts (summed in C: each line and its newline)
    starts = list(accumulate(map((1).__add__, map(len, segs[:-1])), initial=0))
    notes = _footnote_numbers(text, starts)
    out: list[tuple[int, int, str]] = []
    done = -1  # the last line of the last region
    # sure lines: both columns on one line, or (where pdftotext set the
    # columns' lines one under the other) a line of the right column alone
    sure = sorted(bisect_left(starts, at) for at in sure_at)
    g = 0
    while g < len(sure):
        # a group of sure lines: each within a few lines of the one before, on one page
        h = g
        while (
            h + 1 < len(sure)
            and sure[h + 1] - sure[h] <= _COLUMN_NEAR
            and not any(_page_end(segs, k, notes) for k in range(sure[h] + 1, sure[h + 1]))
        ):
            h += 1
        group = sure[g : h + 1]
        g = h + 1
        if len(group) < _COLUMN_MIN_LINES or group[0] <= done:
            continue
        cols = _columns_of(segs, group)
        if cols is None:
            continue
        first, last = group[0], group[-1]
        while (
            first - 1 > done
            and not _page_end(segs, first - 1, notes)
            and cols.side(segs[first - 1]) is not None
        ):
            first -= 1
        while last + 1 < len(segs) and not _page_end(segs, last + 1, notes):
            if cols.side(segs[last + 1]) is None:
                break
            last += 1
        while last > first and not segs[last].strip():
            last -= 1  # blank lines at the region's end stay where they are
        left_lines: list[str] = []
        # the right column's lines, each with the character column it starts at
        right_lines: list[tuple[int, str]] = []
        narrow = False  # whether a line's columns are split at a narrow gap
        for k in range(first, last + 1):
            side = cols.side(segs[k])
            if isinstance(side, tuple):
                left_lines.append(side[0].rstrip())
                right_lines.append((len(segs[k]) - len(side[1]), side[1].rstrip()))
                narrow = narrow or _narrow(segs[k], side)
            elif side == "right":
                seg = segs[k].rstrip()
                right = seg.lstrip(" \u3000")
                right_lines.append((len(seg) - len(right), right))
            elif segs[k].strip():
                left_lines.append(segs[k].rstrip())
        # columns set so close that a full left line leaves one space before
        # the right one: pdftotext placed the right column's lines a few
        # characters apart whatever their indentation (a line after a short
        # left one further right), so none is kept
        rights = [line for _, line in right_lines] if narrow else _at_margin(right_lines)
        new = "\n".join([*left_lines, "", *rights])
        start, end = starts[first], starts[last] + len(segs[last])
        if new != text[start:end]:
            out.append((start, end, new))
        done = last
    return out


# how many characters further in than its column's margin a line of the
# right column must start to keep its indentation (pdftotext places a line a
# character off now and then)
_COLUMN_INDENT_MIN = 2


def _at_margin(lines: Sequence[tuple[int, str]]) -> list[str]:
    """The right column's lines set at the left margin, each keeping the
    indentation it has within its column, as the left column's lines keep
    theirs: a paragraph's first line is indented, the rest of a heading the
    page wrapped is not (`  （三）注重宣传引导，及时回应公众关切` / `  一是保持……`
    are two elements; `  （一）……传达政策要` / `求` one). pdftotext -layout sets
    every line at a character column, so the column's margin is the least
    column its lines start at, counted in characters (not display cells: the
    gap before the right column makes up for the width of the left one's
    characters)."""
    if not lines:
        return []
    margin = min(col for col, _ in lines)
    return [
        " " * (col - margin) + body if col - margin >= _COLUMN_INDENT_MIN else body for col, body in lines
    ]


def _page_end(segs: Sequence[str], k: int, notes: frozenset[int] = frozenset()) -> bool:
    """Line ``k`` of ``segs`` is a page number or holds a page break; a line
    of ``notes`` (``_footnote_numbers``) is a footnote's number instead."""
    seg = segs[k]
    body = seg.strip()
    if "\f" in seg or PAGE_NUMBER_RE.match(body) is not None:
        return True
    return body.isdigit() and len(body) <= 4 and k not in notes


_BARE_NUMBER_RE = re.compile(r"^[ \t\u3000]*(\d{1,4})[ \t\u3000]*$", re.MULTILINE)


def _footnote_numbers(text: str, starts: Sequence[int]) -> frozenset[int]:
    """The lines of ``text`` (``starts``: where each line starts) that hold a
    footnote's number, not a page's. A page's number stands apart from the
    page's text by a blank line (or a form feed, which C103 has made one), or
    else goes on from the page before it (`42` … `43`); a footnote's number
    sits between two lines of text and out of that count (`……结构性存款余额持`
    / `5` / `“互换通”是指……`, on the page numbered 18)."""
    notes: set[int] = set()
    page = None  # the number of the last page seen

    def blank(j: int) -> bool:  # line j is blank, or there is none
        if j < 0 or j >= len(starts):
            return True
        return not text[starts[j] : starts[j + 1] if j + 1 < len(starts) else len(text)].strip()

    for m in _BARE_NUMBER_RE.finditer(text):
        k = bisect_right(starts, m.start()) - 1
        number = int(m.group(1))
        if blank(k - 1) or blank(k + 1) or (page is not None and number == page + 1):
            page = number
        else:
            notes.add(k)
    return frozenset(notes)


# ---------------------------------------------------------------- web page chrome

# What a web page or a legal database prints around a document and its
# authors never wrote: a hit counter, a font-size switch, print/close/share
# buttons, a citation code, a link to the original. A line made only of such
# fields (and the publication fields a page sets beside them: source, time,
# editor) is chrome; the publication fields alone (`来源：新华社`) say where the
# text comes from and stay.
_CHROME_ONLY = (
    r"(?:浏览|点击|阅读|访问)(?:次数|量|数)\s*[:：]\s*\d+\s*次?"
    r"|字[体号]\s*[:：]?\s*[\[【（(]?[\s*]*大[\s*]*中[\s*]*小[\s*]*[\]】）)]?"
    r"|字[体号]\s*[:：]?\s*[\[【（(]?[\s*]*小[\s*]*中[\s*]*大[\s*]*[\]】）)]?"
    r"|【?法宝引证码】?\s*[:：]?\s*[A-Za-z0-9.]*"
    r"|原文链接\s*[:：]\s*\S*"
    r"|[【\[]?(?:打印本页|关闭窗口|打印|关闭|收藏|分享到?)[】\]]?"
)
_CHROME_FIELD = (
    r"(?:来源|信息来源|文章来源|发布时间|发布日期|发表时间|更新时间|时间|日期|作者|编辑|责任编辑)"
    r"\s*[:：]\s*[^\s:：]+(?:\s[\d:]+)?"
)
# What only chrome holds, as literal words (a regex engine finds these fast,
# and common words such as 打印 or 分享 in a sentence do not set it off):
# needed in every chrome line, so a text without any has none.
_CHROME_KEY_RE = re.compile(
    "浏览次数|浏览量|点击数|点击量|阅读次数|阅读量|访问量|访问次数|法宝引证码|原文链接|打印本页|关闭窗口"
    # a font-size switch, not 老字号
    r"|字[体号]\s*[:：]?\s*[\[【（(]?[\s*]*(?:大[\s*]*中[\s*]*小|小[\s*]*中[\s*]*大)"
)
_CHROME_LINE_RE = re.compile(f"(?:(?:{_CHROME_ONLY}|{_CHROME_FIELD})[\\s\u3000|｜]*)+")


def is_chrome(body: str) -> bool:
    """``body`` is a line of web page chrome: fields of the page only, one of
    them at least chrome without doubt (a counter, a font switch, a button,
    a citation code, a link to the original)."""
    return _CHROME_LINE_RE.fullmatch(body) is not None and _CHROME_KEY_RE.search(body) is not None


def may_have_chrome(text: str) -> bool:
    """False only when no line of ``text`` is chrome (``is_chrome``): the
    key words are never cut by decoration (``**``) or zero-width characters
    in a chrome line, which they would have to be to hide here."""
    return _CHROME_KEY_RE.search(text) is not None


# ---------------------------------------------------------------- elements run together

# A sentence end, then a gap no sentence has inside it (three spaces or more,
# two full-width spaces, a tab), then what may start an element: where an
# extraction put two lines of the page on one (`……影印件。     第十五条  预付……`,
# `……财产。    （二）以资金……`), or two columns of a -layout page met.
# The sentence end is matched, not looked behind for: a pattern that opens
# with a character class is scanned for at C speed, one that opens with a
# look-behind is tried at every position (3x slower over a document).
_RUN_TOGETHER_RE = re.compile(
    "[。；：！？!?;:](?:[ \u00a0]{3,}|\u3000{2,}|[ \u3000\u00a0]*\t[ \t\u3000\u00a0]*|"
    "[ \u00a0]*\u3000[ \u00a0]+\u3000?[ \u00a0]*)(?=[\u4e00-\u9fff“（(])"
)
# the elements that always start a line of their own: a 第X条/章 article and the two heading levels
_RUN_TOGETHER_LEVELS = frozenset({0, 1, 2})
_RUN_TOGETHER_LOOK = 200
# A paragraph run into the one before it (`……或其他组织。     个人客户的身份基本
# 信息，包括：客户的姓名、……`, two lines of a definitions article that an
# extraction put on one) is told by more than the gap: a whole sentence ends
# before it (。！？, not the ；： inside a sentence), both sides are prose of
# some length with no other gap in them (a table row has a gap between each
# two cells, a table of contents ends in a page number, not a sentence), the
# rest reads as prose (a clause mark in it), the gap is no wider than a few
# characters, and neither line next to it has a wide gap or a deep indent
# (interleaved columns, which L106 sets apart, have a gutter of a dozen
# characters or more, and a right column's lines stand alone far in).
_PROSE_MIN_HAN = 6
_PROSE_GAP_MAX = 8
_PROSE_NEIGHBOUR_INDENT_MAX = 8
_PROSE_MARK_IN_RE = re.compile("[，。；、：]")
_WIDE_GAP_RE = re.compile(r"(?<=\S)[ \u3000]{4,}(?=\S)")


def run_together(text: str) -> list[tuple[int, int]]:
    """The gaps (start, end) where a line holds two elements run together: a
    sentence ends, a wide gap follows, and the rest of the line opens an
    article or a heading (`第十五条`, `（二）`, `一、`), not a citation
    (`第十二条的规定`), or is a paragraph of prose of its own (see
    ``_paragraphs_run_together``). The space after an article's own number is
    not such a gap: no sentence ends before it. One regex pass over the text."""
    out: list[tuple[int, int]] = []
    for m in _RUN_TOGETHER_RE.finditer(text):
        # what starts there is all classify() needs to see: a bounded piece,
        # so a long line with many such gaps stays linear
        stop = m.end() + _RUN_TOGETHER_LOOK
        end = text.find("\n", m.end(), stop)
        rest = text[m.end() : end if end != -1 else stop].strip(_WS)
        if not rest:
            continue
        kind, level = classify(rest)
        if (kind is Kind.HEADING and level in _RUN_TOGETHER_LEVELS) or (
            text[m.start()] in SENTENCE_END and _paragraphs_run_together(text, m.start(), rest, end)
        ):
            out.append((m.start() + 1, m.end()))  # the gap, after the sentence's end
    return out


def _paragraphs_run_together(text: str, stop: int, rest: str, rest_end: int) -> bool:
    """Whether the sentence that ends at ``stop`` and the ``rest`` of its line
    after a wide gap (ending at ``rest_end``, -1 past the looked-at piece) are
    two paragraphs run together; every look bounded, so the text is read once."""
    if _CELL_GAP_RE.search(rest) or _PROSE_MARK_IN_RE.search(rest) is None:
        return False
    if cells(text[stop + 1 : text.find(rest[0], stop + 1)]) > _PROSE_GAP_MAX:
        return False
    if _han_count(rest) < _PROSE_MIN_HAN:
        return False
    line_start = text.rfind("\n", max(0, stop - _RUN_TOGETHER_LOOK), stop) + 1
    before = text[line_start : stop + 1].strip(_WS)
    if _CELL_GAP_RE.search(before) or _han_count(before) < _PROSE_MIN_HAN:
        return False
    # the lines above and below (as far as the bounded look reaches)
    above_start = text.rfind("\n", max(0, line_start - 1 - _RUN_TOGETHER_LOOK), max(0, line_start - 1)) + 1
    above = text[above_start : max(0, line_start - 1)] if line_start else ""
    below = ""
    if rest_end != -1:
        below_end = text.find("\n", rest_end + 1, rest_end + 1 + _RUN_TOGETHER_LOOK)
        below = text[rest_end + 1 : below_end if below_end != -1 else rest_end + 1 + _RUN_TOGETHER_LOOK]
    return not any(
        _WIDE_GAP_RE.search(near.strip(_WS))
        or _indent_cells(near[: len(near) - len(near.lstrip(_WS))]) > _PROSE_NEIGHBOUR_INDENT_MAX
        for near in (above, below)
    )


def parse(text: str) -> list[Block]:
    """The blocks of ``text`` in order: each element of the document with the
    physical lines it spans, and page furniture as blocks of its own."""
    return parse_lines(text)[1]
