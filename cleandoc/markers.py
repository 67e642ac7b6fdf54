"""Numbering markers at the start of a line: the four official heading levels
of GB/T 9704 (``一、`` ``（一）`` ``1.`` ``（1）``), their usual wrong forms,
and the ``第一章`` / ``第一条`` style of regulations.

This is the one place that knows what a marker looks like; line repair,
heading normalization and the deduplicator all ask here.

Recognition is deliberately strict where prose could look like a marker: a
Chinese numeral must be written the way a counter writes it (``十一``, not
``一一`` or ``两``), and an Arabic number followed by a point, an enumeration
comma or a full-width point must not run on into another number (``1.5亿``,
``3．5%``, ``1、2、3号``), so decimals and number lists are never headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

CN_DIGITS = "零一二三四五六七八九"
CN_NUMERAL = "零〇一二三四五六七八九十百千两"

# Level of each marker form; "article" covers 第X章/节/条/编 of regulations.
LEVEL_CN = 1  # 一、
LEVEL_CN_PAREN = 2  # （一）
LEVEL_ARABIC = 3  # 1.
LEVEL_ARABIC_PAREN = 4  # （1）
LEVEL_ARTICLE = 0  # 第一章 / 第一条

_SP = r"[ \t\u3000]*"
# U+3001 IDEOGRAPHIC COMMA, U+FF0E FULLWIDTH FULL STOP, U+FF0C FULLWIDTH COMMA,
# U+FF08/U+FF09 FULLWIDTH LEFT/RIGHT PARENTHESIS, U+3000 IDEOGRAPHIC SPACE.
_MARKER_RE = re.compile(
    rf"""^(?P<indent>[ \t\u3000]*)(?:
      (?P<cn>[{CN_NUMERAL}]{{1,4}}){_SP}(?P<cn_sep>[、，,]|[.．](?![\d.．])){_SP}
    | (?P<cnp_open>[（(]){_SP}(?P<cnp>[{CN_NUMERAL}]{{1,4}}){_SP}(?P<cnp_close>[）)]){_SP}
    | (?P<ar>\d{{1,3}}|\d{{4,6}}(?={_SP}[.．、]{_SP}[^\d\s]))  # 4+ digits only before text
      {_SP}(?P<ar_sep>\.(?![\d.])|．(?![\d.．])|、(?!\d{{1,3}}[、，,.．])){_SP}
    | (?P<arp_open>[（(]){_SP}(?P<arp>\d{{1,3}}){_SP}(?P<arp_close>[）)]){_SP}
    | (?P<ar_half>\d{{1,3}})[)）](?P<ar_half_sp>{_SP})
    | (?P<art>第[{CN_NUMERAL}\d]{{1,6}}[编篇章节条款])(?P<art_sp>{_SP})
    )""",
    re.X,
)
_SPACES = " \t\u3000"
# What a marker starts with after the indentation: a numeral, an opening
# bracket or the 第 of an article (decimal digits are tested apart, because
# ``\d`` in the pattern takes every Unicode decimal digit). A line whose first
# character after its indentation is none of these and not ``isdecimal()``
# has no marker; callers that scan every line test this before calling.
# U+FF08 FULLWIDTH LEFT PARENTHESIS.
MARKER_FIRST = frozenset(CN_NUMERAL + "(（第")


@dataclass(frozen=True, slots=True)
class Marker:
    """A numbering marker found at the start of a line."""

    level: int
    number: int  # 0 where it cannot be read
    start: int  # offset of the marker in the line (after indentation)
    end: int  # offset where the body starts (marker and spaces after it)
    text: str  # the marker as written, without surrounding spaces
    kind: str  # "章" "节" "条" ... for articles, else ""

    @property
    def canonical(self) -> str:
        """The standard form of this marker (GB/T 9704)."""
        return format_marker(self.level, self.number, self.kind, self.text)

    @property
    def form(self) -> str:
        """The marker's shape with its number taken out: ``(一)`` -> ``(#)``,
        ``2、`` -> ``#、``, ``（ 三）`` -> ``（ #）``; equal forms are written alike."""
        if self.level == LEVEL_ARTICLE:
            return self.text
        return _form(self.text)


_NUMBER_RE = re.compile(rf"[{CN_NUMERAL}]+|\d+")


# The H rules ask the form of every marker of a list several times (the
# list's form, each item's form, weak forms), and documents write few.
@lru_cache(maxsize=1024)
def _form(text: str) -> str:
    return _NUMBER_RE.sub("#", text, count=1)


@lru_cache(maxsize=1024)
def cn_to_int(s: str) -> int:
    """Read a Chinese numeral up to the thousands (一百二十三 -> 123); 0 if unreadable."""
    if s.isdigit():
        return int(s)
    s = s.replace("〇", "零").replace("两", "二")
    total, section = 0, 0
    units = {"十": 10, "百": 100, "千": 1000}
    digit = -1
    for ch in s:
        if ch in CN_DIGITS:
            digit = CN_DIGITS.index(ch)
        elif ch in units:
            section += (digit if digit > 0 else 1) * units[ch]
            digit = -1
        else:
            return 0
    if digit > 0:
        section += digit
    total += section
    return total


def int_to_cn(n: int) -> str:
    """Write 1..9999 as a Chinese numeral (11 -> 十一, 21 -> 二十一, 105 -> 一百零五);
    numbers outside that range stay in Arabic digits (no list counts that far
    in Chinese numerals, and 万 would need another scheme)."""
    if n <= 0 or n > 9999:
        return str(n)
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    out = ""
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            out += CN_DIGITS[d] + unit
        elif out and n and not out.endswith("零"):
            out += "零"
    return out


