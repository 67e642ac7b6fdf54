"""Rule family P: punctuation (GB/T 15834) in Chinese text.

Half-width marks next to Chinese become the full-width marks of Chinese text,
straight quotes become paired curly quotes, and the document-number year gets
its hexagonal brackets (GB/T 9704). Each rule decides "next to Chinese" from
the characters around a mark, never from the mark alone, so English
sentences, code, URLs, e-mail addresses, file names, decimals, times, ratios
and list markers (``1.``) come through untouched.

A pair of marks (parentheses, quotes) is converted as a pair or not at all:
a lone half-width mark is left alone (and, for quotes, reported), never
guessed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Protocol

from cleandoc.config import Config
from cleandoc.markers import find_marker
from cleandoc.model import Edit, Finding
from cleandoc.rules import rule
from cleandoc.text import (
    CJK_PUNCT,
    HAN,
    HAN_RE,
    HAN_RUN_RE,
    inside,
    is_han,
    lines_with,
    offsets,
    protected_spans,
)

# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------

# Half-width marks that become full-width next to Chinese text.
HALFWIDTH_PUNCT: dict[str, str] = {
    "!": "\uff01",  # U+FF01 FULLWIDTH EXCLAMATION MARK
    ",": "\uff0c",  # U+FF0C FULLWIDTH COMMA
    ":": "\uff1a",  # U+FF1A FULLWIDTH COLON
    ";": "\uff1b",  # U+FF1B FULLWIDTH SEMICOLON
    "?": "\uff1f",  # U+FF1F FULLWIDTH QUESTION MARK
}

PARENS: dict[str, str] = {
    "(": "\uff08",  # U+FF08 FULLWIDTH LEFT PARENTHESIS
    ")": "\uff09",  # U+FF09 FULLWIDTH RIGHT PARENTHESIS
}

# Brackets around the year of a document number (发文字号) -> 〔〕.
DOC_NUMBER_BRACKETS: dict[str, str] = {
    "(": "\u3014",  # -> U+3014 LEFT TORTOISE SHELL BRACKET
    ")": "\u3015",  # -> U+3015 RIGHT TORTOISE SHELL BRACKET
    "[": "\u3014",  # -> U+3014 LEFT TORTOISE SHELL BRACKET
    "]": "\u3015",  # -> U+3015 RIGHT TORTOISE SHELL BRACKET
    "\u3010": "\u3014",  # U+3010 LEFT BLACK LENTICULAR BRACKET -> U+3014
    "\u3011": "\u3015",  # U+3011 RIGHT BLACK LENTICULAR BRACKET -> U+3015
    "\uff08": "\u3014",  # U+FF08 FULLWIDTH LEFT PARENTHESIS -> U+3014
    "\uff09": "\u3015",  # U+FF09 FULLWIDTH RIGHT PARENTHESIS -> U+3015
    "\uff3b": "\u3014",  # U+FF3B FULLWIDTH LEFT SQUARE BRACKET -> U+3014
    "\uff3d": "\u3015",  # U+FF3D FULLWIDTH RIGHT SQUARE BRACKET -> U+3015
}

LEFT_DQ, RIGHT_DQ = "\u201c", "\u201d"  # U+201C “ U+201D ”
LEFT_SQ, RIGHT_SQ = "\u2018", "\u2019"  # U+2018 ‘ U+2019 ’
ELLIPSIS = "\u2026\u2026"  # U+2026 HORIZONTAL ELLIPSIS, twice (GB/T 15834 4.11)
DASH = "\u2014\u2014"  # U+2014 EM DASH, twice (GB/T 15834 4.9)
FULL_STOP = "\u3002"  # U+3002 IDEOGRAPHIC FULL STOP

TABLES: dict[str, dict[str, str]] = {
    "HALFWIDTH_PUNCT": HALFWIDTH_PUNCT,
    "PARENS": PARENS,
    "DOC_NUMBER_BRACKETS": DOC_NUMBER_BRACKETS,
}

# ---------------------------------------------------------------------------
# What "Chinese" means around a mark
# ---------------------------------------------------------------------------

_CHINESE_RE = re.compile(f"[{HAN}{re.escape(CJK_PUNCT)}]")
# A single ASCII token inside a Chinese sentence (GDP, 3.5%, v2.0, COVID-19):
# the mark after it still belongs to the Chinese sentence.
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789%._-+/")
_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_BLANK = " \t"


_CJK_PUNCT_SET = frozenset(CJK_PUNCT)


def _chinese_char(c: str) -> bool:
    """``_CHINESE_RE.match(c)`` for one character, without a regex call (the
    test runs for the neighbours of every candidate mark). The basic Han
    block comes first: it holds nearly every Han character of a document."""
    return (
        "\u4e00" <= c <= "\u9fff"
        or c in _CJK_PUNCT_SET
        or "\u3400" <= c <= "\u4dbf"
        or "\uf900" <= c <= "\ufaff"
    )


def is_chinese(ch: str) -> bool:
    """A Han character or a full-width mark of Chinese text."""
    return bool(ch) and _chinese_char(ch[0])


def chinese_before(text: Chars, i: int, hop: bool = True) -> bool:
    """Whether the text just before offset ``i`` (on the same line) is Chinese:
    the nearest non-blank character is Chinese, or (with ``hop``) it ends one
    ASCII token that follows a Han character (``是AI`` ``增长3.5%``)."""
    j = i - 1
    while j >= 0 and text[j] in _BLANK:
        j -= 1
    if j < 0:
        return False
    if _chinese_char(text[j]):
        return True
    if not hop or text[j] not in _TOKEN_CHARS:
        return False
    while j >= 0 and text[j] in _TOKEN_CHARS:
        j -= 1
    while j >= 0 and text[j] in _BLANK:
        j -= 1
    return j >= 0 and is_han(text[j])


def chinese_after(text: Chars, i: int, hop: bool = True) -> bool:
    """Mirror of :func:`chinese_before` for the text from offset ``i`` on."""
    n = len(text)
    j = i
    while j < n and text[j] in _BLANK:
        j += 1
    if j >= n:
        return False
    if _chinese_char(text[j]):
        return True
    if not hop or text[j] not in _TOKEN_CHARS:
        return False
    while j < n and text[j] in _TOKEN_CHARS:
        j += 1
    while j < n and text[j] in _BLANK:
        j += 1
    return j < n and is_han(text[j])


def _latin_before(text: Chars, i: int) -> bool:
    """Whether the nearest non-blank character before ``i`` is a Latin letter."""
    j = i - 1
    while j >= 0 and text[j] in _BLANK:
        j -= 1
    return j >= 0 and text[j] in _LETTERS


def _latin_after(text: Chars, i: int) -> bool:
    j = i
    while j < len(text) and text[j] in _BLANK:
        j += 1
    return j < len(text) and text[j] in _LETTERS


# ---------------------------------------------------------------------------
# Spans no punctuation rule touches
# ---------------------------------------------------------------------------

_FENCED_CODE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\1[ \t]*$", re.M | re.S)
# _FENCED_CODE_RE backtracks through every shorter fence and rescans the rest
# of the text for each: quadratic on a long unclosed fence (a line of ~~~~)
# or on many unclosed ones. _fenced_code finds its matches from these two,
# which never backtrack (possessive quantifiers).
_FENCE_OPEN_RE = re.compile(r"^[ \t]*+(`{3,}+|~{3,}+)[^\n]*+\n", re.M)
_FENCE_CLOSE_RE = re.compile(r"^[ \t]*+(`{3,}+|~{3,}+)[ \t]*+$", re.M)
_INLINE_CODE_RE = re.compile(r"`[^`\n]+`")
_FILE_EXT = (
    r"docx?|xlsx?|pptx?|pdf|wps|et|dps|ofd|txt|rtf|zip|rar|7z|jpe?g|png|gif|bmp|tiff?|csv|md|html?|xml|json"
)
# A file name ends in a known extension and runs back to the nearest blank or
# sentence mark (at most _NAME_MAX characters); over-reaching into the words
# before it only protects them too, which is harmless. Found from the
# extension backwards: a regex scanning forward from every character would be
# quadratic on long Han runs.
_FILE_EXT_RE = re.compile(rf"\.(?:{_FILE_EXT})(?![A-Za-z0-9])", re.I)
_NAME_STOP = frozenset(" \t\r\n\u3000，。；：、“”‘’《》<>|\"',:;!?")
_NAME_MAX = 80


def _file_names(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _FILE_EXT_RE.finditer(text):
        start = m.start()
        floor = max(0, start - _NAME_MAX)
        while start > floor and text[start - 1] not in _NAME_STOP:
            start -= 1
        if start < m.start():
            spans.append((start, m.end()))
    return spans


def _fenced_code(text: str) -> list[tuple[int, int]]:
    """The spans of ``_FENCED_CODE_RE.finditer(text)``.

    That regex closes a fence of n marks at the first later line holding
    exactly n of them (and blanks); failing that it tries n-1 marks, down to
    three. So the block ends at the first line, after the opening one, whose
    run of the same mark is the longest one not longer than the opening's.
    """
    closings: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for m in _FENCE_CLOSE_RE.finditer(text):
        run = m.group(1)
        closings.setdefault((run[0], len(run)), []).append(m.span())
    lengths: dict[str, list[int]] = {}
    for mark, n in sorted(closings, reverse=True):
        lengths.setdefault(mark, []).append(n)  # longest first
    spans: list[tuple[int, int]] = []
    done = 0
    for m in _FENCE_OPEN_RE.finditer(text):
        if m.start() < done:
            continue  # inside the previous block
        run = m.group(1)
        for n in lengths.get(run[0], []):
            if n > len(run):
                continue
            lines = closings[(run[0], n)]
            i = bisect.bisect_left(lines, (m.end(), -1))
            if i < len(lines):
                spans.append((m.start(), lines[i][1]))
                done = lines[i][1]
                break
    return spans


@lru_cache(maxsize=1)
def _protected(text: str) -> tuple[tuple[int, int], ...]:
    """Sorted spans of URLs, e-mail addresses, code and file names.

    Cached: every P rule asks for the same text's spans in turn."""
    spans = protected_spans(text)
    if "`" in text:
        spans += _fenced_code(text)
        spans += [m.span() for m in _INLINE_CODE_RE.finditer(text)]
    spans += _file_names(text)
    spans.sort()
    return tuple(spans)


