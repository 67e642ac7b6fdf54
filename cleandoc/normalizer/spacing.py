"""Rule family S: spacing.

Chinese official documents put no spaces between Han characters, none around
full-width punctuation and none between Han and digits or Latin letters
(``2025年4月30日``, ``建设20个``). PDF extraction adds them: pdftotext writes a
number set in another font as a separate word (``2025 年 4 月 30 日``), a
justified line as letter-spaced Han (``加 大 创 业``), ``-layout`` output
indents and centres lines with runs of spaces; LLMs and OCR leave trailing
whitespace and runs of blank lines.

What must survive is spacing the authors put in on purpose, and the rules
below are written around it (each case comes from ../shared/corpus/clean):

* alignment padding in name lists and signature blocks (``黄　卫``,
  ``主  任：孙春兰　　国务院副总理``) and layout columns
  (``杭州市人民政府办公厅      2025年5月6日印发``): a full-width space, a tab,
  or two or more ASCII spaces; inside a line only a single ASCII space is
  taken for extraction noise;
* separate elements on one line (``湖南省教育厅 湖南省发展和改革委员会``,
  ``2000年9月25日 中华人民共和国国务院令第292号``, ``第一条 为了``): a single space
  between two *words* is kept; only runs of three or more Han characters each
  separated by one space are letter-spacing (the corpus gold uses the same
  test);
* table rows (``1 煤 18 锌``, ``1000元以下的部分 40－100元``): consecutive short
  lines without sentence punctuation whose gaps are not the symmetric
  `` 20 `` that extraction puts around a number; their cells stay apart;
* a space before an opening quote or bracket, which may separate two
  elements (``2011年1月8日 《国务院关于…的决定》修订``);
* the space after a numbering marker (``第八条 1995年``, ``5.1.2 省级``): the
  heading rules own marker spans;
* URLs, e-mail addresses, English phrases (``in accordance with the law``)
  and fenced code blocks.
"""

from __future__ import annotations

import operator
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property, lru_cache

from cleandoc.config import Config
from cleandoc.markers import find_marker
from cleandoc.model import Edit, Finding
from cleandoc.rules import rule
from cleandoc.text import HAN, HAN_RE, HAN_RUN_RE, inside, lines_with, protected_spans

# Horizontal whitespace of extracted text. U+3000 IDEOGRAPHIC SPACE, U+00A0
# NO-BREAK SPACE (the characters family turns NBSP into a space; it is listed
# here so that trailing or leading NBSP goes even when that family is off).
_HWS = " \t\u3000\u00a0"

# Full-width punctuation of Chinese text (GB/T 15834) around which no space
# belongs, sorted by code point (tested).
_FWP = "".join(
    (
        "·",  # U+00B7 MIDDLE DOT
        "—",  # U+2014 EM DASH
        "‘",  # U+2018 LEFT SINGLE QUOTATION MARK
        "’",  # U+2019 RIGHT SINGLE QUOTATION MARK
        "“",  # U+201C LEFT DOUBLE QUOTATION MARK
        "”",  # U+201D RIGHT DOUBLE QUOTATION MARK
        "…",  # U+2026 HORIZONTAL ELLIPSIS
        "、",  # U+3001 IDEOGRAPHIC COMMA
        "。",  # U+3002 IDEOGRAPHIC FULL STOP
        "〈",  # U+3008 LEFT ANGLE BRACKET
        "〉",  # U+3009 RIGHT ANGLE BRACKET
        "《",  # U+300A LEFT DOUBLE ANGLE BRACKET
        "》",  # U+300B RIGHT DOUBLE ANGLE BRACKET
        "【",  # U+3010 LEFT BLACK LENTICULAR BRACKET
        "】",  # U+3011 RIGHT BLACK LENTICULAR BRACKET
        "〔",  # U+3014 LEFT TORTOISE SHELL BRACKET
        "〕",  # U+3015 RIGHT TORTOISE SHELL BRACKET
        "！",  # U+FF01 FULLWIDTH EXCLAMATION MARK
        "（",  # U+FF08 FULLWIDTH LEFT PARENTHESIS
        "）",  # U+FF09 FULLWIDTH RIGHT PARENTHESIS
        "，",  # U+FF0C FULLWIDTH COMMA
        "：",  # U+FF1A FULLWIDTH COLON
        "；",  # U+FF1B FULLWIDTH SEMICOLON
        "？",  # U+FF1F FULLWIDTH QUESTION MARK
        "～",  # U+FF5E FULLWIDTH TILDE
    )
)

# Punctuation that marks a line as running text rather than a table row.
# Half-width forms count too: they are full-width punctuation the
# punctuation family has not repaired yet.
_SENTENCE_PUNCT_RE = re.compile("[，。；：？！、,;:?!]")

# Numbers as extraction writes them: digits, Latin letters and what sticks to
# a number without a space (``30%``, ``6:3:1``, ``5A``, ``2.5``).
# U+FF05 FULLWIDTH PERCENT SIGN, U+2030 PER MILLE SIGN, U+2103 DEGREE CELSIUS.
_ALNUM = "0-9A-Za-z"
_NUMBER_TAIL = "0-9A-Za-z%\uff05\u2030\u2103"

_FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.M)
_BREAK_AFTER_SPACE_RE = re.compile(f"\n(?<=[{_HWS}]\n)")
# (after any form feeds that start a page: those are line repair's)
_INDENT_RE = re.compile(f"^\f*([{_HWS}]+)(?=[^{_HWS}\n])", re.M)
# The same after a line break: a regex that starts with "^" is tried at every
# position of the text, one that starts with "\n" only at line breaks.
_INDENT_AFTER_BREAK_RE = re.compile(f"\n\f*([{_HWS}]+)(?=[^{_HWS}\n])")
# Markdown bullets keep the indentation that nests them.
_BULLET_RE = re.compile(r"[-*+][ \t]")
_BLANK_RUN_RE = re.compile(f"\n((?:[{_HWS}]*\n){{2,}})")
_CONTENT_RE = re.compile(f"[^{_HWS}\n\f\v]")
# Characters set apart by single spaces; one pair may be glued where line
# repair joined two pieces of a letter-spaced run cut by the page width
# (``军 区 \n也 要 相`` -> ``军 区也 要 相``).
_LETTER_SPACED_RE = re.compile(f"[{HAN}{_FWP}](?: [{HAN}{_FWP}])+(?:[{HAN}{_FWP}](?: [{HAN}{_FWP}])+)?")
# Every letter-spaced run starts one character before such a space. Regexes
# that start with the space let the engine skip straight to the (rare) spaces
# instead of trying every Han character of the text; the character before the
# space is then checked by a look-behind.
_SPACED_PAIR_RE = re.compile(f" (?<=[{HAN}{_FWP}] )(?=[{HAN}{_FWP}])")
# Every run that can be letter-spacing (three characters set apart, or two
# and a glued pair: ``加 大 创``, ``军 区也 要``) starts with this; pairs such as
# ``厅 湖`` do not, and they are most of the spaced pairs a document keeps.
_LONG_RUN_RE = re.compile(f" (?<=[{HAN}{_FWP}] )[{HAN}{_FWP}]{{1,2}} (?=[{HAN}{_FWP}])")
# Opening marks: a space after them is noise, but a space before them may
# separate two elements (``2011年1月8日 《国务院关于…的决定》修订``) and stays.
# U+2018 U+201C opening quotes, U+3008 U+300A U+3010 U+3014 U+FF08 opening brackets.
_OPENING = "‘“〈《【〔（"
_CLOSING = "".join(ch for ch in _FWP if ch not in _OPENING)
# One space is extraction noise; two or more are layout (columns, padding).
# (Both start with the space itself, for the speed reason of _SPACED_PAIR_RE.)
# A space between a Han character and an opening mark is only noise inside a
# sentence (see _space_in_sentence).
# A number or Latin word is no more set apart from the marks of Chinese text
# than a Han character is (GB/T 15834): no space before a clause or closing
# mark (``表1 ，2023年``, ``增长5% 。``) and none after an opening one
# (``（ 2023年）``). Quotes, dashes and ellipses are not among them: an English
# phrase may stand next to them with its own spacing. Nor after a clause mark
# before a number (``年工作日： 365天``, tesseract's space after a colon;
# ``更新时间： 2026-02-18``; ``……升级。 2023年，``): only a digit, a Latin word
# after a colon may be an English phrase or a URL.
_ALNUM_CLOSING = "，。、；：？！）》〉】〕"
_CLAUSE_MARKS = "，。、；：？！"
_OPENING_BRACKETS = "（《〈【〔"
_PUNCT_SPACE_RE = re.compile(
    f" (?:(?<=[{_FWP}] )(?=[{HAN}{_FWP}])|(?<=[{HAN}] )(?=[{_FWP}])"
    f"|(?<=[{_NUMBER_TAIL}] )(?=[{_ALNUM_CLOSING}])|(?<=[{_OPENING_BRACKETS}] )(?=[{_ALNUM}])"
    f"|(?<=[{_CLAUSE_MARKS}] )(?=[0-9]))"
)
_HAN_ALNUM_RE = re.compile(f" (?:(?<=[{HAN}] )(?=[{_ALNUM}])|(?<=[{_NUMBER_TAIL}] )(?=[{HAN}]))")
# The gap pdftotext (and the harness's corruption) puts on both sides of a
# number inside Han text; it never separates table cells.
_SANDWICH_RE = re.compile(f"(?<=[{HAN}])( )\\d+( )(?=[{HAN}])")
_GAP_RE = re.compile("[ \t\u3000]+")
# A date written with spaces (``2024 年 2 月 18 日``) is never a table cell.
_DATE_RE = re.compile(r"\d{4} ?年 ?\d{1,2} ?月(?: ?\d{1,2} ?日)?")
# A section number at the start of a line (``5.1.2 省级人民政府``) keeps its space.
_SECTION_RE = re.compile(r"[ \t\u3000]*\d+(?:[.．]\d+)+ ")
# A table row whose first cell is a number (``1 煤 18 锌``).
_NUMBER_CELL_RE = re.compile(r"[ \t\u3000]*\d+[ \t\u3000]+[^\d\s]")
# The number a row of a numbered table opens with, and the gap after it
# (``21 可疑主体的交易 IP 地址`` under ``20 可疑主体所在支付机构银行 账号……``).
_ROW_NUMBER_RE = re.compile(r"[ \t\u3000]*(\d{1,4})([ \t\u3000]+)(?=[^\d\s])")
# A numbered section of a decimal outline (``4.2 国家级（Ⅰ级）应急响应``): its
# first number names the section above it (``4 应急响应``).
_SUBSECTION_RE = re.compile(r"^[ \t\u3000]*(\d{1,3})[.．]\d{1,3}[ \t\u3000]+(?=[^\d\s])", re.MULTILINE)
_MD_PREFIX_RE = re.compile(r"^(?:#{1,6}[ \t]+|\*\*|>[ \t]?)+")
_LATIN_RE = re.compile("[A-Za-z]")
_TABLE_MAX = 60  # longest line still taken for a table row
_WIDE_GAP_RE = re.compile("[ \t\u3000]{2,}|\t|\u3000")


