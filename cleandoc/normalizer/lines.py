"""Rule family L: line repair.

PDF extraction cuts paragraphs at the page width and scatters page furniture
through the text. These rules put each paragraph back on one line and take the
furniture out; which lines belong together is decided once per text, by
``cleandoc.structure`` (``sentence_joins``, ``title_runs``), so the rules here
only turn its answer into edits. Furniture and wrapped titles are known from the classified lines alone
(``classify_lines``), without the costlier decisions on joining sentences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from cleandoc.config import Config
from cleandoc.model import Edit, Finding
from cleandoc.rules import rule
from cleandoc.structure import (
    CAPTION_LINE_RE,
    Kind,
    Line,
    caption_runs,
    classify_lines,
    is_chrome,
    may_have_chrome,
    may_have_furniture,
    may_have_title_run,
    run_together,
    sentence_joins,
    title_runs,
    two_columns,
)
from cleandoc.text import INLINE_ITEM_RE, spaces_inline_items

_FURNITURE_NOTES: dict[Kind | None, str] = {
    Kind.PAGE_NUMBER: "page number",
    Kind.RUNNING: "running header/footer repeated on every page",
    Kind.DOC_CODE: "document code at a page top",
}


# A page number in the GB/T 9704 form (`— 8 —`) that an extraction glued to
# the first line of the next page (`— 8 —币1万元以上不记名预付卡……`): the
# number goes, the text stays. Only the em-dash form: `-1-` may be text.
_GLUED_NOTE = "page number glued to the next page's text"
_GLUED_PAGE_NUMBER_RE = re.compile(r"[—－][ \t]?\d{1,4}[ \t]?[—－][ \t\u3000]*(?=[^\s—－])")


def _joiner(a: str, b: str) -> str:
    """What replaces a line break inside a paragraph: nothing between Han
    characters (Chinese has no spaces between words), one space between two
    Latin words that the page width separated."""
    if a.isascii() and b.isascii() and a.isalpha() and b.isalpha():
        return " "
    return ""


def _join_edit(text: str, a: Line, b: Line, note: str) -> Edit | None:
    """The edit that puts ``b`` right after ``a``, or None."""
    gap = text[a.end : b.start]
    # Only whitespace may be dropped here; furniture between the pieces is
    # removed (and reported) by the furniture rule first.
    if gap.strip(" \t\u3000\u00a0\r\n\f\v\u200b\ufeff"):
        return None
    joiner = _joiner(text[a.end - 1], text[b.start])
    if text[a.end - 1] in "）)" and INLINE_ITEM_RE.match(text, b.start) and spaces_inline_items(text):
        joiner = " "  # the items of an inline list, a space apart as the text sets them elsewhere
    return Edit(a.end, b.start, joiner, note)


@rule(
    "L101",
    "page-furniture",
    "Remove page numbers, running headers/footers and document codes left at page breaks",
    "本市实际，\n\n— 2 —\n\f制定以下措施。",
    "本市实际，\n\n\n制定以下措施。",
    order=10,
)
def page_furniture(text: str, config: Config) -> Sequence[Edit | Finding]:
    if not may_have_furniture(text):
        return []
    lines = classify_lines(text)
    edits: list[Edit] = []
    rest_of: int | None = None  # the second line of a page number split in two
    for ln in lines:
        note = _FURNITURE_NOTES.get(ln.kind)  # None: not furniture
        if ln.index == rest_of:
            continue  # removed with its first line
        if note is not None:
            last = _split_page_number_rest(lines, ln)
            if last is not None:
                rest_of = last.index
            start, end = _furniture_span(text, lines, ln, last or ln)
            edits.append(Edit(start, end, "", note, removed=True))
            continue
        glued = _GLUED_PAGE_NUMBER_RE.match(text, ln.start, ln.end) if ln.kind is not None else None
        if glued is not None:
            edits.append(Edit(glued.start(), glued.end(), "", _GLUED_NOTE, removed=True))
        if ln.page_break:
            pos = ln.line_start - 1
            while pos >= 0 and text[pos] == "\f":
                pos -= 1
            edits.append(Edit(pos + 1, ln.line_start, "", "page break"))
            if "\f" in text[ln.start : ln.line_end]:
                inner = text.index("\f", ln.start, ln.line_end)
                if not text[inner : ln.line_end].strip("\f \t"):
                    edits.append(Edit(inner, ln.line_end, "", "page break"))
    # form feeds of removed lines go with the furniture edit, so keep edits disjoint
    edits.sort(key=lambda e: (e.start, e.end))
    out: list[Edit] = []
    for e in edits:
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    return out


def _split_page_number_rest(lines: Sequence[Line], ln: Line) -> Line | None:
    """The second line of a page number pdftotext split after its first dash
    (`—` / blank / `16 —`), when ``ln`` is the first: the two are one piece of
    furniture, removed as one with the blank lines around them."""
    if ln.kind is not Kind.PAGE_NUMBER or len(ln.body) != 1:
        return None
    nxt = ln.index + 1
    while nxt < len(lines) and lines[nxt].blank:
        nxt += 1
    if nxt < len(lines) and lines[nxt].kind is Kind.PAGE_NUMBER:
        return lines[nxt]
    return None


def _furniture_span(text: str, lines: Sequence[Line], ln: Line, last: Line | None = None) -> tuple[int, int]:
    """What goes with a furniture line (or the lines from ``ln`` to ``last``):
    the line and its newline, and the blank lines that set it off from the
    text, so that the text around it keeps the spacing it had on either side
    and no run of blank lines is left where it stood (`段落。` / blank /
    `— 2 —` / blank / `下一段` keeps one blank line)."""
    last = last or ln
    start = ln.line_start
    end = last.line_end + 1 if last.line_end < len(text) else last.line_end
    i = ln.index
    before = i - 1
    while before >= 0 and lines[before].blank:
        before -= 1
    after = last.index + 1
    while after < len(lines) and lines[after].blank:
        after += 1
    if after == len(lines):
        # nothing follows: the blank lines before it go too, the text ends where its content does
        if before >= 0 and before < i - 1:
            start = lines[before].line_end + 1
        return start, len(text) if after > last.index + 1 or end == len(text) else end
    if (before < 0 or before < i - 1) and after > last.index + 1:
        # blank lines on both sides (or the document's start before it): keep those before
        end = lines[after - 1].line_end + 1
    return start, end


@rule(
    "L106",
    "two-columns",
    "Set the two columns of a -layout page one after the other instead of interleaved line by line",
    "左栏第一行文字，左栏第    右栏第一行文字，右栏第\n二行文字，左栏第三    二行文字，右栏第三\n…",
    "左栏第一行文字，左栏第\n二行文字，左栏第三\n…\n\n右栏第一行文字，右栏第\n二行文字，右栏第三\n…",
    order=3,
)
def two_column_layout(text: str, config: Config) -> Sequence[Edit | Finding]:
    # the region's lines are rewritten in reading order: the left column, a
    # blank line, the right column; no character but the gaps' spaces is lost
    note = "two columns interleaved line by line: left column first, then the right one"
    return [Edit(start, end, new, note) for start, end, new in two_columns(text)]


@rule(
    "L104",
    "merged-lines",
    "Split a line holding two elements an extraction ran together (a sentence, then an article or paragraph)",
    "……复印件或者影印件。     第十五条  预付卡机构……",
    "……复印件或者影印件。\n第十五条  预付卡机构……",
    order=5,
)
def merged_lines(text: str, config: Config) -> Sequence[Edit | Finding]:
    # the gap goes, a line break takes its place: the article starts its own line
    note = "two elements run together on one line"
    return [Edit(start, end, "\n", note) for start, end in run_together(text)]


@rule(
    "L105",
    "web-chrome",
    "Remove web page chrome printed with the document (hit counter, font switch, citation code, link)",
    "来源: 贵阳日报  发布时间: 2024-02-29 14:35   浏览次数：611次  字体:[小中大]\n\n一、工作回顾",
    "\n一、工作回顾",
    order=12,
)
def web_chrome(text: str, config: Config) -> Sequence[Edit | Finding]:
    if not may_have_chrome(text):
        return []
    lines = classify_lines(text)
    return [
        Edit(*_furniture_span(text, lines, ln), "", "web page chrome", removed=True)
        for ln in lines
        if ln.kind in (Kind.PARAGRAPH, Kind.ROW) and is_chrome(ln.body)
    ]


@rule(
    "L102",
    "broken-line",
    "Join a line cut mid-sentence (at the page width) with its continuation",
    "各市州教育局、人力资源社会保障局、住房和城乡建\n\n设厅：",
    "各市州教育局、人力资源社会保障局、住房和城乡建设厅：",
    order=20,
)
def broken_line(text: str, config: Config) -> Sequence[Edit | Finding]:
    if "\n" not in text:
        return []
    edits: list[Edit] = []
    for a, b in sentence_joins(text):
        edit = _join_edit(text, a, b, "line cut mid-sentence")
        if edit is not None:
            edits.append(edit)
    return edits


@rule(
    "L103",
    "wrapped-title",
    "Join a title wrapped over several lines (of the header, or a table's or figure's caption) into one line",
    "杭州市人民政府办公厅关于\n印发杭州市加快推进全国足球发展\n重点城市建设若干措施的通知",
    "杭州市人民政府办公厅关于印发杭州市加快推进全国足球发展重点城市建设若干措施的通知",
    order=30,
)
def wrapped_title(text: str, config: Config) -> Sequence[Edit | Finding]:
    if "\n" not in text:
        return []
    titles = may_have_title_run(text)
    captions = CAPTION_LINE_RE.search(text) is not None
    if not (titles or captions):
        return []
    lines = classify_lines(text)
    # the lines of a title run are consecutive elements, so each pair is one
    # join of the title's block (see ``structure.title_runs``)
    edits: list[Edit] = []
    for run in title_runs(lines) if titles else []:
        for a, b in pairwise(run):
            edit = _join_edit(text, a, b, "title wrapped over lines")
            if edit is not None:
                edits.append(edit)
    for a, b in caption_runs(lines) if captions else []:
        edit = _join_edit(text, a, b, "caption wrapped over lines")
        if edit is not None:
            edits.append(edit)
    return edits
