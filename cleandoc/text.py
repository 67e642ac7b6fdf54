"""Character classes and spans shared by every rule family, so that "Han",
"Chinese punctuation" and "a URL" mean the same thing everywhere."""

from __future__ import annotations

import bisect
import re

# CJK Unified Ideographs, Extension A, and the compatibility block.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN}]")

# Full-width punctuation of Chinese text (GB/T 15834).
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉〔〕【】…—～·"

# Spans that no punctuation or spacing rule may touch. Parentheses end a
# URL: in Chinese text "(…)" right after an address is prose.
URL_RE = re.compile(
    r"(?:https?|ftp)://[^\s\u3000，。；、“”‘’（）《》【】()]+|www\.[A-Za-z0-9.-]+[^\s\u3000，。；、“”（）《》()]*"
)
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Sorted (start, end) spans of URLs and e-mail addresses in ``text``."""
    # The cheap substring tests skip the regex scans on the vast majority of
    # documents, which contain no URL or e-mail address at all.
    spans = [m.span() for m in URL_RE.finditer(text)] if ("://" in text or "www." in text) else []
    if "@" in text:
        spans += [m.span() for m in EMAIL_RE.finditer(text)]
    spans.sort()
    return spans


def inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` falls inside one of the sorted ``spans``."""
    i = bisect.bisect_right(spans, (pos, _BEYOND)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


_BEYOND = 1 << 62


def is_han(ch: str) -> bool:
    return bool(HAN_RE.match(ch))