class _Doc:
    """Lines of one text and what the in-line rules ask about them, computed
    only for the lines that have a candidate space (most have none).

    A line is named by the offset where it starts: finding it from a
    position is one rfind in C, where a table of every line start would
    cost a step per line of the document on each new text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._rows: dict[int, tuple[int, bool, bool]] = {}
        self._marker_end: dict[int, int] = {}
        self._in_table: dict[int, bool] = {}
        self._aligned: dict[int, bool] = {}
        self._prose_gaps: dict[int, int] = {}
        self._title_from: dict[int, int] = {}
        self._row_number: dict[int, tuple[int, int, int] | None] = {}
        self._numbered_row: dict[int, bool] = {}
        # The line last asked for, as (start, end): the rules ask in order
        # of position, mostly several times per line.
        self._last = (0, -1)

    @cached_property
    def protected(self) -> list[tuple[int, int]]:
        return protected_spans(self.text)

    @cached_property
    def code(self) -> Sequence[tuple[int, int]]:
        return _code_spans(self.text)

    @cached_property
    def outline_sections(self) -> frozenset[int]:
        """The numbers of the upper sections of a decimal outline: those the
        text's subsections (``4.1 应急响应程序``) open with."""
        return frozenset(int(m.group(1)) for m in _SUBSECTION_RE.finditer(self.text))

    def line_of(self, pos: int) -> int:
        """The start of the line that holds offset ``pos``.

        The line found is remembered with its end: the next position on the
        same line costs nothing, and one on a later line is searched for
        back to the end of the remembered one only. (An rfind back to the
        line start for each position is quadratic on one long line with
        many candidate spaces.)"""
        start, end = self._last
        if start <= pos <= end:
            return start
        text = self.text
        start = text.rfind("\n", end + 1 if end < pos else 0, pos) + 1
        if start == 0 and end < pos:
            start = end + 1  # the remembered line's break is the last one before pos
        end = text.find("\n", pos)
        self._last = (start, end if end != -1 else len(text))
        return start

    def line(self, start: int) -> str:
        """The line that starts at ``start``, without its line break."""
        end = self.text.find("\n", start)
        return self.text[start : end if end != -1 else len(self.text)]

    def aligned(self, start: int) -> bool:
        """Whether the line at ``start`` is laid out in columns: a gap of two
        or more blanks after its marker (name lists, tables, two-column pages),
        where a single space may be padding. (Remembered: asked per space.)"""
        if start not in self._aligned:
            end = self.marker_end(start)
            self._aligned[start] = _WIDE_GAP_RE.search(self.line(start), end - start) is not None
        return self._aligned[start]

    def prose(self, start: int) -> bool:
        """Whether the line at ``start`` holds sentence punctuation (half-width
        too: the P family runs later). (Remembered: asked per space, and a
        line read per space is quadratic on one long line.)"""
        return self.prose_gaps(start) >= 0

    def prose_gaps(self, start: int) -> int:
        """How many single spaces between Han characters the line at
        ``start`` has when it is prose (see ``prose``); -1 when it is not."""
        if start not in self._prose_gaps:
            line = self.line(start)
            prose = _SENTENCE_PUNCT_RE.search(line) is not None
            self._prose_gaps[start] = len(_HAN_SPACE_RE.findall(line)) if prose else -1
        return self._prose_gaps[start]

    def title_from(self, start: int) -> int:
        """Where the title of the line at ``start`` begins when the line is
        the heading of a part, chapter or section (``第五章  监督与管理机制``:
        no sentence punctuation, no second marker); -1 when it is not.
        (Remembered: asked per space.)"""
        if start not in self._title_from:
            body = self.line(start)
            skip = prefix.end() if (prefix := _MD_PREFIX_RE.match(body)) else 0
            marker = find_marker(body[skip:])
            heading = (
                marker is not None
                and marker.kind in _PART_KINDS
                and not _SENTENCE_PUNCT_RE.search(body)
                and _PART_MARKER_RE.search(body, skip + marker.end) is None
            )
            self._title_from[start] = start + skip + marker.end if heading and marker else -1
        return self._title_from[start]

    def in_code(self, pos: int) -> bool:
        return bool(self.code) and inside(self.code, pos)

    def marker_end(self, start: int) -> int:
        """Offset (in the text) where the numbering marker of the line at
        ``start``, and the spaces after it, end; ``start`` when it has none."""
        if start not in self._marker_end:
            line = self.line(start)
            prefix = _MD_PREFIX_RE.match(line)
            skip = prefix.end() if prefix else 0
            marker = find_marker(line[skip:])
            end = skip + marker.end if marker else 0
            section = _SECTION_RE.match(line, skip)
            if section:
                end = max(end, section.end())
            self._marker_end[start] = start + end
        return self._marker_end[start]

    def row(self, start: int) -> tuple[int, bool, bool]:
        """The line at ``start`` as a table row: its number of cell gaps (0:
        no row), whether its first cell is a number, and whether its cells are
        set apart by tabs (as a PDF's table rows are): a caption with spaces
        (``表 5 2023 年……``) is no row of the tab-separated table under it,
        however many spaces it has."""
        if start not in self._rows:
            line = self.line(start)
            self._rows[start] = (_cell_gaps(line), bool(_NUMBER_CELL_RE.match(line)), "\t" in line)
        return self._rows[start]

    def in_table(self, start: int) -> bool:
        """A table row: next to a row of the same shape (``1 煤 18 锌`` /
        ``2 石油 19 铝``); blank lines between rows do not count. (Asked once
        per candidate space, and a line often has several: remembered.)"""
        if start not in self._in_table:
            shape = self.row(start)
            found = False
            if shape[0]:
                neighbours = (self._neighbour(start, -1), self._neighbour(start, 1))
                found = any(self.row(j) == shape for j in neighbours if j >= 0)
            self._in_table[start] = found
        return self._in_table[start]

    def row_number(self, start: int) -> tuple[int, int, int] | None:
        """The number the line at ``start`` opens with, when a gap and a
        cell follow it, and the gap's span in the text; None otherwise. A
        year (``2023 年``) opens a date, and a line with sentence punctuation
        is prose (a sentence wrapped before ``2 个百分点，``), no row."""
        if start not in self._row_number:
            line = self.line(start)
            m = _ROW_NUMBER_RE.match(line)
            found = None
            if m is not None and not _DATE_RE.match(line, m.start(1)) and not self.prose(start):
                found = (int(m.group(1)), start + m.start(2), start + m.end(2))
            self._row_number[start] = found
        return self._row_number[start]

    def numbered_row(self, start: int) -> bool:
        """Whether the line at ``start`` is a row of a numbered table: it
        opens with a number, and the line before or after it opens with the
        number before or after that one, whatever the cells hold (a cell's
        own spaces, ``交易 IP 地址``, change the rows' shapes, not their
        numbering). (Remembered: asked per space.)"""
        if start not in self._numbered_row:
            found = False
            if (own := self.row_number(start)) is not None:
                for step in (-1, 1):
                    j = self._neighbour(start, step)
                    other = self.row_number(j) if j >= 0 else None
                    if other is not None and other[0] == own[0] + step:
                        found = True
                        break
            self._numbered_row[start] = found
        return self._numbered_row[start]

    def _neighbour(self, start: int, step: int) -> int:
        """The start of the nearest line with text before (``step`` -1) or
        after (+1) the line at ``start``; -1 when there is none."""
        text = self.text
        j = start
        while True:
            if step < 0:
                if j == 0:
                    return -1
                j = text.rfind("\n", 0, j - 1) + 1
            else:
                end = text.find("\n", j)
                if end == -1:
                    return -1
                j = end + 1
            if self.line(j).strip(_HWS):
                return j

    def keep(self, start: int, end: int, line: int) -> bool:
        """Whether the space at ``text[start:end]`` (on the line that starts
        at ``line``) belongs to a marker, a protected span or code, which no
        in-line spacing rule touches."""
        if self.in_code(start):
            return True
        if self.protected and (inside(self.protected, start - 1) or inside(self.protected, end)):
            return True
        return start < self.marker_end(line)


@lru_cache(maxsize=1)
def _doc(text: str) -> _Doc:
    """One _Doc per text, shared by the in-line rules that run on it in turn
    (its answers depend on the text alone, so sharing them is safe)."""
    return _Doc(text)