Spans = Sequence[tuple[int, int]]
# The protected spans of a rule's text, computed on first use: on a text
# whose candidate marks all fail the cheaper tests (the confirming pass over
# a cleaned text), no rule needs them.
Guard = Callable[[], Spans]


# ---------------------------------------------------------------------------
# Settling: a converted mark is Chinese context for the next one
# ---------------------------------------------------------------------------

_MAX_ROUNDS = 64

# Spreading a round's conversions along their neighbours: given the text's
# characters with every conversion so far applied (updated in place), the
# offsets converted last and the rule's guard, the further edits that those
# conversions make Chinese, found by walking from each converted mark to its
# neighbours (and on from what converts there) instead of rescanning the text.
Spread = Callable[["View", list[int], Guard], list[Edit]]


def _settle(
    text: str, propose: Callable[[str, Guard], list[Edit | Finding]], spread: Spread | None = None
) -> list[Edit | Finding]:
    """Run a rule of one-character replacements until it proposes nothing new.

    Converting a mark makes it Chinese context for its neighbours: in
    ``(2018)(2018)中`` the second pair turns the first one Chinese, and
    ``中?!`` only shows ``!`` next to Chinese once ``?`` is ``？``. Settling
    inside the rule keeps it idempotent instead of needing one pipeline pass
    per link of such a chain. The replacements keep every offset, so all
    rounds share the coordinates of ``text``; findings come from the last one.
    So do the protected spans: a mark inside one is never converted, and a
    converted mark outside one cannot start or end one.

    A chain converts one link per round, and a run of marks is a chain as
    long as the run (``中`` and 800 ``?``): with ``spread``, a round's
    conversions are carried along the run at once, and the next whole round
    only confirms that nothing is left, so a run of any length settles in two
    rounds and linear time. Without it (or should the confirming round still
    find something) rounds go on, up to _MAX_ROUNDS.
    """
    guard = partial(_protected, text)
    view = text
    edits: dict[int, Edit] = {}
    findings: list[Edit | Finding] = []
    for _ in range(_MAX_ROUNDS):
        proposed = propose(view, guard)
        findings = [f for f in proposed if isinstance(f, Finding)]
        fresh = sorted(
            (e for e in proposed if isinstance(e, Edit) and e.start not in edits), key=lambda e: e.start
        )
        if not fresh:
            break
        if spread is not None:
            chars = View(view, {e.start: e.new for e in fresh})
            fresh = sorted([*fresh, *spread(chars, [e.start for e in fresh], guard)], key=lambda e: e.start)
        parts: list[str] = []
        pos = 0
        for e in fresh:
            edits[e.start] = e
            parts += (view[pos : e.start], e.new)
            pos = e.end
        parts.append(view[pos:])
        view = "".join(parts)
    return [*findings, *(edits[k] for k in sorted(edits))]


