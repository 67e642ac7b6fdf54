"""Verbatim regions: parts of a document that no rule may change.

Markdown and web sources carry lines that are not prose: HTML comments
(``<!-- INFO END -->``), YAML front matter, fenced code, table rows and
thematic breaks. The rules read them as text like any other (a title or a
heading is found the same way), but the pipeline drops every edit that
touches such a region or the line break in front of it, so they are never
rewritten and never joined to the text around them.

Inside the prose of a Markdown source, the syntax is kept too: list markers
with their indentation (``1. 第一`` stays a list item, where a plain notice
writes ``1.第一``), the space indentation of lines, links and images (``![图](a.png)``: no full-width ``！``),
inline code and the two trailing spaces of a hard line break.

HTML comment lines count in any source; the rest only in a Markdown source,
where its syntax is certain (a ``---`` line or a ``|`` in a plain-text
notice is the author's).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from cleandoc.config import Config

_COMMENT_OPEN = re.compile(r"^[ \t]*<!--", re.M)
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})", re.M)
_TABLE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*(?:\n|\Z)", re.M)
_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*(?:\n|\Z)", re.M)
# Inline Markdown syntax to keep as written: a list marker with its
# indentation and the spaces after it, the indentation of other lines
# (nesting, continuation, indented code; a full-width 　 indent is not
# Markdown and may go), an image or a link, inline code, an
# autolink, the trailing spaces of a hard line break.
_INLINE = re.compile(
    r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?=\S)"
    r"|^[ \t]+(?=\S)"
    r"|!?\[[^\]\n]*\]\([^)\n]*\)"
    r"|`[^`\n]+`"
    r"|<[a-z][a-z0-9+.-]*:[^>\s]*>"
    r"|(?<=\S) {2,}(?=\n)",
    re.M,
)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:.*\n)*?(?:---|\.\.\.)[ \t]*(?:\n|\Z)")


def _line_end(text: str, pos: int) -> int:
    """Just past the newline ending the line holding ``pos`` (or the text's end)."""
    nl = text.find("\n", pos)
    return len(text) if nl == -1 else nl + 1


def _comments(text: str) -> list[tuple[int, int]]:
    regions = []
    for m in _COMMENT_OPEN.finditer(text):
        close = text.find("-->", m.end())
        # an unclosed comment keeps only its own line: the rest may be prose
        regions.append((m.start(), _line_end(text, m.end() if close == -1 else close)))
    return regions


def _fences(text: str) -> list[tuple[int, int]]:
    regions = []
    pos = 0
    while (m := _FENCE.search(text, pos)) is not None:
        mark = m.group(1)
        closing = re.compile(rf"^[ \t]{{0,3}}{re.escape(mark[0])}{{{len(mark)},}}[ \t]*$", re.M)
        close = closing.search(text, _line_end(text, m.end()))
        # CommonMark: a fence never closed runs to the end of the document
        end = len(text) if close is None else _line_end(text, close.start())
        regions.append((m.start(), end))
        pos = end
    return regions


def regions(text: str, markdown: bool) -> list[tuple[int, int]]:
    """The verbatim regions of ``text``: sorted, non-overlapping ``(start,
    end)`` spans of whole lines (``end`` just past the last line's newline)."""
    if "<!--" not in text and not markdown:
        return []  # the usual case, known without a scan
    found = _comments(text)
    if markdown:
        front = _FRONT_MATTER.match(text)
        if front:
            found.append((0, front.end()))
        found += _fences(text)
        found += [(m.start(), m.end()) for m in _TABLE_ROW.finditer(text)]
        found += [(m.start(), m.end()) for m in _BREAK.finditer(text)]
    return _merged(found)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def protected(text: str, markdown: bool) -> list[tuple[int, int]]:
    """The spans of ``text`` no edit may touch: each verbatim region with the
    line break in front of it (so it is never joined to the line above), and
    in a Markdown source its inline syntax (see the module's docstring).
    Sorted and non-overlapping; an edit overlapping one, or an insertion at
    or inside one, is dropped by the pipeline."""
    spans = [(max(start - 1, 0), end) for start, end in regions(text, markdown)]
    if markdown:
        spans += [(m.start(), m.end()) for m in _INLINE.finditer(text)]
    return _merged(spans)


MARKDOWN_SUFFIXES = (".md", ".markdown")


def is_markdown_name(name: str) -> bool:
    """Whether a document called ``name`` is a Markdown source (by its ending)."""
    return name.lower().endswith(MARKDOWN_SUFFIXES)


@lru_cache(maxsize=16)
def _as_markdown(config: Config) -> Config:
    return replace(config, markdown=True)


def config_for(name: str, config: Config) -> Config:
    """``config`` for the document called ``name``: a Markdown source by its
    ending is cleaned as one (``Config.markdown``)."""
    return _as_markdown(config) if not config.markdown and is_markdown_name(name) else config
