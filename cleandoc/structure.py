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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from itertools import pairwise

from cleandoc.markers import find_marker


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

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_WS = " \t\u3000\u00a0\r\f\v"

# ---------------------------------------------------------------- line patterns

_DASH = "—－\\-–~～"
PAGE_NUMBER_RE = re.compile(
    rf"^(?:[{_DASH}]+\s*\d{{1,4}}\s*[{_DASH}]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
DOC_CODE_RE = re.compile(r"^[A-Z]{2,8}\d{0,4}(?:-[A-Z0-9]{1,8})*-\d{4}-\d{3,8}$")
DOC_NUMBER_RE = re.compile(r"^[^\s，。：；]{1,20}\s*[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d{1,5}\s*号$")
_CN_DATE_DIGIT = "〇零一二三四五六七八九十"
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
    r"|命令|令|指引|指南|答复|请示|议案|解释|规则|章程|标准|目录|清单|公报|说明|倡议书)$"
)
MD_DECORATION_RE = re.compile(r"^#{1,6}[ \t]*|\*\*")
# Alignment padding inside a line (name lists, tables): a full-width space or a
# run of two or more spaces between two non-space characters.
PADDING_RE = re.compile(r"\S(?:\u3000|[ \t]{2,})+\S")

LETTER_SPACED_END_RE = re.compile("[\u3400-\u9fff] [\u3400-\u9fff]$")
HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def cells(s: str) -> int:
    """Display width: Han, full-width and ambiguous-width (curly quotes, dashes) are two cells."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in s)


def _indent_cells(s: str) -> int:
    return sum(2 if c == "\u3000" else 4 if c == "\t" else 1 for c in s)


def is_han(ch: str) -> bool:
    return bool(HAN_RE.match(ch))


# ---------------------------------------------------------------- line splitting


def split_lines(text: str) -> list[Line]:
    """The physical lines of ``text``, unclassified (kind PARAGRAPH or None)."""
    out: list[Line] = []
    pos = 0
    n = len(text)
    index = 0
    while pos <= n:
        nl = text.find("\n", pos)
        line_end = n if nl == -1 else nl
        raw_start = pos
        page_break = False
        while raw_start < line_end and text[raw_start] == "\f":
            raw_start += 1
            page_break = True
        raw = text[raw_start:line_end]
        stripped_left = raw.lstrip(_WS)
        start = raw_start + (len(raw) - len(stripped_left))
        content = stripped_left.rstrip(_WS)
        # a \f inside or at the end of a line is also a page break
        if "\f" in content:
            page_break = True
        end = start + len(content)
        body = MD_DECORATION_RE.sub("", content.translate(_INVISIBLE)).strip(_WS)
        kind = Kind.PARAGRAPH if body else None
        out.append(
            Line(
                index,
                raw_start,
                line_end,
                start,
                end,
                body,
                _indent_cells(raw[: len(raw) - len(stripped_left)]),
                page_break or (pos > 0 and text[pos - 1 : pos] == "\f"),
                kind,
                None,
                raw.rstrip("\r\n") != raw.rstrip(" \t\u3000\r\n"),
                content.translate(_INVISIBLE),
                len(raw) - len(stripped_left) if not raw[: len(raw) - len(stripped_left)].strip(" ") else 0,
            )
        )
        index += 1
        if nl == -1:
            break
        pos = nl + 1
    return out


# ---------------------------------------------------------------- classification


def classify(body: str) -> tuple[Kind, int | None]:
    """What a line is, judged from its own text (context comes later).
    Markdown decoration (``## ``, ``**``) does not change what it is."""
    body = MD_DECORATION_RE.sub("", body).strip(_WS)
    if PAGE_NUMBER_RE.match(body):
        return Kind.PAGE_NUMBER, None
    if DOC_NUMBER_RE.match(body):
        return Kind.DOC_NUMBER, None
    if len(body) <= 40 and DATE_RE.match(body):
        # a date alone, or a date leading a short line (`2023年1月1日 施行`)
        return Kind.DATE, None
    if NOTE_RE.match(body):
        return Kind.NOTE, None
    if ATTACHMENT_RE.match(body) and (len(body) <= 4 or body[2:3] in ":：" or len(body) <= 60):
        return Kind.ATTACHMENT, None
    marker = find_marker(body)
    if marker is not None:
        if marker.level in (1, 2, 0):
            return Kind.HEADING, marker.level
        return Kind.LIST_ITEM, marker.level
    if PADDING_RE.search(body) and len(body) <= 60:
        return Kind.ROW, None
    return Kind.PARAGRAPH, None


def _with_kind(line: Line, kind: Kind, level: int | None = None) -> Line:
    return replace(line, kind=kind, level=level)


def _mark_furniture(lines: list[Line]) -> list[Line]:
    """Document codes at a page top and headers/footers repeated on every page."""
    content = [ln for ln in lines if not ln.blank]
    if not content:
        return lines
    # page tops: the first content line of the document and the first after a page break
    tops: set[int] = {content[0].index}
    bottoms: set[int] = {content[-1].index}
    prev: Line | None = None
    for ln in content:
        if prev is not None and (ln.page_break or prev.kind is Kind.PAGE_NUMBER):
            tops.add(ln.index)
            bottoms.add(prev.index)
        prev = ln
    pages = len(tops)
    furniture: dict[int, Kind] = {}
    for i in tops:
        if DOC_CODE_RE.match(lines[i].body):
            furniture[i] = Kind.DOC_CODE
    if pages >= 3:
        edge = tops | bottoms
        # a header repeats with its page number changing; a table cell that
        # happens to sit at a page edge is not text that repeats
        keys = {i: re.sub(r"\d+", "#", lines[i].body) for i in edge if len(lines[i].body) <= 40}
        seen = Counter(keys.values())
        for i, key in keys.items():
            if (
                len(key.replace("#", "")) >= 2
                and seen[key] >= max(3, pages // 2)
                and lines[i].kind is Kind.PARAGRAPH
            ):
                furniture[i] = Kind.RUNNING
    if not furniture:
        return lines
    return [_with_kind(ln, furniture[ln.index]) if ln.index in furniture else ln for ln in lines]


def classify_lines(text: str) -> list[Line]:
    """``split_lines`` with every non-blank line given the kind its own text shows."""
    lines = []
    for ln in split_lines(text):
        if ln.blank:
            lines.append(ln)
            continue
        kind, level = classify(ln.body)
        lines.append(_with_kind(ln, kind, level))
    return _mark_header(_mark_furniture(lines))


def _mark_header(lines: list[Line]) -> list[Line]:
    """Agency lines, title and addressee of the header (版头/标题/主送机关),
    and the signature above the closing date."""
    content = [ln for ln in lines if not ln.blank and not (ln.kind and ln.kind.furniture)]
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
    if not kinds:
        return lines
    return [_with_kind(ln, kinds[ln.index]) if ln.index in kinds else ln for ln in lines]


# ---------------------------------------------------------------- wrap width


def _metric(line: Line, metric: str) -> int:
    return len(line.raw) if metric == "chars" else cells(line.raw)


def wrap_width(lines: Sequence[Line]) -> Wrap | None:
    """The width this document's text was cut at, inferred from its own lines.

    A text hard-wrapped every N characters has many lines of exactly N
    characters; a typeset page cut by pdftotext has many lines within a few
    cells of the page width. A text with one paragraph per line has neither:
    its long lines spread over all lengths. None when no width stands out.
    """
    body = [ln for ln in lines if ln.kind is not None and not ln.kind.furniture]
    if len(body) < 4:
        return None
    chars = Counter(len(ln.raw) for ln in body if len(ln.raw) >= 12)
    if not chars:
        return None
    w_chars, n_exact = max(chars.items(), key=lambda kv: (kv[1], kv[0]))
    long_lines = sum(n for length, n in chars.items() if length >= w_chars)
    near = sum(chars.get(v, 0) for v in range(w_chars - 3, w_chars + 5))
    # A hard wrap: the commonest long length is where most long lines sit, and
    # its neighbours are not (a typeset page spreads full lines over a few
    # lengths, as half-width digits and hanging punctuation shift them).
    if (
        n_exact >= 3
        and n_exact >= 0.3 * long_lines
        and n_exact >= 0.6 * near
        and n_exact * w_chars >= 0.15 * sum(len(b.raw) for b in body)
    ):
        return Wrap("chars", w_chars, w_chars, w_chars)
    cell_counts = Counter(cells(ln.raw) for ln in body if len(ln.raw) >= 12)
    best_w, best_n = 0, 0
    for w in cell_counts:
        n = sum(cell_counts.get(v, 0) for v in range(w - 4, w + 3))
        if n > best_n or (n == best_n and w > best_w):
            best_w, best_n = w, n
    wider = sum(n for v, n in cell_counts.items() if v >= best_w + 3)
    if best_n >= 4 and best_n >= 0.5 * len(body) * 0.5 and wider <= 0.2 * best_n:
        return Wrap("cells", best_w, best_w - 4, best_w + 4)
    return None


def is_full(line: Line, wrap: Wrap | None, carry: int = 0) -> bool:
    """Whether ``line`` reaches the page width. ``carry`` is the width of the
    pieces of the same page row before it: ``pdftotext -raw`` splits a row
    where fonts change (`江省重大建设项目管理办法》` / `，实施…用好投资`)."""
    if wrap is None:
        return False
    value = _metric(line, wrap.metric)
    if wrap.metric == "cells":
        # a later piece of a row: its -layout indentation is only where
        # pdftotext placed it, the row's width is what came before it
        value += carry if carry else line.indent
    elif value + line.lead_spaces == wrap.low:
        # a hard wrap that cut just before a space (`第143条） | 58．`)
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


def _inline_sequence(a: Line, b: Line) -> bool:
    """``b`` starts with item k of a list whose item k-1 sits inside ``a``:
    items run on in one paragraph (`57．… 58．…`), so ``b`` is not a new line."""
    marker = find_marker(b.body)
    if marker is None or marker.level not in (3, 4) or marker.number < 2:
        return False
    numbers = [int(m.group(1)) for m in _INLINE_ITEM_RE.finditer(a.body)]
    return bool(numbers) and numbers[-1] == marker.number - 1


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


def should_join(
    a: Line, b: Line, wrap: Wrap | None, layout_indent: int | None, carry: int = 0, a_continues: bool = False
) -> bool:
    """Whether physical line ``b`` continues ``a`` (blank lines and page
    furniture between them already skipped; ``carry`` as for ``is_full``;
    ``a_continues`` when ``a`` itself continues the line before it)."""
    if a.kind is None or b.kind is None:
        return False
    full = is_full(a, wrap, carry)
    # a number cut by the page width: `…（第143条） 5` / `9．生产…` reads as a
    # list item but is the rest of `59`
    if full and a.body[-1].isdigit() and b.body[0].isdigit() and a.body[-1] not in TERMINAL:
        return True
    if full and b.level is not None and _inline_sequence(a, b):
        return True
    strong = strong_continuation(a, b, wrap is not None)
    if b.kind in _STARTS and not (strong and a.body[-1] in OPENING):
        return False
    if a.kind in _WHOLE and not full:
        return False
    if a.kind is Kind.ATTACHMENT and not full:
        return False
    if strong:
        return True
    if not full and _addressee_cut(a, b):
        return True
    if b.kind is Kind.ADDRESSEE and not full:
        return False
    if not full:
        # On a typeset page a paragraph ends a sentence; a piece in the middle
        # of a paragraph that ends none was split off its row by pdftotext.
        return (
            a_continues
            and wrap is not None
            and wrap.metric == "cells"
            and a.kind is Kind.PARAGRAPH
            and b.kind is Kind.PARAGRAPH
            and a.body[-1] not in TERMINAL
            and a.body[-1] not in "）)]】"
        )
    # b indented further than the body text: a new paragraph of a -layout page
    if layout_indent is not None and b.indent >= layout_indent + 2:
        return False
    if a.body[-1] not in TERMINAL:
        return True
    # A full line that ends a sentence: the paragraph goes on unless b starts
    # a new element (checked above). A typeset page cut by width alone gives
    # no such evidence, so only a hard wrap joins here.
    return wrap is not None and wrap.metric == "chars"


def _layout_indent(lines: Sequence[Line], wrap: Wrap | None) -> int | None:
    """The indentation of body text in ``pdftotext -layout`` output, when it
    carries information: most lines start at one column, and the lines that
    start further in are paragraph starts (they follow a line that ended a
    sentence), not continuations. A text indented at random, or every long
    line indented alike, gives None."""
    body = [ln for ln in lines if ln.kind is not None and not ln.kind.furniture]
    if len(body) < 6 or (wrap is not None and wrap.metric == "chars"):
        # a text chopped every N characters has no layout to read
        return None
    counts = Counter(ln.indent for ln in body)
    base, n_base = max(counts.items(), key=lambda kv: kv[1])
    if n_base < 0.4 * len(body):
        return None
    after_cut = after_cut_deeper = deeper = 0
    for a, b in pairwise(body):
        if not base + 2 <= b.indent <= base + 8:
            continue
        deeper += 1
        if a.body[-1] not in TERMINAL and is_full(a, wrap):
            after_cut_deeper += 1
    for a in body[:-1]:
        if a.body[-1] not in TERMINAL and is_full(a, wrap):
            after_cut += 1
    if deeper < 3 or (after_cut and after_cut_deeper > 0.2 * after_cut):
        return None
    return base


def _title_runs(lines: Sequence[Line]) -> list[list[Line]]:
    """Consecutive title lines of the header: one title wrapped over lines."""
    runs: list[list[Line]] = []
    cur: list[Line] = []
    for ln in lines:
        if ln.kind is None:
            continue
        if ln.kind is Kind.TITLE:
            cur.append(ln)
            if TITLE_END_RE.search(ln.body):
                if 2 <= len(cur) <= 4:
                    runs.append(cur)
                cur = []
            continue
        if ln.kind.furniture:
            continue
        cur = []
    return runs


def parse_lines(text: str) -> tuple[list[Line], list[Block]]:
    """Lines and blocks of ``text`` (see ``parse``)."""
    lines = classify_lines(text)
    wrap = wrap_width(lines)
    layout = _layout_indent(lines, wrap)
    joined_to_prev: dict[int, str] = {}
    for run in _title_runs(lines):
        joined_to_prev.update((ln.index, "title") for ln in run[1:])
    prev: Line | None = None
    carry = 0  # width of the earlier pieces of prev's page row
    for ln in lines:
        if ln.kind is None or ln.kind.furniture:
            continue
        next_carry = 0
        prev_continues = prev is not None and prev.index in joined_to_prev
        if (
            prev is not None
            and ln.index not in joined_to_prev
            and should_join(prev, ln, wrap, layout, carry, prev_continues)
        ):
            joined_to_prev[ln.index] = "sentence"
            if (
                wrap is not None
                and wrap.metric == "cells"
                and (not is_full(prev, wrap, carry) or ln.body[0] in NO_LINE_START)
            ):
                next_carry = (carry if carry else prev.indent) + cells(prev.raw)
        carry = next_carry
        prev = ln
    blocks: list[Block] = []
    group: list[Line] = []

    def flush() -> None:
        if group:
            first = group[0]
            blocks.append(
                Block(
                    first.kind or Kind.PARAGRAPH,
                    tuple(g.index for g in group),
                    first.start,
                    group[-1].end,
                    first.level,
                    tuple(joined_to_prev[g.index] for g in group[1:]),
                )
            )

    for ln in lines:
        if ln.kind is None:
            continue
        if ln.kind.furniture:
            blocks.append(Block(ln.kind, (ln.index,), ln.start, ln.end))
            continue
        if ln.index in joined_to_prev and group:
            group.append(ln)
            continue
        flush()
        group = [ln]
    flush()
    blocks.sort(key=lambda b: b.start)
    return lines, blocks


def parse(text: str) -> list[Block]:
    """The blocks of ``text`` in order: each element of the document with the
    physical lines it spans, and page furniture as blocks of its own."""
    return parse_lines(text)[1]