class Chars(Protocol):
    """What the neighbour tests read of a text: its characters by offset."""

    def __getitem__(self, i: int, /) -> str: ...

    def __len__(self) -> int: ...


class View:
    """A text with some of its marks converted, read and converted in place
    by a spread: the conversions are kept apart, so that making a view costs
    nothing however long the text (a spread touches few characters)."""

    __slots__ = ("_changed", "_text")

    def __init__(self, text: str, changed: dict[int, str]) -> None:
        self._text = text
        self._changed = changed

    def __getitem__(self, i: int) -> str:
        return self._changed.get(i) or self._text[i]

    def __setitem__(self, i: int, ch: str) -> None:
        self._changed[i] = ch

    def __len__(self) -> int:
        return len(self._text)


def _nearest(chars: Chars, pos: int, step: int) -> int:
    """The offset of the nearest non-blank character before (``step`` -1) or
    after (+1) ``pos`` on its line, or -1 (blanks never include a line break)."""
    j = pos + step
    n = len(chars)
    while 0 <= j < n and chars[j] in _BLANK:
        j += step
    return j if 0 <= j < n else -1


# ---------------------------------------------------------------------------
# P101 document number
# ---------------------------------------------------------------------------

_OPEN_B = "([\u3010\uff08\uff3b\u3014"
_CLOSE_B = ")]\u3011\uff09\uff3d\u3015"
# Regexes here start with the mark they look for, never with a lookbehind:
# the regex engine then skips ahead to candidates instead of trying every
# position (the preceding character is checked in Python).
# Tesseract reads the right half of 〔 〕 as ``]j`` (``国函【2018]j 144号``): a
# ``j`` glued to the closing bracket of a year before a number and 号 is that
# bracket's stroke, never text.
_DOC_NUMBER_RE = re.compile(
    rf"(?P<open>[{re.escape(_OPEN_B)}])[ \t]*(?:19|20)\d\d[ \t]*"
    rf"(?P<close>[{re.escape(_CLOSE_B)}])(?P<j>j)?(?=[ \t]*第?[ \t]*\d{{1,5}}[ \t]*号)"
)


def _han_before(text: str, i: int) -> bool:
    """Whether the nearest non-blank character before ``i`` is Han (pdftotext
    may leave a space: ``湘教通 [2018] 22 号``)."""
    j = i - 1
    while j >= 0 and text[j] in _BLANK:
        j -= 1
    return j >= 0 and is_han(text[j])


def _doc_numbers(text: str) -> Iterator[re.Match[str]]:
    """The matches of _DOC_NUMBER_RE.finditer(text), looked for only on the
    lines that hold a "号": a match and the "号" its look-ahead needs are on
    one line (nothing in the regex crosses a line break), and the regex,
    which starts with a class of brackets that holds the common （, would
    otherwise be tried at every such bracket of the document."""
    for start, end in lines_with(text, "号"):
        yield from _DOC_NUMBER_RE.finditer(text, start, end)