@lru_cache(maxsize=1)
def _code_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of fenced code blocks (Markdown ``` or ~~~), fences included; an
    unclosed fence runs to the end of the text.

    Cached: most S rules ask for the same text's spans in turn."""
    # A one-character needle is found several times faster than "```", and
    # most texts have neither mark at all.
    if ("`" not in text or "```" not in text) and ("~" not in text or "~~~" not in text):
        return ()
    spans: list[tuple[int, int]] = []
    open_at, fence = -1, ""
    for m in _FENCE_RE.finditer(text):
        if open_at < 0:
            open_at, fence = m.start(), m.group(1)
        elif m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
            end = text.find("\n", m.end())
            spans.append((open_at, len(text) if end == -1 else end))
            open_at = -1
    if open_at >= 0:
        spans.append((open_at, len(text)))
    return tuple(spans)


def _cell_gaps(line: str) -> int:
    """How many cell gaps a table row would have: 0 for a line that is no
    table row (long, or with sentence punctuation); the symmetric gap that
    extraction puts around a number (``第 1833 次``) is no cell gap."""
    body = line.strip(_HWS)
    if not body or len(body) > _TABLE_MAX or _SENTENCE_PUNCT_RE.search(body):
        return 0
    if body[0] in "表图" and _is_caption(body):
        return 0
    noise = {pos for m in _SANDWICH_RE.finditer(body) for pos in (m.start(1), m.start(2))}
    return sum(1 for m in _GAP_RE.finditer(body) if m.start() not in noise)


# A table's or figure's caption (``表3   2023 年周口市主要农产品产量及增速``,
# ``表 5 2023 年…``): its number, a gap, and a title with no cell gap in it.
# It stands above the table and has the shape of its header row (two gaps),
# but it is prose: the spaces pdftotext put around the year in it go.
_CAPTION_RE = re.compile(rf"[表图][ \t\u3000]?\d+(?:[-－.．]\d+)?[ \t\u3000]+(?=.*[{HAN}])")


def _is_caption(body: str) -> bool:
    """Whether ``body`` (a line without its indentation) is a caption."""
    m = _CAPTION_RE.match(body)
    return m is not None and _WIDE_GAP_RE.search(body, m.end()) is None


def _skip_code(edits: list[Edit], text: str) -> list[Edit | Finding]:
    spans = _code_spans(text)
    if not spans:
        return list(edits)
    return [e for e in edits if not inside(spans, e.start)]


# ---------------------------------------------------------------- whole-line whitespace


@rule(
    "S101",
    "trailing-whitespace",
    "Remove spaces, tabs and full-width spaces at the end of lines",
    "各直属单位：\u3000 \n",
    "各直属单位：\n",
    order=10,
)
def trailing_whitespace(text: str, config: Config) -> Sequence[Edit | Finding]:
    edits = [Edit(start, end, "", "trailing whitespace") for start, end in _trailing_runs(text)]
    return _skip_code(edits, text) if edits else []


_HWS_TUPLE = tuple(_HWS)


def _trailing_runs(text: str) -> list[tuple[int, int]]:
    """The spans of the whole runs of _HWS characters that end a line (are
    followed by a line break or end the text), each found back from the line
    break after it. A regex that starts with a whitespace class tries every
    space of the text (and dirty text has many inside lines); one that starts
    with the line break is only tried at line breaks."""
    ends = [m.start() for m in _BREAK_AFTER_SPACE_RE.finditer(text)]
    if text.endswith(_HWS_TUPLE):
        ends.append(len(text))
    runs: list[tuple[int, int]] = []
    for end in ends:
        start = end - 1
        while start > 0 and text[start - 1] in _HWS:
            start -= 1
        runs.append((start, end))
    return runs


@rule(
    "S102",
    "blank-lines",
    "Collapse runs of blank lines to one; none at the start or end (a final newline is kept, never added)",
    "通知\n\n\n\n各市州：\n\n",
    "通知\n\n各市州：\n",
    order=20,
)
def blank_lines(text: str, config: Config) -> Sequence[Edit | Finding]:
    first = _CONTENT_RE.search(text)
    if first is None:
        return [Edit(0, len(text), "", "document holds only whitespace")] if text else []
    edits: list[Edit] = []
    head = text.rfind("\n", 0, first.start()) + 1  # start of the first line with text
    if head:
        edits.append(Edit(0, head, "", "blank lines at the start of the document"))
    last = len(text.rstrip(_HWS + "\n\f\v"))  # just past the last character of text
    tail = text.find("\n", last)
    if tail == -1:
        # no final newline: none is added (the user's file ends where it ends;
        # clean("标题") is "标题"); the bundle writer adds the one END needs
        tail = len(text)
    elif text[tail:] != "\n":
        edits.append(Edit(tail, len(text), "\n", "blank lines at the end of the document"))
    if not _may_have_blank_run(text):
        return edits
    code = _code_spans(text)
    for m in _BLANK_RUN_RE.finditer(text, head, tail + 1):
        if not (code and inside(code, m.start(1))):
            edits.append(Edit(m.start(1), m.end(1), "\n", "run of blank lines"))
    return edits


def _may_have_blank_run(text: str) -> bool:
    """Whether _BLANK_RUN_RE can match: its run holds a line break right after
    another one, or right after whitespace. Documents keep one blank line
    between paragraphs ("\n\n"), so that regex would be tried at every
    paragraph; trailing whitespace is rare once S101 has run."""
    return "\n\n\n" in text or _BREAK_AFTER_SPACE_RE.search(text) is not None


@rule(
    "S103",
    "leading-indent",
    'Drop leading indentation (full-width spaces, layout spaces, tabs); indent = "keep" keeps it',
    "\u3000\u3000为深入贯彻落实",
    "为深入贯彻落实",
    order=30,
)
def leading_indent(text: str, config: Config) -> Sequence[Edit | Finding]:
    if config.indent == "keep":
        return []
    edits = [
        Edit(m.start(1), m.end(1), "", "leading indentation")
        for m in _indents(text)
        if not _BULLET_RE.match(text, m.end())
    ]
    return _skip_code(edits, text) if edits else []


def _indents(text: str) -> Iterator[re.Match[str]]:
    """The matches of _INDENT_RE.finditer(text): the first line's, then those
    after each line break (group 1 and the end are the same)."""
    first = _INDENT_RE.match(text)
    if first is not None:
        yield first
    yield from _INDENT_AFTER_BREAK_RE.finditer(text)


# ---------------------------------------------------------------- spaces inside lines


@rule(
    "S104",
    "letter-spacing",
    "Join Han characters spread out by single spaces (justified PDF lines) or over a heading's line",
    "加 大 创 业 信 贷",
    "加大创业信贷",
    order=40,
)
def letter_spacing(text: str, config: Config) -> Sequence[Edit | Finding]:
    heads = _spaced_headings(text) if " " in text or "\u3000" in text else []
    if " " not in text or not _LONG_RUN_RE.search(text):
        return heads
    doc = _doc(text)
    edits: list[Edit] = list(heads)
    for m in _letter_spaced_runs(text):
        if m.end() - m.start() < 5:
            continue  # one space (厅 湖): never letter-spacing, see _is_letter_spaced
        if doc.in_code(m.start()):
            continue
        # a marker and the space after it (``（一） 加 大``) are the headings' own
        start = max(m.start(), doc.marker_end(doc.line_of(m.start())))
        if start >= m.end():
            continue
        start += text[start] == " "
        run = text[start : m.end()]
        if _padded_name_before_word(doc, run, m.end()):
            continue
        if _is_letter_spaced(run) and not any(e.start <= start < e.end for e in heads):
            edits.append(Edit(start, m.end(), run.replace(" ", ""), "letter-spaced Han characters"))
    if heads:
        edits.sort(key=operator.attrgetter("start"))
    return edits


# A heading of the two upper levels (``一、``, ``（一）``) whose short title is
# spread over the line, one character per piece: pdftotext -layout writes a
# centred, justified ``一、综合`` as ``一、综       合``. Any gap counts (the
# width says only how far the line was stretched); a piece of two characters
# (``一、食品烟酒   99.2``, a table row) or anything after the title is no
# such heading. The gap finds the candidates: a pattern that opens with a
# space class skips to the (rare) spaces, one that opens with "^" is tried at
# every position.
_HEADING_GAP_RE = re.compile(f"[ \u3000](?<=[、）][{HAN}][ \u3000])")
_SPACED_HEADING_RE = re.compile(
    f"[{_HWS}]*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)"
    f"([{HAN}](?:[ \u3000]+[{HAN}])+)[{_HWS}]*"
)


def _spaced_headings(text: str) -> list[Edit]:
    """S104's edits for headings spread over their line (see _SPACED_HEADING_RE)."""
    edits: list[Edit] = []
    pos = 0
    while (gap := _HEADING_GAP_RE.search(text, pos)) is not None:
        start = text.rfind("\n", 0, gap.start()) + 1
        end = text.find("\n", gap.start())
        end = len(text) if end == -1 else end
        pos = end
        m = _SPACED_HEADING_RE.fullmatch(text, start, end)
        if m is None or inside(_code_spans(text), start):
            continue
        title = m.group(1)
        edits.append(Edit(m.start(1), m.end(1), _GAP_RE.sub("", title), "heading title spread over its line"))
    return edits


def _letter_spaced_runs(text: str) -> Iterator[re.Match[str]]:
    """The matches of _LETTER_SPACED_RE.finditer(text), found from the spaces
    that every run holds: the leftmost run at or after ``pos`` starts just
    before the first spaced pair after ``pos``."""
    pos = 0
    while (pair := _SPACED_PAIR_RE.search(text, pos + 1)) is not None:
        m = _LETTER_SPACED_RE.match(text, pair.start() - 1)
        assert m is not None  # the pair alone is a run
        yield m
        pos = m.end()


# What a line of a name list holds none of (a label's colon it may).
_CLAUSE_MARKS_RE = re.compile("[，。；、？！,;?!]")


def _padded_name_before_word(doc: _Doc, run: str, end: int) -> bool:
    """Whether ``run`` (ending at ``end``) is a padded two-character name and
    the first character of the word glued after it, on a line of a name
    list: ``韩 正 国务院副总理`` (韩　正　　国务院副总理 with its full-width
    padding read as single spaces) is no three spread characters. Not in a
    sentence, where a spread word runs into the next one (``新 能 源电池``),
    nor a run with a glued pair (a justified line: ``部 门 处一 千元``)."""
    text = doc.text
    return (
        end < len(text)
        and HAN_RE.match(text, end) is not None
        and HAN_RE.match(run[-1]) is not None
        and run.count(" ") == 2
        and len(run) == 5
        and _CLAUSE_MARKS_RE.search(doc.line(doc.line_of(end - 1))) is None
    )


def _is_letter_spaced(run: str) -> bool:
    """Three or more characters each set apart, two of them Han: two
    (``孙 尧``, ``厅 湖``) are a padded name or two elements, and stay. A run
    with a glued pair needs three spaces, so ``甲 乙丙 丁`` stays too."""
    if not _LETTER_SPACED_RE.fullmatch(run) or len(HAN_RE.findall(run)) < 2:
        return False
    spaces = run.count(" ")
    glued = spaces * 2 + 1 < len(run)
    return spaces >= (3 if glued else 2)


@rule(
    "S105",
    "space-around-cjk-punct",
    "Remove spaces between full-width punctuation and Han characters or other full-width punctuation",
    "“ 政银担” 模式",
    "“政银担”模式",
    order=50,
)
def space_around_punct(text: str, config: Config) -> Sequence[Edit | Finding]:
    if " " not in text:
        return []
    doc = _doc(text)
    edits: list[Edit] = []
    for m in _PUNCT_SPACE_RE.finditer(text):
        start, end = m.span()
        i = doc.line_of(start)
        if doc.keep(start, end, i) or doc.in_table(i):
            continue
        if text[end] in _OPENING and not _space_in_sentence(doc, i, start):
            continue
        edits.append(Edit(start, end, "", "space next to full-width punctuation"))
    more = _doc_number_gaps(doc, {e.start for e in edits}) if "〔" in text else []
    if "  " in text:
        for m in _CLAUSE_GAP_RE.finditer(text):
            start, end = m.span()
            i = doc.line_of(start)
            if not (doc.keep(start, end, i) or doc.in_table(i)):
                more.append(Edit(start, end, "", "gap after a clause mark inside a sentence"))
    if more:
        edits += more
        edits.sort(key=lambda e: e.start)
    return edits


# A document number (发文字号) is one token (GB/T 9704: ``黔府发〔2022〕8号``);
# a PDF or web page may set spaces in it, before the bracketed year too, where
# S105 otherwise keeps a space before an opening mark outside a sentence
# (``黔府发 〔2022〕8号``, ``令〔 2024〕第3号``). The pattern opens with the
# bracket, so the engine skips to the (rare) brackets.
_DOC_NUMBER_RE = re.compile(r"〔 *(?:19|20)\d\d *〕 *第? *\d{1,5} *号")
_SPACES_RE = re.compile(" +")


def _doc_number_gaps(doc: _Doc, done: set[int]) -> list[Edit]:
    """S105's edits for the spaces in and before document numbers: a single
    space between the agency's abbreviation and the year (a date before the
    bracket, ``2011年1月8日 〔…``, keeps it: two elements), and the spaces
    inside; ``done`` holds the starts of spaces S105 removes already."""
    text = doc.text
    edits: list[Edit] = []
    for m in _DOC_NUMBER_RE.finditer(text):
        start = m.start()
        before = start - 1 if start and text[start - 1] == " " else start
        if before < 1 or not HAN_RE.match(text, before - 1):
            continue  # no agency before it: 〔2022〕 alone is no document number
        if text[before - 1] in _DATE_ENDS and text[before - 2 : before - 1].isdigit():
            continue
        gaps = [(before, start)] if before < start else []
        gaps += [g.span() for g in _SPACES_RE.finditer(text, start, m.end())]
        line = doc.line_of(before)
        for a, b in gaps:
            if a not in done and not doc.keep(a, b, line):
                edits.append(Edit(a, b, "", "space in a document number"))
    return edits


# pdftotext sets curly quotes in a font of their own and may leave a gap of
# two or three spaces before one, inside a sentence (`……中心城市建设，   “一圈
# 一策”完成……`); a justified narrow column (a report's box) leaves the same
# after a clause mark before Han (`……个百分点，  每年减少借款人利息支出……`).
# A comma, semicolon or enumeration comma ends no table cell (a colon may:
# `在总计中：   轻工业   0.2`, so before Han it does not count), and two
# columns are separated by four spaces or more (see structure.two_columns).
# The pattern opens with the gap's first space and looks behind from it for
# the clause mark: one that opens with a look-behind is tried at every
# position of the text (same matches: tests/test_spacing.py holds it against
# that plain form).
_CLAUSE_GAP_RE = re.compile(f" (?:(?<=[，；、：] ) {{1,2}}(?=[“‘])|(?<=[，；、] ) {{1,2}}(?=[{HAN}]))")


def _space_in_sentence(doc: _Doc, line: int, pos: int) -> bool:
    """Whether the space at ``pos``, between a Han character and an opening
    mark, is inside a sentence (``实施 “十年百企千人”培育行动，``): its line
    holds sentence punctuation (half-width too: the P family runs later), and
    the space does not follow a date (``2011年1月8日 《国务院关于…的决定》修订``).
    A title line (``中国人民解放军实施 《中华人民共和国药品管理法》办法``) is
    written so in the originals and stays."""
    if pos >= 2 and doc.text[pos - 1] in _DATE_ENDS and doc.text[pos - 2].isdigit():
        return False
    if doc.text[pos + 1] == "（" and HAN_RE.match(doc.text, pos - 1):
        # A parenthesis belongs to the words before it, in a title too
        # (``行动方案 （2022—2025年）的通知``, ``实施办法 （人民银行〔2020〕5号令）``);
        # an item marker opens an element of its own (``加强领导 （二）落实责任``).
        return _ITEM_MARKER_RE.match(doc.text, pos + 1) is None
    return doc.prose(line)


_ITEM_MARKER_RE = re.compile(r"（(?:[一二三四五六七八九十]+|\d+)）")


_DATE_ENDS = "年月日号"


@rule(
    "S106",
    "space-han-alnum",
    'Remove spaces between Han characters and digits or Latin letters (spacing = "keep" keeps them)',
    "2025 年 4 月 30 日",
    "2025年4月30日",
    order=60,
)
def space_han_alnum(text: str, config: Config) -> Sequence[Edit | Finding]:
    if config.spacing == "keep" or " " not in text:
        return []
    doc = _doc(text)
    edits: list[Edit | Finding] = []
    for m in _HAN_ALNUM_RE.finditer(text):
        start, end = m.span()
        i = doc.line_of(start)
        if doc.keep(start, end, i) or _in_english(text, start, end):
            continue
        if doc.in_table(i) and _table_gap(doc, i, start, end):
            continue
        if (
            (row := doc.row_number(i)) is not None
            and row[1] == start
            and (doc.numbered_row(i) or row[0] in doc.outline_sections)
        ):
            # the row's number is a cell of its own; a section's number (``4 应急响应``
            # over ``4.1 应急响应程序``) keeps its space as its subsections' do
            continue
        edits.append(Edit(start, end, "", "space between Han and a number or Latin word"))
    return edits


# A single space between two Han characters, neither of them letter-spaced
# (``内 部控制制度``: one space, not ``加 大 创 业``, which is S104's).
_HAN_SPACE_RE = re.compile(f" (?<=[{HAN}] )(?=[{HAN}])")
# How many times a document must write the two characters together for a
# space between them to be a wrap inside a word.
_PAIR_EVIDENCE = 2


@rule(
    "S107",
    "space-in-word",
    "Remove a lone space between two Han characters that the document writes together elsewhere (a PDF wrap)",
    "反洗钱内部控制，内 部控制制度，加强内部管理",
    "反洗钱内部控制，内部控制制度，加强内部管理",
    order=70,
)
def space_in_word(text: str, config: Config) -> Sequence[Edit | Finding]:
    """A single space inside a Han run is where a PDF or web page wrapped a
    line inside a word (``内 部控制制度``, ``中国人 民银行``) or a space that
    separates two elements (``湖南省教育厅 湖南省发展和改革委员会``,
    ``第一条 为了``). The document itself tells them apart: a word is written
    whole elsewhere in it, two elements seldom run together (厅湖). So the
    space goes when the document writes the pair of characters around it
    together at least twice. Joining adds only that pair, so one call is
    settled: a pair with too little evidence gets none from the others."""
    first = _HAN_SPACE_RE.search(text) if " " in text else None
    if first is None:
        return []
    doc = _doc(text)
    candidates: list[tuple[int, int, str]] = []
    cuts: list[Edit] = []
    # from the first match on: the text before it was read by the search
    for m in _HAN_SPACE_RE.finditer(text, first.start()):
        start, end = m.span()
        after_date = start >= 2 and text[start - 1] in _DATE_ENDS and text[start - 2].isdigit()
        if text[end + 1 : end + 2] in _SPACED or after_date:
            # padding (孙 尧, 国 务 院: S104's), or after a date: ``2006年12月8日 国务院``
            # (a unit after a number is no date: ``分别给予500万 元``)
            continue
        i = doc.line_of(start)
        if doc.keep(start, end, i) or doc.in_table(i) or doc.aligned(i):
            continue
        alone = start - 1 == i or text[start - 2] in _SPACED  # one character before the space
        if alone and start - 1 > doc.marker_end(i):
            continue  # padding again; but ``第四十三条  中 国人民银行``: the space is the marker's
        if alone and text[end + 1 : end + 2] in ("", "\n", "\r", "：", ":"):
            # a padded two-character word: ``孙 尧``, ``第一章  总 则``, or a
            # label padded to the width of the three-character one under it
            # (``组 长：韩 正`` over ``副组长：丁学东``)
            continue
        why = _wrap_evidence(doc, i, start, end)
        if why:
            cuts.append(Edit(start, end, "", why))
            continue
        if _between_agencies(text, start, end):
            continue  # the document's own space; a wrap elsewhere may have glued the pair
        candidates.append((start, end, text[start - 1] + text[end]))
    if not candidates:
        return cuts
    count = _pair_counter(text, {pair for _, _, pair in candidates})
    joined = [(start, end) for start, end, pair in candidates if count(pair) >= _PAIR_EVIDENCE]
    rest = [(start, end) for start, end, pair in candidates if count(pair) < _PAIR_EVIDENCE]
    if len(rest) <= _COUNT_EACH_MAX:  # each is a search of the whole text
        joined += [(start, end) for start, end in rest if _written_whole(text, start, end)]
    note = "space inside a word (the document writes it whole)"
    edits = [Edit(start, end, "", note) for start, end in joined] + cuts
    return sorted(edits, key=operator.attrgetter("start"))


# The last character of an organ's name (中共中央办公厅, 财政部, 中国人民银行) and
# the first words of one (国务院办公厅, 全国人大常委会): a space between two joint
# issuing agencies (``中共中央办公厅 国务院办公厅``) is how official text writes them.
_ORGAN_ENDS = frozenset("厅部委局院办署会行室处府司社团联")
_ORGAN_STARTS = ("中共", "中国", "中华", "国务院", "全国", "最高", "中央", "国家", "共青团")
# Words that start a unit of the organ before them (国务院 办公厅 is one organ)
_SUB_UNITS = ("办公", "秘书", "直属", "机关", "所属", "下属")


def _between_agencies(text: str, start: int, end: int) -> bool:
    """Whether the space at ``text[start:end]`` separates two complete organ
    names: the Han run before it ends like one (three characters or more), the
    one after it starts like one (``国务院办公厅印发``) or is one (``财政部``), and
    is no unit of the left one (``国务院 办公厅``). Such a space is the
    document's; the pair around it written whole elsewhere is a wrap there
    that lost the same space (``《中共中央办公厅`` / ``国务院办公厅印发〈``), no
    evidence against it."""
    if text[start - 1] not in _ORGAN_ENDS or not (start >= 3 and HAN_RE.match(text, start - 3)):
        return False
    right = HAN_RUN_RE.match(text, end)
    word = right.group() if right else ""
    if word.startswith(_SUB_UNITS):
        return False
    return word.startswith(_ORGAN_STARTS) or (len(word) >= 2 and word[-1] in _ORGAN_ENDS)


# Punctuation that ends or starts a piece of a sentence (half-width too: the
# P family runs later). Not the middle dot of foreign names (阿卜杜拉·艾 买提).
_PIECE_ENDS = frozenset("，。、；：？！“”‘’（）《》〈〉〔〕【】…—～,.;:?!()")


def _wrap_evidence(doc: _Doc, line: int, start: int, end: int) -> str:
    """Why the space at ``start`` (on the line that starts at ``line``),
    between two Han characters, is a wrap whatever the rest of the document
    writes; "" when nothing on its line says so."""
    if _cut_piece(doc.text, start, end):
        return "space inside a word (one character of it cut off)"
    if _function_gap(doc, line, start, end):
        return "space inside a sentence, next to a particle or preposition"
    if _in_part_title(doc, line, start, end):
        return "space inside a chapter's title"
    return ""


# Characters of grammar, not of names: a particle or preposition that never
# ends an element of a line (``处理时限于 补正``, ``工作在 前款``) and one that never
# starts one (``收单机构 在确保``, ``承诺后免 于备案``, ``交易对手 是恐怖组织``).
# A space next to one, inside a sentence, is a wrap. (Not 由 自由, 对 应对, 与 参与,
# 和 和平区: these end or start words that may stand as elements.)
_NEVER_ENDS = frozenset("的于在")
_NEVER_STARTS = frozenset("的于在是")


def _function_gap(doc: _Doc, line: int, start: int, end: int) -> bool:
    """Whether the space at ``start`` (on the line that starts at ``line``),
    between two Han characters, has a character of grammar on one side (see
    _NEVER_ENDS), in a line of prose with no other such space: elements set
    apart by spaces (``张三 于明 李四``, ``中国人民银行 公安部 国家安全部令``)
    come in series."""
    text = doc.text
    if not (text[start - 1] in _NEVER_ENDS or text[end] in _NEVER_STARTS):
        return False
    return doc.prose_gaps(line) == 1


def _in_part_title(doc: _Doc, line: int, start: int, end: int) -> bool:
    """Whether the space at ``start`` is inside the title of a part, chapter
    or section (``第五章  监督与管理 机制``): a title is one phrase, so a single
    space with two Han characters or more on each side is a wrap. A padded
    two-character title (``第一章  总 则``) has one on each side and stays, and
    so does a second marker run into the line (``第一章 总则 第一节 一般规定``)."""
    text = doc.text
    if not (HAN_RE.match(text, start - 2) and HAN_RE.match(text, end + 1)):
        return False
    return 0 <= doc.title_from(line) <= start


_PART_KINDS = frozenset("编篇章节")
_PART_MARKER_RE = re.compile(r"第[一二三四五六七八九十百零〇\d]+[编篇章节条]")


def _cut_piece(text: str, start: int, end: int) -> bool:
    """Whether the space at ``text[start:end]`` cuts one Han character off a
    word: that character stands alone between the space and punctuation,
    and the other side of the space holds two Han characters or more
    (``，由 各市（州）统筹``, ``规模较 大、``, ``理性反映诉 求，``, ``“科技入 黔”``).
    No element of a sentence is one character set apart by a space on one
    side and a mark on the other; a padded two-character word (``孙 尧``,
    ``，李 四、``) has one on each side and stays."""
    left_alone = start >= 2 and text[start - 2] in _PIECE_ENDS
    right_alone = text[end + 1 : end + 2] in _PIECE_ENDS
    if left_alone == right_alone:
        return False
    if left_alone:
        return bool(HAN_RE.match(text, end + 1))
    return start >= 2 and HAN_RE.match(text, start - 2) is not None


def _written_whole(text: str, start: int, end: int) -> bool:
    """Whether the two Han characters on each side of the space at
    ``text[start:end]`` are written together elsewhere in ``text``
    (``人格 尊严`` and 人格尊严): four characters in a row are a word or a
    phrase, once is evidence enough."""
    left, right = text[max(0, start - 2) : start], text[end : end + 2]
    whole = left + right
    return len(whole) == 4 and len(HAN_RE.findall(whole)) == 4 and whole in text


_SPACED = (" ", "\u3000", "\t")
# Up to this many different pairs are counted one by one (str.count, in C);
# more, and one pass counts every pair of the text.
_COUNT_EACH_MAX = 24


def _pair_counter(text: str, pairs: set[str]) -> Callable[[str], int]:
    """How often each of ``pairs`` (two Han characters) is written together
    in ``text``. (str.count misses one of two overlapping ``甲甲甲``: a count
    short by one only ever keeps a space.)"""
    if len(pairs) <= _COUNT_EACH_MAX:
        return {pair: text.count(pair) for pair in pairs}.__getitem__
    counts: Counter[str] = Counter()
    for m in HAN_RUN_RE.finditer(text):
        run = m.group()
        if len(run) > 1:
            counts.update(map(operator.add, run, run[1:]))
    return counts.__getitem__


def _in_english(text: str, start: int, end: int) -> bool:
    """Whether the Latin side of the space is a phrase of two or more words
    (embedded English or code), which keeps the spaces around it."""
    if text[start - 1].isascii():
        a = start
        while a > 0 and " " <= text[a - 1] <= "~":
            a -= 1
        segment = text[a:start]
    else:
        run = _PRINTABLE_ASCII_RE.match(text, end)  # (always matches: it may be empty)
        segment = run.group() if run else ""
    # One word (``2025``, ``GDP``: the usual case) is no phrase; the split
    # below only runs for segments with a space inside.
    if " " not in segment.strip(" "):
        return False
    return sum(1 for word in segment.split() if _LATIN_RE.search(word)) >= 2


_PRINTABLE_ASCII_RE = re.compile("[ -~]*")


def _table_gap(doc: _Doc, row: int, start: int, end: int) -> bool:
    """Whether a space in the table row that starts at ``row`` separates two
    cells. A spaced date never does; the symmetric gap around a number
    (``第 1833 次``) only does in a row that starts with a number cell
    (``1 煤 18 锌``)."""
    line = doc.line(row)
    a, b = start - row, end - row
    if any(m.start() <= a and b <= m.end() for m in _DATE_RE.finditer(line)):
        return False
    if doc.row(row)[1]:
        return True
    return not any(a in m.span(1) or a in m.span(2) for m in _SANDWICH_RE.finditer(line))


# Tesseract reads the gap between a name and a title in a name list (two
# full-width spaces: ``孙春兰　　国务院副总理``) as a curly quote, alone or beside
# a space or a comma: ``孙春兰 ”国务院副总理``, ``高培勇“”社科院副院长``. A
# quote there opens or closes nothing. The evidence that a line is such a row:
# its shape (a label and colon maybe, a name of two or three Han characters,
# padded or not, the marks, a title without sentence punctuation nor any other
# quote, short), and a neighbour, one of the two non-blank lines before or
# after it, that is a row of the same list with a plain gap. The gap written is
# one full-width space, the padding of name lists (a single ASCII space inside
# a line is what these rules take for extraction noise). A lone opening
# quote glued to the words on both sides (``坚持“人民至上``) is prose and stays;
# a space or comma beside the mark, two marks, or a ``”`` that closes nothing
# are the gap.
_NAME = f"[{HAN}](?:[ \u3000]?[{HAN}]){{1,2}}"
_LABEL = f"(?:[{HAN} \u3000]{{1,8}}[：:])?"
_TITLE = f"[{HAN}][^“”。；！？\n]{{0,40}}"
_LIST_ROW_RE = re.compile(f"[ \u3000]*{_LABEL}[ \u3000]*(?!第){_NAME}[ \u3000]+{_TITLE}")
_QUOTE_ROW_RE = re.compile(
    f"[ \u3000]*{_LABEL}[ \u3000]*(?!第){_NAME}(?P<gap>[ \u3000]*[，,]?[“”]{{1,2}}[ \u3000]*){_TITLE}"
)


@rule(
    "S108",
    "ocr-quote-gap",
    "A curly quote OCR read in the gap between a name and a title of a name list becomes a full-width space",
    "主  任：孙春兰 ”国务院副总理\n副主任：陈宝生 教育部部长\n王晓晖 中央宣传部副部长\n丁向阳 副秘书长",
    "主  任：孙春兰\u3000国务院副总理\n副主任：陈宝生 教育部部长\n王晓晖 中央宣传部副部长\n丁向阳 副秘书长",
    order=45,
)
def quote_gap(text: str, config: Config) -> Sequence[Edit | Finding]:
    if "“" not in text and "”" not in text:
        return []
    # Most documents quote words, and no line of them has the shape of a
    # name row with a quote in its gap: looked at first, line by line only
    # where a quote stands.
    if not any(_QUOTE_ROW_RE.fullmatch(text, start, end) for start, end in lines_with(text, "“”")):
        return []
    lines: list[tuple[int, str]] = []  # (offset, line) of the non-blank lines
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((pos, line))
        pos += len(line) + 1
    rows = [_LIST_ROW_RE.fullmatch(line) is not None for _, line in lines]
    if sum(rows) < 3:
        return []
    spans = protected_spans(text)
    edits: list[Edit | Finding] = []
    for k, (offset, line) in enumerate(lines):
        if rows[k] or ("“" not in line and "”" not in line):
            continue
        m = _QUOTE_ROW_RE.fullmatch(line)
        if m is None or not any(rows[max(0, k - 2) : k + 3]):
            continue
        marks = m.group("gap")
        if marks == "“":
            continue  # glued on both sides: an opening quote of prose
        start, end = offset + m.start("gap"), offset + m.end("gap")
        if not inside(spans, start):
            edits.append(Edit(start, end, "\u3000", "a name list's gap OCR read as a quote"))
    return edits