@lru_cache(maxsize=1024)
def is_counting_numeral(s: str) -> bool:
    """Whether ``s`` is a Chinese numeral written the way a list counts
    (``十一``, ``二十``), so that ``两``, ``一一`` or ``十十`` are prose, not numbers."""
    n = cn_to_int(s)
    return n > 0 and int_to_cn(n) == s


def format_marker(level: int, number: int, kind: str = "", original: str = "") -> str:
    if level == LEVEL_CN:
        return f"{int_to_cn(number)}、"
    if level == LEVEL_CN_PAREN:
        return f"（{int_to_cn(number)}）"
    if level == LEVEL_ARABIC:
        return f"{number}."
    if level == LEVEL_ARABIC_PAREN:
        return f"（{number}）"
    return original


# Markers already read, by matched text: documents repeat the same few
# markers (``一、`` ``（二）`` ``3.``) and every rule family asks about every
# line, so each is read once. The matched text alone is the key: it also
# tells which alternative matched, because the alternatives start with
# disjoint characters after the indentation (a Chinese numeral, ``第``, an
# ASCII or full-width bracket followed by a numeral or by digits, digits),
# and of the two that start with digits only ``1)`` holds a bracket. Marker
# is frozen, so one instance can be shared; the dict is emptied when it grows
# too big, which bounds its memory. A list numbered past the cache's size (an
# LLM loop of 100,000 items) misses on every line, so the miss path is kept
# cheap too: no exception on a miss, one dispatch on the alternative, and
# markers built without the frozen dataclass's per-field ``object.__setattr__``.
_MARKER_CACHE: dict[str, Marker | None] = {}
_MARKER_CACHE_SIZE = 4096
# Not in the cache (a cached None means: matched, but not a counting
# numeral); a Marker no line has, so that ``.get`` keeps its type.
_MISSING = Marker(-1, 0, 0, 0, "", "")


def find_marker(line: str) -> Marker | None:
    """The numbering marker at the start of ``line``, or None."""
    first = line[:1]
    if first in _SPACES:
        first = line.lstrip(_SPACES)[:1]
    if first not in MARKER_FIRST and not first.isdecimal():
        return None  # most lines start with text: no need to run the pattern
    m = _MARKER_RE.match(line)
    if m is None:
        return None
    # The matched text decides the marker (start, end, number and level all
    # come from it), so it can be cached on that text.
    key = m.group()
    marker = _MARKER_CACHE.get(key, _MISSING)
    if marker is not _MISSING:
        return marker
    marker = _read_marker(m)
    if len(_MARKER_CACHE) >= _MARKER_CACHE_SIZE:
        _MARKER_CACHE.clear()
    _MARKER_CACHE[key] = marker
    return marker


# The slots of Marker, set directly: the frozen dataclass's __init__ sets each
# field through ``object.__setattr__``, which costs twice as much, and a miss
# of the cache above builds one marker per line. The result is the same
# object as ``Marker(...)`` would build (tests/test_markers.py checks it).
_new = object.__new__
_SLOTS = Marker.__dict__  # the class's slot descriptors, by field name
_SET_LEVEL = _SLOTS["level"].__set__
_SET_NUMBER = _SLOTS["number"].__set__
_SET_START = _SLOTS["start"].__set__
_SET_END = _SLOTS["end"].__set__
_SET_TEXT = _SLOTS["text"].__set__
_SET_KIND = _SLOTS["kind"].__set__


def _new_marker(level: int, number: int, start: int, end: int, text: str, kind: str) -> Marker:
    """``Marker(level, number, start, end, text, kind)``, built faster."""
    marker: Marker = _new(Marker)
    _SET_LEVEL(marker, level)
    _SET_NUMBER(marker, number)
    _SET_START(marker, start)
    _SET_END(marker, end)
    _SET_TEXT(marker, text)
    _SET_KIND(marker, kind)
    return marker


def _read_marker(m: re.Match[str]) -> Marker | None:
    """The marker that a match of ``_MARKER_RE`` stands for (None: not a counting numeral).

    The alternative that matched is told by the group that closed last, which
    is the separator or trailing-space group that ends each alternative."""
    start = m.end("indent")  # the match starts at 0: the indentation's length
    end = m.end()
    alternative = m.lastgroup
    if alternative == "ar_sep":  # 1. 1、 1．
        text = m.string[start:end].strip(_SPACES)
        return _new_marker(LEVEL_ARABIC, int(m.group("ar")), start, end, text, "")
    if alternative == "cn_sep":  # 一、 一. 一，
        numeral = m.group("cn")
        if not is_counting_numeral(numeral):
            return None
        text = m.string[start:end].strip(_SPACES)
        return _new_marker(LEVEL_CN, cn_to_int(numeral), start, end, text, "")
    if alternative == "cnp_close":  # （一） (一)
        numeral = m.group("cnp")
        if not is_counting_numeral(numeral):
            return None
        text = m.string[start:end].strip(_SPACES)
        return _new_marker(LEVEL_CN_PAREN, cn_to_int(numeral), start, end, text, "")
    if alternative == "arp_close":  # （1） (1)
        text = m.string[start:end].strip(_SPACES)
        return _new_marker(LEVEL_ARABIC_PAREN, int(m.group("arp")), start, end, text, "")
    if alternative == "ar_half_sp":  # 1)
        text = m.string[start:end].strip(_SPACES)
        return _new_marker(LEVEL_ARABIC_PAREN, int(m.group("ar_half")), start, end, text, "")
    art = m.group("art")  # 第一章 第一条: the only alternative left ("art_sp")
    return _new_marker(LEVEL_ARTICLE, cn_to_int(art[1:-1]), start, end, art, art[-1])