@rule(
    "P101",
    "doc-number-bracket",
    "The year of a document number is set in hexagonal brackets 〔〕 (GB/T 9704).",
    "湘教通[2018]22号",
    "湘教通〔2018〕22号",
    order=10,
)
def fix_doc_number(text: str, config: Config) -> Sequence[Edit | Finding]:
    out: list[Edit | Finding] = []
    for m in _doc_numbers(text):
        fixes = [p for p in (m.start("open"), m.start("close")) if text[p] in DOC_NUMBER_BRACKETS]
        if not fixes and not m.group("j"):
            continue  # already 〔2018〕: nothing to do, whatever comes before it
        if not _han_before(text, m.start()) or inside(_protected(text), m.start()):
            continue  # the issuing agency's abbreviation comes first: 湘教通
        for pos in fixes:
            out.append(Edit(pos, pos + 1, DOC_NUMBER_BRACKETS[text[pos]], note="year of a document number"))
        if m.group("j"):
            out.append(Edit(m.start("j"), m.end("j"), "", note="OCR's stroke of 〕 read as j"))
    return out


# ---------------------------------------------------------------------------
# P102 parentheses
# ---------------------------------------------------------------------------

_PAREN_RE = re.compile("[()\uff08\uff09]")


def _scan_parens(text: str, guard: Guard) -> Iterator[tuple[list[tuple[int, int]], list[int]]]:
    """Per line, the matched (open, close) offsets of parentheses of either
    width, paired inside the line, and the offsets of the unmatched ones;
    only the lines that hold a half-width parenthesis (the others have
    nothing to convert). Line by line, so a caller can stop early."""
    spans = guard()
    for start, end in lines_with(text, "()"):
        pairs: list[tuple[int, int]] = []
        lone: list[int] = []
        stack: list[int] = []
        for m in _PAREN_RE.finditer(text, start, end):
            pos = m.start()
            if spans and inside(spans, pos):
                continue
            if m.group() in "(\uff08":
                stack.append(pos)
            elif stack:
                pairs.append((stack.pop(), pos))
            else:
                lone.append(pos)
        yield pairs, lone + stack


_ASCII_CONTENT_RE = re.compile(r"[\x20-\x7e]*")
# Past this many characters between a pair, whether Han lies inside is looked
# up in the line's Han runs instead of scanned for: deep nesting
# (``((((测))))``) would otherwise rescan the same content for every pair.
_SCAN_MAX = 64


@lru_cache(maxsize=1)
def _han_runs(text: str) -> tuple[list[int], list[int]]:
    """The starts and the ends of the Han runs of ``text``, in order."""
    spans = [m.span() for m in HAN_RUN_RE.finditer(text)]
    return [a for a, _ in spans], [b for _, b in spans]


