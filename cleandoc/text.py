"""Character classes and spans shared by every rule family, so that "Han",
"Chinese punctuation" and "a URL" mean the same thing everywhere."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache

# CJK Unified Ideographs, Extension A, and the compatibility block.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN}]")
# Han text comes in long runs: taking the runs out is far fewer regex steps
# than taking out everything else, or finding the characters one by one.
HAN_RUN_RE = re.compile(f"[{HAN}]+")


def han_count(s: str) -> int:
    """How many Han characters ``s`` has."""
    return len(s) - len(HAN_RUN_RE.sub("", s))


# Full-width punctuation of Chinese text (GB/T 15834).
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉〔〕【】…—～·"

# Spans that no punctuation or spacing rule may touch. Parentheses end a
# URL: in Chinese text "(…)" right after an address is prose. URL_RE is the
# definition; url_spans finds its matches with the alternatives apart, as a
# regex that starts with a literal ("http", "ftp://", "www.") lets the engine
# skip ahead to it, where the alternation is tried at every position.
_URL_PARTS = (
    r"https?://[^\s\u3000，。；、“”‘’（）《》【】()]+",
    r"ftp://[^\s\u3000，。；、“”‘’（）《》【】()]+",
    r"www\.[A-Za-z0-9.-]+[^\s\u3000，。；、“”（）《》()]*",
)
URL_RE = re.compile("|".join(_URL_PARTS))
_URL_PART_RES = tuple(map(re.compile, _URL_PARTS))


def url_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``URL_RE.finditer(text)``: the leftmost match of any
    part, then the leftmost at or after its end, and so on (the parts start
    with different letters, so two never match at the same place)."""
    spans: list[tuple[int, int]] = []
    found = [regex.search(text) for regex in _URL_PART_RES]
    while True:
        nexts = [m for m in found if m is not None]
        if not nexts:
            return spans
        first = min(nexts, key=lambda m: m.start())
        spans.append(first.span())
        pos = first.end()
        found = [
            m if m is None or m.start() >= pos else regex.search(text, pos)
            for m, regex in zip(found, _URL_PART_RES, strict=True)
        ]


_EMAIL_DOMAIN = r"[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@" + _EMAIL_DOMAIN)
# the characters of EMAIL_RE's local part (before the "@")
_EMAIL_LOCAL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-")
_EMAIL_DOMAIN_RE = re.compile(_EMAIL_DOMAIN)


def email_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``EMAIL_RE.finditer(text)``, found from each "@".

    EMAIL_RE itself tries every position of a long run of letters, digits or
    dots (a rule of ----, a line of digits) and reads the run to its end each
    time: quadratic when no "@" follows. An address's local part is the run of
    its characters just before the "@" (no "@" inside it), so reading back from
    each "@" finds the same matches in one pass.
    """
    spans: list[tuple[int, int]] = []
    done = 0  # end of the previous match: the next one starts at or after it
    at = text.find("@")
    while at != -1:
        start = at
        while start > done and text[start - 1] in _EMAIL_LOCAL:
            start -= 1
        domain = _EMAIL_DOMAIN_RE.match(text, at + 1) if start < at else None
        if domain is not None:
            spans.append((start, domain.end()))
            done = domain.end()
        at = text.find("@", max(at + 1, done))
    return spans


def may_hold_url(text: str) -> bool:
    """Whether ``text`` holds "://" or "www.", which every URL_RE match does.

    A one-character needle is found several times faster than a longer one,
    and most Chinese documents have no "/" and no "w" at all: those answer
    without the slower searches."""
    return ("/" in text and "://" in text) or ("w" in text and "www." in text)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Sorted (start, end) spans of URLs and e-mail addresses in ``text``."""
    # The cheap substring tests skip the regex scans on the vast majority of
    # documents, which contain no URL or e-mail address at all.
    spans = url_spans(text) if may_hold_url(text) else []
    if "@" in text:
        spans += email_spans(text)
    spans.sort()
    return spans


def inside(spans: Sequence[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` falls inside one of the sorted ``spans``."""
    i = bisect.bisect_right(spans, (pos, _BEYOND)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


_BEYOND = 1 << 62


def is_han(ch: str) -> bool:
    """Whether ``ch`` starts with a Han character: ``HAN_RE.match(ch)``
    without a regex call (punctuation rules ask it of many neighbours)."""
    if not ch:
        return False
    c = ch[0]
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" or "\uf900" <= c <= "\ufaff"


# An item of an inline list after the closing bracket of the item before it
# (``（第115条第1款） 16．投毒罪``), a space apart or glued; and an item's number
# at a line's start.
_SPACED_ITEM_RE = re.compile(f"[）)] \\d{{1,3}}[．.](?=[{HAN}])")
_GLUED_ITEM_RE = re.compile(f"[）)]\\d{{1,3}}[．.](?=[{HAN}])")
INLINE_ITEM_RE = re.compile(f"\\d{{1,3}}[．.](?=[{HAN}])")


@lru_cache(maxsize=1)  # asked at each line join of the same text
def spaces_inline_items(text: str) -> bool:
    """Whether ``text`` sets the items of its inline lists a space apart after
    a closing bracket (``……罪（第114条） 15．爆炸罪（第114条、第115条第1款） 16．投毒罪``,
    the way the Supreme People's Procuratorate's list of charges is written):
    twice or more, and more often than glued. A line that a page cut between
    two such items is joined with that space."""
    if "）" not in text and ")" not in text:
        return False
    spaced = len(_SPACED_ITEM_RE.findall(text))
    return spaced >= 2 and spaced > len(_GLUED_ITEM_RE.findall(text))


def offsets(text: str, chars: str) -> list[int]:
    """Sorted offsets of every occurrence of each of ``chars`` in ``text``.

    Same as the starts of a ``[chars]`` regex's matches, several times faster:
    the regex engine tests the character class at every position, str.find
    skips ahead in C (and a character that is absent costs one pass)."""
    found: list[int] = []
    find = text.find
    for ch in chars:
        i = find(ch)
        while i != -1:
            found.append(i)
            i = find(ch, i + 1)
    found.sort()
    return found


def lines_with(text: str, chars: str) -> list[tuple[int, int]]:
    """(start, end) of each line holding one of ``chars``."""
    lines: list[tuple[int, int]] = []
    end = -1
    for pos in offsets(text, chars):
        if pos < end:
            continue
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        if end == -1:
            end = len(text)
        lines.append((start, end))
    return lines