def _han_between(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a Han character."""
    if end - start <= _SCAN_MAX:
        return HAN_RE.search(text, start, end) is not None
    starts, ends = _han_runs(text)
    i = bisect.bisect_right(ends, start)  # the first run that ends after start
    return i < len(ends) and max(starts[i], start) < end


def _paren_is_chinese(view: Chars, open_: int, close: int, text: str) -> bool:
    """Whether the pair at ``open_``/``close`` is a Chinese aside. ``view`` is
    ``text`` with the conversions so far (its neighbours may have become
    full-width); what is inside the pair is read from ``text``, whose Han
    characters and letters are the view's."""
    if open_ > 0 and text[open_ - 1] in _ALNUM and _ASCII_CONTENT_RE.fullmatch(text, open_ + 1, close):
        return False  # f(x), max(a, b), 2(a): notation, not a Chinese aside
    if chinese_before(view, open_) or chinese_after(view, close + 1):
        return True
    if _latin_before(view, open_) or _latin_after(view, close + 1):
        return False  # "The city (杭州) is": an English sentence
    return _han_between(text, open_ + 1, close)  # "(三)" alone on its line


def _lone_is_chinese(view: Chars, pos: int, text: str) -> bool:
    """An unmatched parenthesis (its partner is on another line, or missing
    in the source) is Chinese when the text on its inner side is Chinese and
    its outer side is not English. Numbering markers such as ``1)`` are the
    headings family's to rewrite."""
    if view[pos] == "(":
        inner, outer_latin = chinese_after(view, pos + 1), _latin_before(view, pos)
    else:
        inner, outer_latin = chinese_before(view, pos), _latin_after(view, pos + 1)
    return inner and not outer_latin and not _in_marker(text, pos)


@rule(
    "P102",
    "halfwidth-paren",
    "Half-width parentheses in Chinese text become full-width, both sides of a pair together.",
    "职教集团(联盟)建设",
    "职教集团（联盟）建设",
    order=20,
)
def fix_paren(text: str, config: Config) -> Sequence[Edit | Finding]:
    if "(" not in text and ")" not in text:
        return []
    house = config.paren_style == "house"
    return _settle(text, partial(_paren_edits, house=house), partial(_paren_spread, text))


_PAREN_NOTE = "parenthesis in Chinese text is full-width"


def _paren_edits(text: str, guard: Guard, house: bool = False) -> list[Edit | Finding]:
    # A document that writes every parenthesis half-width, never full-width,
    # follows a house style (several law databases do). GB/T 15834 writes
    # them full-width, and so does cleandoc by default; paren_style = "house"
    # keeps such a document as it is. Mixed documents are always converted.
    # (Two Chinese pairs settle it: the rest of such a document is not read.)
    house_style = house and "\uff08" not in text and "\uff09" not in text
    chinese_pairs: list[tuple[int, int]] = []
    lone: list[int] = []
    for line_pairs, line_lone in _scan_parens(text, guard):
        chinese_pairs += [
            (a, b)
            for a, b in line_pairs
            if (text[a] == "(" or text[b] == ")")
            and not (a > 0 and text[a - 1] == "]")  # a Markdown link [text](url)
            and _paren_is_chinese(text, a, b, text)
        ]
        if house_style and len(chinese_pairs) >= 2:
            return []
        lone += line_lone
    positions = [p for pair in chinese_pairs for p in pair]
    positions += [p for p in lone if text[p] in PARENS and _lone_is_chinese(text, p, text)]
    return [Edit(p, p + 1, PARENS[text[p]], note=_PAREN_NOTE) for p in sorted(positions) if text[p] in PARENS]


def _paren_spread(text: str, view: View, fresh: list[int], guard: Guard) -> list[Edit]:
    """P102's spread (see _settle): a converted parenthesis is Chinese context
    for the half-width parenthesis next to it, whose pair (or itself, when
    lone) is decided again on the updated ``view``. The pairing comes from
    ``text``: it does not depend on the width of the marks."""
    partner: dict[int, int] = {}
    lone: set[int] = set()
    for line_pairs, line_lone in _scan_parens(text, guard):
        for a, b in line_pairs:
            partner[a], partner[b] = b, a
        lone.update(line_lone)
    out: list[Edit] = []
    work = list(fresh)
    while work:
        p = work.pop()
        for q in (_nearest(view, p, -1), _nearest(view, p, 1)):
            if q < 0 or view[q] not in PARENS:
                continue
            if q in partner:
                a, b = sorted((q, partner[q]))
                if (a > 0 and text[a - 1] == "]") or not _paren_is_chinese(view, a, b, text):
                    continue
                ends = [a, b]
            elif q in lone and _lone_is_chinese(view, q, text):
                ends = [q]
            else:
                continue
            for r in ends:
                if view[r] in PARENS:
                    view[r] = PARENS[view[r]]
                    out.append(Edit(r, r + 1, view[r], note=_PAREN_NOTE))
                    work.append(r)
    return out


# ---------------------------------------------------------------------------
# P103 , : ; ? !
# ---------------------------------------------------------------------------


@rule(
    "P103",
    "halfwidth-punct",
    "Half-width , : ; ? ! next to Chinese text become ，：；？！",
    "委员会:各单位,",
    "委员会：各单位，",
    order=30,
)
def fix_halfwidth_punct(text: str, config: Config) -> Sequence[Edit | Finding]:
    if not any(ch in text for ch in HALFWIDTH_PUNCT):
        return []
    return _settle(text, _halfwidth_punct_edits, _halfwidth_punct_spread)


_PUNCT_NOTE = "half-width mark in Chinese text"


def _inside_token(view: Chars, pos: int) -> bool:
    """Whether the mark at ``pos`` sits between two letters or digits:
    10:30, 1:1000, 1,000, a;b."""
    return 0 < pos < len(view) - 1 and view[pos - 1] in _ALNUM and view[pos + 1] in _ALNUM


def _halfwidth_punct_edits(text: str, guard: Guard) -> list[Edit | Finding]:
    out: list[Edit | Finding] = []
    spans: Spans | None = None  # only asked for once a mark is next to Chinese
    for pos in offsets(text, "".join(HALFWIDTH_PUNCT)):
        if _inside_token(text, pos):
            continue
        if not (chinese_before(text, pos) or chinese_after(text, pos + 1)):
            continue
        if spans is None:
            spans = guard()
        if spans and inside(spans, pos):
            continue
        out.append(Edit(pos, pos + 1, HALFWIDTH_PUNCT[text[pos]], note=_PUNCT_NOTE))
    return out


def _halfwidth_punct_spread(view: View, fresh: list[int], guard: Guard) -> list[Edit]:
    """P103's spread (see _settle): a mark is Chinese context for the mark
    next to it (blanks between them or not), so a converted mark converts its
    half-width neighbours, and they theirs, along a run of any length."""
    out: list[Edit] = []
    work = list(fresh)
    while work:
        p = work.pop()
        for q in (_nearest(view, p, -1), _nearest(view, p, 1)):
            new = HALFWIDTH_PUNCT.get(view[q]) if q >= 0 else None
            if new is None or _inside_token(view, q):
                continue
            spans = guard()
            if spans and inside(spans, q):
                continue
            view[q] = new
            out.append(Edit(q, q + 1, new, note=_PUNCT_NOTE))
            work.append(q)
    return out


# ---------------------------------------------------------------------------
# P104/P105 quotes
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Quotes:
    """What P104 or P105 converts: the straight quote and the curly pair."""

    straight: str
    left: str
    right: str
    token_re: re.Pattern[str]
    what: str  # "double" or "single", for the notes


def _quote_lines(text: str, straight: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of ``text`` that holds ``straight``."""
    find, rfind = text.find, text.rfind
    pos = find(straight)
    while pos != -1:
        line_start = rfind("\n", 0, pos) + 1
        line_end = find("\n", pos)
        if line_end == -1:
            line_end = len(text)
        yield line_start, line_end
        pos = find(straight, line_end)


def _quote_edits(text: str, guard: Guard, q: _Quotes) -> list[Edit | Finding]:
    """Pair the straight quotes of each line with each other and with curly
    ones; convert the pairs that are around or next to Chinese text.

    A line whose quotes do not pair up (odd count, a closing mark before any
    opening one) is left as it is and reported, once per line."""
    out: list[Edit | Finding] = []
    spans = guard()
    for line_start, line_end in _quote_lines(text, q.straight):
        out += _quote_line(text, line_start, line_end, q, spans)
    return out


def _pair_quotes(
    text: str, line_start: int, line_end: int, q: _Quotes, spans: Spans
) -> tuple[list[int], list[tuple[int, int]], bool]:
    """The quote marks of a line (outside protected spans), their pairs, and
    whether every mark is paired. The pairing is the same whichever straight
    marks have been made curly.

    A line whose quotes do not pair up may still hold quotations that do:
    two marks side by side (``"黄小西吃晚饭""村超"村BA"``, a missing mark after
    them) close one quotation and open the next, so the line is paired in
    groups cut there, and the groups that pair up are kept."""
    tokens = [
        m.start() for m in q.token_re.finditer(text, line_start, line_end) if not inside(spans, m.start())
    ]
    pairs = _pair_group(text, tokens, q)
    if pairs is not None:
        return tokens, pairs, True
    closing, opening = (q.straight, q.right), (q.straight, q.left)
    found: list[tuple[int, int]] = []
    first = 0
    for k in range(1, len(tokens) + 1):
        if k == len(tokens) or (
            tokens[k] == tokens[k - 1] + 1 and text[tokens[k - 1]] in closing and text[tokens[k]] in opening
        ):
            found += _pair_group(text, tokens[first:k], q) or ()
            first = k
    return tokens, found, False


def _pair_group(text: str, tokens: list[int], q: _Quotes) -> list[tuple[int, int]] | None:
    """The pairs of quote marks at ``tokens``; None when they do not pair up
    (a closing mark before any opening one, an opening one inside a pair, a
    mark left open)."""
    pairs: list[tuple[int, int]] = []
    open_: int | None = None
    for pos in tokens:
        ch = text[pos]
        if ch == q.left or (ch == q.straight and open_ is None):
            if open_ is not None:
                return None
            open_ = pos
        else:  # a right quote, or a straight one that closes
            if open_ is None:
                return None
            pairs.append((open_, pos))
            open_ = None
    return pairs if open_ is None else None


def _quotes_are_chinese(view: Chars, a: int, b: int, q: _Quotes, text: str) -> bool:
    """Whether the pair at ``a``/``b`` of ``view`` (``text`` with the
    conversions so far) is around or next to Chinese text."""
    return (
        view[a] == q.left
        or view[b] == q.right
        or _han_between(text, a + 1, b)
        or chinese_before(view, a)
        or chinese_after(view, b + 1)
    )


def _quote_line(text: str, line_start: int, line_end: int, q: _Quotes, spans: Spans) -> list[Edit | Finding]:
    tokens, pairs, complete = _pair_quotes(text, line_start, line_end, q, spans)
    out: list[Edit | Finding] = []
    if not complete:
        paired = {p for pair in pairs for p in pair}
        straight_in_line = [p for p in tokens if text[p] == q.straight and p not in paired]
        near = [p for p in straight_in_line if chinese_before(text, p) or chinese_after(text, p + 1)]
        if near:
            msg = f"straight {q.what} quote(s) on this line cannot be paired; left as written"
            out.append(Finding(near[0], msg))
    note = f"straight {q.what} quote in Chinese text"
    for a, b in pairs:
        if text[a] != q.straight and text[b] != q.straight:
            continue
        if not _quotes_are_chinese(text, a, b, q, text):
            continue  # English "quoted" words stay as written
        if text[a] == q.straight:
            out.append(Edit(a, a + 1, q.left, note=note))
        if text[b] == q.straight:
            out.append(Edit(b, b + 1, q.right, note=note))
    return out


def _quote_spread(q: _Quotes, text: str, view: View, fresh: list[int], guard: Guard) -> list[Edit]:
    (
        """P104's and P105's spread (see _settle): a converted quote is Chinese
    context for the straight quote next to it, whose pair is decided again on
    the updated ``view`` (``"""
        "中``: one pair per round otherwise)."
        ""
    )
    spans = guard()
    partner: dict[int, int] = {}
    for line_start, line_end in _quote_lines(text, q.straight):
        for a, b in _pair_quotes(text, line_start, line_end, q, spans)[1]:
            partner[a], partner[b] = b, a
    note = f"straight {q.what} quote in Chinese text"
    out: list[Edit] = []
    work = list(fresh)
    while work:
        p = work.pop()
        for n in (_nearest(view, p, -1), _nearest(view, p, 1)):
            if n < 0 or view[n] != q.straight or n not in partner:
                continue
            a, b = sorted((n, partner[n]))
            if not _quotes_are_chinese(view, a, b, q, text):
                continue
            for r, new in ((a, q.left), (b, q.right)):
                if view[r] == q.straight:
                    view[r] = new
                    out.append(Edit(r, r + 1, new, note=note))
                    work.append(r)
    return out


_DQ_TOKEN_RE = re.compile(f'["{LEFT_DQ}{RIGHT_DQ}]')
# An apostrophe between letters (don't, China's) is not a quote.
_SQ_TOKEN_RE = re.compile(f"(?<![A-Za-z])'|'(?![A-Za-z])|[{LEFT_SQ}{RIGHT_SQ}]")
_DOUBLE = _Quotes('"', LEFT_DQ, RIGHT_DQ, _DQ_TOKEN_RE, "double")
_SINGLE = _Quotes("'", LEFT_SQ, RIGHT_SQ, _SQ_TOKEN_RE, "single")


@rule(
    "P104",
    "straight-double-quote",
    "Straight double quotes around Chinese text become paired curly quotes “”; unpairable ones are reported.",
    '建设"楚怡"品牌',
    "建设“楚怡”品牌",
    order=40,
)
def fix_double_quote(text: str, config: Config) -> Sequence[Edit | Finding]:
    if '"' not in text:
        return []
    return _settle(text, partial(_quote_edits, q=_DOUBLE), partial(_quote_spread, _DOUBLE, text))


@rule(
    "P105",
    "straight-single-quote",
    "Straight single quotes around Chinese text become paired curly quotes ‘’; unpairable ones are reported.",
    "“他说'楚怡'精神”",
    "“他说‘楚怡’精神”",
    order=50,
)
def fix_single_quote(text: str, config: Config) -> Sequence[Edit | Finding]:
    if "'" not in text:
        return []
    return _settle(text, partial(_quote_edits, q=_SINGLE), partial(_quote_spread, _SINGLE, text))


# ---------------------------------------------------------------------------
# P106 ellipsis, P107 full stop, P108 dash
# ---------------------------------------------------------------------------

# Exactly three or six dots (longer runs are table-of-contents leaders), or
# three or more Chinese full stops.
_ELLIPSIS_RE = re.compile(r"\.\.\.+|\u3002\u3002\u3002+")


@rule(
    "P106",
    "ellipsis",
    "An ellipsis written ... or 。。。 in Chinese text becomes ……",
    "等等...",
    "等等……",
    order=60,
)
def fix_ellipsis(text: str, config: Config) -> Sequence[Edit | Finding]:
    out: list[Edit | Finding] = []
    # (the "." test first: a one-character needle is found several times faster)
    if ("." not in text or "..." not in text) and "\u3002\u3002\u3002" not in text:
        return out  # a substring test is many times faster than any regex scan
    for m in _ELLIPSIS_RE.finditer(text):
        start, end = m.span()
        if m.group()[0] == "." and (
            end - start not in (3, 6) or not (chinese_before(text, start) or chinese_after(text, end))
        ):
            continue  # "and so on..." in English, 第一章..........1
        if inside(_protected(text), start):
            continue
        out.append(Edit(start, end, ELLIPSIS, note="ellipsis of Chinese text"))
    return out


_CLOSERS = "”’）》〉」』】〕"
# A half-width point that ends a Chinese sentence: after a Han character or
# a closing mark, and followed by the end of the line or by more Chinese.
# A point followed by ASCII (通知.doc) or preceded by a digit (1. 3.5) stays.
_PERIOD_RE = re.compile(rf"\.(?=[ \t]*(?:\r?\n|$)|[ \t]*[{HAN}“‘（《])")
_PERIOD_AFTER_RE = re.compile(f"[{HAN}{_CLOSERS}]")


@rule(
    "P107",
    "sentence-period",
    "A Chinese sentence ending in a half-width point gets the full stop 。",
    "促进产业融合发展.",
    "促进产业融合发展。",
    order=70,
)
def fix_period(text: str, config: Config) -> Sequence[Edit | Finding]:
    if "." not in text:
        return []
    return [
        Edit(m.start(), m.end(), FULL_STOP, note="end of a Chinese sentence")
        for m in _PERIOD_RE.finditer(text)
        if m.start() > 0
        and _PERIOD_AFTER_RE.match(text, m.start() - 1)
        and not inside(_protected(text), m.start())
        and not _in_marker(text, m.start())
    ]


def _in_marker(text: str, pos: int) -> bool:
    """Whether ``pos`` is the point of a numbering marker (一. is the headings
    family's wrong form of 一、, never a sentence end)."""
    # A marker's point is at most 12 characters into its line: the search for
    # the line start, and the line read, stay that short (on a long line,
    # reading back to its start for every point would be quadratic).
    line_start = text.rfind("\n", max(0, pos - _MARKER_REACH), pos) + 1
    if line_start == 0 and pos > _MARKER_REACH:
        return False
    if pos - line_start > 12:
        return False
    line_end = text.find("\n", pos, pos + _MARKER_TAIL)
    marker = find_marker(text[line_start : line_end if line_end != -1 else pos + _MARKER_TAIL])
    return marker is not None and line_start + marker.start <= pos < line_start + marker.end


_MARKER_REACH = 13
# What find_marker reads past a point to tell a marker: its spaces and a
# look-ahead of a few characters (1.2 is no marker).
_MARKER_TAIL = 64


# -- or ---, or U+FF0D FULLWIDTH HYPHEN-MINUS twice: a run of - and － that
# starts with two equal marks, taken to the end of the run.
_DASH_RE = re.compile("(?:--|\uff0d\uff0d)[-\uff0d]*")
# The two starts as separate regexes: one that starts with a literal lets the
# engine skip ahead to it, an alternation is tried at every position.
_DASH_START_RES = (re.compile("--[-\uff0d]*"), re.compile("\uff0d\uff0d[-\uff0d]*"))


def _dash_runs(text: str) -> list[tuple[int, int]]:
    """The spans of _DASH_RE.finditer(text). Every match runs to the end of
    its run of marks, so where the two regexes overlap (-－－--) the earlier
    start is the one _DASH_RE finds, and the later one lies inside it."""
    runs: list[tuple[int, int]] = []
    end = -1
    for span in sorted(m.span() for regex in _DASH_START_RES for m in regex.finditer(text)):
        if span[0] >= end:
            runs.append(span)
            end = span[1]
    return runs


@rule(
    "P108",
    "double-dash",
    "A dash written -- between Chinese text becomes ——",
    "楚怡--职业教育",
    "楚怡——职业教育",
    order=80,
)
def fix_dash(text: str, config: Config) -> Sequence[Edit | Finding]:
    out: list[Edit | Finding] = []
    # (one-character needles first: they are found several times faster)
    if ("-" not in text or "--" not in text) and ("\uff0d" not in text or "\uff0d\uff0d" not in text):
        return out
    for start, end in _dash_runs(text):
        if end - start > (3 if text[start] == "-" else 2) or len(set(text[start:end])) > 1:
            continue  # ---- rules, long leaders, -－ mixtures
        # Strictly between Chinese characters: 2020--2025 is a range, not a dash.
        if not (chinese_before(text, start, hop=False) and chinese_after(text, end, hop=False)):
            continue  # <!-- comments -->, --flags, ---- rules
        if inside(_protected(text), start):
            continue
        out.append(Edit(start, end, DASH, note="dash of Chinese text"))
    return out


# ---------------------------------------------------------------------------
# P109 / P110 brackets misread by OCR
# ---------------------------------------------------------------------------

# Tesseract reads the full-width （ of a serif CJK face as 〈 or 《, or as two
# marks (``(〈``, ``《〈``), sometimes as ``“``, and its ） as ``)``:
# ``〈休息日)``, ``国外《〈境外)``, ``“此件公开发布）``. Such an opener closed by a
# parenthesis, with no bracket or quote of any kind between, is that
# parenthesis: a real 〈 or 《 is closed by 〉 or 》 (``《关于〈条例〉的决定》``), a
# real “ by ”, and a parenthesis met first belongs to a 《 only with its own
# opener between (``《规范（试行）》``), which the body excludes. Nor does the
# parenthesis close one opened before the mark on its line (``（见“某文件）``).
_OCR_PAREN_RE = re.compile(
    "(?P<open>[(\uff08\u300a]?[\u3008\u300a]|\u201c)"
    "(?P<body>[^\u3008\u3009\u300a\u300b()\uff08\uff09\u201c\u201d\n]{1,40})"
    "(?P<close>[)\uff09])"
)
_PAREN_OPEN, _PAREN_CLOSE = "(\uff08", ")\uff09"


@rule(
    "P109",
    "ocr-paren",
    "A （ that OCR read as 〈, 《 or “ and closed with ) becomes a pair of full-width parentheses.",
    "工作日〈休息日)",
    "工作日（休息日）",
    order=25,
)
def fix_ocr_paren(text: str, config: Config) -> Sequence[Edit | Finding]:
    out: list[Edit | Finding] = []
    if "\u3008" not in text and "\u300a" not in text and "\u201c" not in text:
        return out
    for start, end in lines_with(text, "\u3008\u300a\u201c"):
        line = text[start:end]
        if ")" not in line and "\uff09" not in line:  # the pattern ends in one: most lines stop here
            continue
        depth, pos = 0, start
        for m in _OCR_PAREN_RE.finditer(text, start, end):
            for ch in text[pos : m.start()]:
                depth += (ch in _PAREN_OPEN) - (ch in _PAREN_CLOSE)
            pos = m.end()
            if depth > 0:
                depth -= 1  # the parenthesis closes the one opened before
                continue
            if not HAN_RE.search(m.group("body")) or inside(_protected(text), m.start()):
                continue
            out.append(Edit(m.start("open"), m.end("open"), "\uff08", note="OCR's （ read as 〈, 《 or “"))
            if m.group("close") != "\uff09":
                out.append(Edit(m.start("close"), m.end("close"), "\uff09", note="its ）"))
    return out


# Tesseract reads a digit of a serif CJK face with a stroke after it, written
# ``]``: ``11]天``, ``1]万元``. A ``]`` between a digit and a Han character that
# closes no bracket opened before it on its line is that stroke.
_STRAY_BRACKET_RE = re.compile(r"\](?=[\u4e00-\u9fff])")
_OPENERS, _CLOSERS = "[\u3010\uff3b\u3014", "]\u3011\uff3d\u3015"


@rule(
    "P110",
    "ocr-stray-bracket",
    "A ] that OCR set between a digit and a Han character, closing nothing, is dropped.",
    "增设为11]天",
    "增设为11天",
    order=26,
)
def fix_stray_bracket(text: str, config: Config) -> Sequence[Edit | Finding]:
    out: list[Edit | Finding] = []
    if "]" not in text:
        return out
    for start, end in lines_with(text, "]"):
        depth, pos = 0, start
        for m in _STRAY_BRACKET_RE.finditer(text, start, end):
            for ch in text[pos : m.start()]:
                depth += (ch in _OPENERS) - (ch in _CLOSERS)
            pos = m.end()
            if depth > 0:
                depth -= 1  # it closes one
                continue
            if m.start() == start or not text[m.start() - 1].isdigit() or inside(_protected(text), m.start()):
                continue
            out.append(Edit(m.start(), m.end(), "", note="OCR's stroke after a digit"))
    return out
