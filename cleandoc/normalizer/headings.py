"""Rule family: headings (H).

Official documents number their headings on four levels (GB/T 9704):
``一、`` / ``（一）`` / ``1.`` / ``（1）``, and regulations use ``第一章`` /
``第一条``. PDF extraction, OCR and LLMs damage these in two ways that this
family repairs: the marker of a level is written in a wrong or mixed form
(``一.`` ``(一）`` ``1. `` ``1)``), and headings come wrapped in Markdown or
bold decoration (``## 二、主要任务``, ``**一、…**``).

What counts as a wrong form is decided against the document itself, because
real documents legitimately use a few other forms consistently: the State
Council's legal database writes ``(一)`` with ASCII brackets throughout a
list, some laws number ``1．`` with a full-width point, and notes under a
table run ``1、2、3、``. A form is only changed when it cannot be right
(mixed brackets, ``一.``, ``1)``) or when it breaks the form its own list or
its own document uses for that level.

The H2xx rules are lint: they report numbering that skips or goes backwards,
a missing title or signature, and a paragraph cut off before a heading, and
change nothing.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from cleandoc.config import Config
from cleandoc.markers import (
    LEVEL_ARABIC,
    LEVEL_ARABIC_PAREN,
    LEVEL_ARTICLE,
    LEVEL_CN,
    LEVEL_CN_PAREN,
    MARKER_FIRST,
    Marker,
    find_marker,
    int_to_cn,
)
from cleandoc.model import Edit, Finding
from cleandoc.rules import rule
from cleandoc.text import HAN, HAN_RE

_SPACES = " \t\u3000"  # U+3000 IDEOGRAPHIC SPACE

# ---------------------------------------------------------------------------
# Parsing lines: indentation, Markdown hashes, bold, then the marker.
# ---------------------------------------------------------------------------

# Hashes only count as Markdown when a space follows them (``## 标题``) or a
# numbering marker does (``##一、``): ``#话题#`` and ``#1机组`` stay text.
_HASHES_RE = re.compile(r"(#{1,6})(?:[ \t]+|(?=[（(一二三四五六七八九十\d第]))")
_CLOSING_HASHES_RE = re.compile(r"[ \t]+#+[ \t]*$")
# ``**`` exactly: a run of three or more asterisks is a rule or a footnote mark.
_BOLD_RE = re.compile(r"(?<!\*)\*\*(?!\*)")


class Line(NamedTuple):
    """One line of the document, with what is at its start.

    A NamedTuple, not a frozen dataclass: it is as immutable, and every line
    of every text is built, at a quarter of the cost."""

    # line number, 0-based (shadows tuple.index on purpose: a Line is not searched as a tuple)
    index: int  # type: ignore[assignment]
    start: int  # offset of the line in the document
    text: str  # the line without its newline
    content: int  # offset in the line where the text proper starts (after indent, hashes, **)
    hashes: str  # Markdown heading hashes, "" if none
    hash_span: tuple[int, int] | None  # span (in the line) of the hashes and the spaces after them
    closing: tuple[int, int] | None  # span of closing hashes (``## 标题 ##``)
    bold: bool  # the whole line is wrapped in ``**``
    marker: Marker | None  # offsets are relative to ``content``
    blank: bool  # nothing but spaces (asked of every line by most rules, so computed once)

    @property
    def body(self) -> str:
        """The text after the marker (or after the decoration when there is none)."""
        marker = self.marker
        start = self.content + (marker.end if marker is not None else 0)
        body = self.text[start:].strip(_SPACES)
        if "**" not in body:
            return body  # no bold mark to take out (most lines)
        return _BOLD_RE.sub("", body).strip(_SPACES)

    def marker_span(self) -> tuple[int, int]:
        """Span of the marker text (without the spaces after it), in the document."""
        assert self.marker is not None
        s = self.start + self.content + self.marker.start
        return s, s + len(self.marker.text)


# A Line is a tuple: built with tuple.__new__ it skips the Python-level
# __new__ of the NamedTuple (same object, a third of the cost per line).
_new_tuple = tuple.__new__

# A line starting with none of these has no indentation, hashes or bold.
_DECORATION_FIRST = frozenset(_SPACES + "#*")
# What Markdown hashes and bold start with.
_MARKUP_FIRST = ("#", "*")


def _parse_line(index: int, start: int, text: str) -> Line:
    pos = len(text) - len(text.lstrip(_SPACES))
    if not text.startswith(_MARKUP_FIRST, pos):
        # Only indentation (the ``\u3000\u3000`` of a paragraph): no hashes or bold
        # to look for, and the line is blank when the indentation is all of it.
        marker = find_marker(text[pos:]) if pos < len(text) else None
        return _new_tuple(Line, (index, start, text, pos, "", None, None, False, marker, pos == len(text)))
    hashes = ""
    hash_span: tuple[int, int] | None = None
    closing: tuple[int, int] | None = None
    m = _HASHES_RE.match(text, pos)
    if m and m.end() == m.end(1) and find_marker(text[m.end() :]) is None:
        m = None  # ``#1机组``: a hash mark glued to text is not Markdown unless a heading number follows
    if m:
        hashes = m.group(1)
        hash_span = (pos, m.end())
        pos = m.end()
        c = _CLOSING_HASHES_RE.search(text, pos)
        if c and c.start() > pos:
            closing = c.span()
    stripped = text.rstrip(_SPACES)
    bold = text.startswith("**", pos) and stripped.endswith("**") and len(stripped) - pos > 4
    if text.startswith("**", pos) and not text.startswith("***", pos):
        pos += 2
    marker = find_marker(text[pos:])  # offsets relative to ``content``
    return Line(index, start, text, pos, hashes, hash_span, closing, bold, marker, not text.strip(_SPACES))


# The marker of each line that may start with one, in the last text parsed:
# the pipeline's next text is that text with a few edits, so most of its
# lines are found here by one dict lookup instead of a run of the marker
# pattern. Replaced at each parse, so it holds the lines of one document
# only (the cache of parse_lines holds more).
_previous_markers: dict[str, Marker | None] = {}
# Likewise the lines with indentation, hashes or bold in the last text parsed,
# by text: all but their number and offset depend on the text alone.
_previous_decorated: dict[str, Line] = {}


# Every H and D rule reads the lines of the text it is given, and the pipeline
# hands them the same text until one of them changes it: parse each text
# once. The result is a tuple of frozen lines, so sharing it is safe.
@lru_cache(maxsize=1)
def parse_lines(text: str) -> tuple[Line, ...]:
    """Every line of ``text`` with its decoration and marker."""
    global _previous_markers, _previous_decorated
    previous = _previous_markers
    previous_decorated = _previous_decorated
    markers: dict[str, Marker | None] = {}
    decorated: dict[str, Line] = {}
    lines: list[Line] = []
    append = lines.append
    start = 0
    crlf = "\r" in text
    for i, raw in enumerate(text.split("\n")):
        if not raw:  # an empty line (a third of the lines of extracted text): nothing to look at
            append(_new_tuple(Line, (i, start, raw, 0, "", None, None, False, None, True)))
            start += 1
            continue
        body = raw[:-1] if crlf and raw.endswith("\r") else raw
        first = body[:1]
        if first in _DECORATION_FIRST:
            seen = previous_decorated.get(body)
            line = _parse_line(i, start, body) if seen is None else _new_tuple(Line, (i, start, *seen[2:]))
            decorated[body] = line
            append(line)
        # Below, what _parse_line finds in a line that starts with its text
        # (most lines), without the call: this runs for every line of every text.
        elif first in MARKER_FIRST or first.isdecimal():  # may start with a marker
            marker = previous[body] if body in previous else find_marker(body)
            markers[body] = marker
            append(_new_tuple(Line, (i, start, body, 0, "", None, None, False, marker, False)))
        else:  # cannot start with a marker (see markers.MARKER_FIRST): no need to ask
            append(_new_tuple(Line, (i, start, body, 0, "", None, None, False, None, not body)))
        start += len(raw) + 1
    _previous_markers = markers
    _previous_decorated = decorated
    return tuple(lines)


@lru_cache(maxsize=1)
def numbered_lines(text: str) -> tuple[Line, ...]:
    """The lines of ``text`` that start with a marker: the sibling groups,
    H112 and H204 look at these only, and they are a few of the lines."""
    return tuple([ln for ln in parse_lines(text) if ln.marker is not None])


# ---------------------------------------------------------------------------
# Sibling groups: the items of one list, under one parent.
# ---------------------------------------------------------------------------

# Rank of a marker in the hierarchy: parts, chapters, sections, articles and
# clauses of regulations above the four levels of GB/T 9704.
_ARTICLE_RANK = {"编": 1, "篇": 1, "章": 2, "节": 3, "条": 4, "款": 5}
_LEVEL_RANK = {LEVEL_CN: 6, LEVEL_CN_PAREN: 7, LEVEL_ARABIC: 8, LEVEL_ARABIC_PAREN: 9}


def rank(marker: Marker) -> int:
    if marker.level == LEVEL_ARTICLE:
        return _ARTICLE_RANK.get(marker.kind, 4)
    return _LEVEL_RANK[marker.level]


def _quoted_runs(lines: Sequence[Line], with_quotes: Iterable[int]) -> list[tuple[int, int]]:
    """The runs ``[a, b)`` of positions in ``lines`` of the lines that start
    inside a quotation that opened on an earlier line, each as long as it
    goes (two runs never touch), given the positions of the lines that hold
    a quotation mark, in order. The text an amendment decision quotes
    (``将第三条修改为：“第三条…``) has numbering of its own, which is not the
    decision's."""
    runs: list[tuple[int, int]] = []
    depth = 0
    # Only a line with a quotation mark can change the depth (closing quotes
    # cannot take it below 0): the lines between two such lines all start
    # at the depth the first one left, and make one run.
    done = 0  # lines before this one are decided
    for i in with_quotes:
        if depth:
            if runs and runs[-1][1] == done:
                runs[-1] = (runs[-1][0], i + 1)  # the quotation goes on past a quotation mark
            else:
                runs.append((done, i + 1))
        done = i + 1
        text = lines[i].text
        opened = text.count("\u201c")  # U+201C LEFT DOUBLE QUOTATION MARK
        if depth and text.lstrip(_SPACES).startswith("\u201c"):
            opened -= 1  # a quoted paragraph goes on: each paragraph of a quotation opens with “
        depth = max(0, depth + opened - text.count("\u201d"))  # U+201D RIGHT DOUBLE QUOTATION MARK
    if depth and done < len(lines):
        if runs and runs[-1][1] == done:
            runs[-1] = (runs[-1][0], len(lines))
        else:
            runs.append((done, len(lines)))
    return runs


def sibling_groups(lines: Sequence[Line]) -> list[list[Line]]:
    """The numbered lists of the document, levels 1-4: items of one level
    under the same parent, a new list starting at each item numbered 1.

    A marker closes the lists of every lower rank (a ``二、`` ends the
    ``（一）`` list of ``一、``), so lists under different parents never mix;
    but an item that continues the number of a closed list resumes it
    (numbering that runs through sections, a hierarchy written upside down,
    ``一、`` sections holding ``第一条`` articles). Article markers
    (``第一条``) are never grouped: their numbering runs through chapters.
    Quoted text (see ``_quoted_runs``) is a scope of its own.
    """
    with_quotes = [i for i, ln in enumerate(lines) if "\u201c" in ln.text or "\u201d" in ln.text]
    scopes = _scopes(len(lines), _quoted_runs(lines, with_quotes))
    return _sibling_groups(lines, [ln for ln in lines if ln.marker is not None], scopes)


# No list open at any rank (ranks run from 1 to 9, see ``rank``).
_NO_GROUPS: tuple[None, ...] = (None,) * 10


def _sibling_groups(
    lines: Sequence[Line], numbered: Iterable[Line], scopes: Sequence[int] | None
) -> list[list[Line]]:
    """``sibling_groups`` of ``lines``, given its numbered lines and the
    quotation scope of each line (None: no line is quoted)."""
    groups: list[list[Line]] = []
    # The open list and the last list of each rank, by quotation scope. Lists
    # indexed by rank, not a dict keyed by (scope, rank): closing the lists of
    # every lower rank is then one slice assignment instead of a scan of the
    # keys, for every numbered line.
    open_by_scope: dict[int, list[list[Line] | None]] = {}
    last_by_scope: dict[int, list[list[Line] | None]] = {}
    for line in numbered:
        scope = scopes[line.index] if scopes is not None else -1
        open_groups = open_by_scope.get(scope)
        if open_groups is None:
            open_groups = open_by_scope[scope] = [None] * len(_NO_GROUPS)
            last_groups = last_by_scope[scope] = [None] * len(_NO_GROUPS)
        else:
            last_groups = last_by_scope[scope]
        m = line.marker
        assert m is not None
        level = m.level
        r = rank(m)
        open_groups[r + 1 :] = _NO_GROUPS[r + 1 :]
        if level == LEVEL_ARTICLE:
            open_groups[r] = None
            continue
        current = open_groups[r]
        last = last_groups[r]
        number = m.number
        if number != 1 and last is not None and _number(last[-1]) + 1 == number:
            current = last
        elif current is None or number == 1 or _continues_inline(lines, line, m) or _new_list(current, m):
            current = []
            groups.append(current)
        open_groups[r] = last_groups[r] = current
        current.append(line)
    return groups


def _scopes(n: int, runs: Sequence[tuple[int, int]]) -> list[int] | None:
    """The quotation scope of each of ``n`` lines given their quoted
    ``runs`` (``_quoted_runs``): the line that starts the run a line is in,
    -1 outside quotations; None when no line is quoted (every scope is -1).
    A line's number is its position, and two runs never touch, so a run of
    quoted lines is the scope of the line that starts it."""
    if not runs:
        return None
    scopes = [-1] * n
    for a, b in runs:
        scopes[a:b] = [a] * (b - a)
    return scopes


def _lines_with_quotes(text: str) -> list[int]:
    """The numbers of the lines of ``text`` that hold a quotation mark, in
    order: found by searching the text for the next mark of each kind,
    skipping to the next line at each hit, instead of testing every line
    (most hold none). Faster than a pattern, whose search steps one
    character at a time."""
    found: list[int] = []
    find = text.find
    left = find("\u201c")  # the next U+201C LEFT DOUBLE QUOTATION MARK, -1: none left
    right = find("\u201d")  # the next U+201D RIGHT DOUBLE QUOTATION MARK
    index = 0  # the line number of ``pos``
    pos = 0
    while True:
        if left < 0:
            if right < 0:
                break
            at = right
        elif right < 0 or left < right:
            at = left
        else:
            at = right
        index += text.count("\n", pos, at)
        found.append(index)
        pos = find("\n", at)  # counted as the next line starts
        if pos < 0:
            break
        if 0 <= left < pos:  # on the line just found: look past it
            left = find("\u201c", pos)
        if 0 <= right < pos:
            right = find("\u201d", pos)
    return found


@lru_cache(maxsize=1)
def groups_of(text: str) -> tuple[tuple[Line, ...], ...]:
    """``sibling_groups`` of the lines of ``text``, computed once per text
    (H111, H201 and the D rules all ask for them)."""
    numbered = numbered_lines(text)
    if not numbered:
        return ()
    lines = parse_lines(text)
    scopes: list[int] | None = None  # no line is quoted: every scope is -1
    # Without an opening quote no line is quoted (see _quoted_runs): the
    # scopes need no pass over the lines.
    if "\u201c" in text:  # U+201C LEFT DOUBLE QUOTATION MARK
        scopes = _scopes(len(lines), _quoted_runs(lines, _lines_with_quotes(text)))
    return tuple(map(tuple, _sibling_groups(lines, numbered, scopes)))


def _new_list(group: Sequence[Line], m: Marker) -> bool:
    """An item written differently from the open list whose number jumps
    ahead of it (``384．`` after ``3、``) starts another list; one that
    repeats or steps back (``(三)`` after ``（三）``) is the same list garbled."""
    prev = group[-1].marker
    assert prev is not None
    return m.form != prev.form and m.number > prev.number + 1


def _number(line: Line) -> int:
    return line.marker.number if line.marker is not None else 0


# ---------------------------------------------------------------------------
# Marker forms.
# ---------------------------------------------------------------------------

# The standard form of each level and the other forms a real document may
# use consistently (so they are kept when a whole list or the document uses
# them); any other form is wrong. ``#`` stands for the number.
# U+3001 IDEOGRAPHIC COMMA, U+FF08/U+FF09 FULLWIDTH PARENTHESES, U+FF0E FULLWIDTH FULL STOP.
CANONICAL_FORM = {LEVEL_CN: "#、", LEVEL_CN_PAREN: "（#）", LEVEL_ARABIC: "#.", LEVEL_ARABIC_PAREN: "（#）"}
ALTERNATIVE_FORMS = {
    LEVEL_CN: frozenset[str](),
    LEVEL_CN_PAREN: frozenset({"(#)"}),
    LEVEL_ARABIC: frozenset({"#、", "#．"}),
    LEVEL_ARABIC_PAREN: frozenset({"(#)"}),
}
# Forms that are markers only when the list around them says so: ``一，`` is
# also how a sentence can start.
_WEAK_FORMS = frozenset({"#，", "#,"})
# What a marker written in a weak form ends with (U+FF0C FULLWIDTH COMMA): a
# form keeps the last character of its marker unless that is a digit, so a
# marker ending otherwise need not have its form worked out to be told strong.
_WEAK_ENDS = ("，", ",")


def _majority_form(level: int, forms: Sequence[str]) -> str:
    """The form a list of ``level`` whose items are written in ``forms`` (the
    form of each item) should be written in: an alternative form that most of
    its items use (a ``(一)`` list stays ``(一)``), else the standard form."""
    alternatives = ALTERNATIVE_FORMS[level]
    if not alternatives:
        return CANONICAL_FORM[level]  # level 1 has no other form: nothing to count
    # Only alternative forms are counted; at most one can hold a majority.
    for form in alternatives:
        if 2 * forms.count(form) > len(forms):
            return form
    return CANONICAL_FORM[level]


def _form_of(line: Line) -> str:
    assert line.marker is not None
    return line.marker.form


def _level(line: Line) -> int:
    assert line.marker is not None
    return line.marker.level


def _confirmed(group: Sequence[Line], i: int) -> bool:
    """Whether the numbers around item ``i`` make it a list item."""
    n = _number(group[i])
    return (i > 0 and _number(group[i - 1]) == n - 1) or (
        i + 1 < len(group) and _number(group[i + 1]) == n + 1
    )


def write_form(form: str, level: int, number: int) -> str:
    """``form`` with ``number`` in it: Chinese numerals for levels 1 and 2."""
    return form.replace("#", int_to_cn(number) if level in (LEVEL_CN, LEVEL_CN_PAREN) else str(number))


def _form_decisions(groups: Sequence[Sequence[Line]]) -> Iterator[tuple[Line, str, str]]:
    """Each marker line whose form must change: the line, its new marker, why."""
    for group in groups:
        level = _level(group[0])
        # The form of each item, asked once: the list's form is counted from
        # them and each item is compared with it.
        forms = [_form_of(line) for line in group]
        target = _majority_form(level, forms)
        if forms.count(target) == len(forms):
            continue  # every item is written in the list's form (most lists)
        for i, line in enumerate(group):
            form = forms[i]
            if form == target or (form in _WEAK_FORMS and not _confirmed(group, i)):
                continue
            m = line.marker
            assert m is not None
            new = write_form(target, level, m.number)
            if target == CANONICAL_FORM[level]:
                why = f"standard form of this level is {write_form(target, level, 1)}"
            else:
                why = f"the other items of this list are written {write_form(target, level, 1)}"
            yield line, new, why


@rule(
    "H111",
    "marker-form",
    "Write heading numbers in the standard form of their level when the form is wrong or inconsistent",
    "(一）加强领导",
    "（一）加强领导",
    order=30,
)
def marker_form(text: str, config: Config) -> Sequence[Edit | Finding]:
    edits: list[Edit | Finding] = []
    for line, new, why in _form_decisions(groups_of(text)):
        assert line.marker is not None
        start, end = line.marker_span()
        if text[start:end] != new:
            edits.append(Edit(start, end, new, note=f"{line.marker.text} -> {new}: {why}"))
    return edits


# A heading's body starts right after its marker when it is Chinese text.
_BODY_START_RE = re.compile(f"[{HAN}“‘《（〔【]")  # U+201C U+2018 U+300A U+FF08 U+3014 U+3010


# ``1. 1　编制目的``: a section number ``1.1`` that got a space after its
# point, told apart from an item ``1.`` whose text starts with a number by
# the alignment gap (U+3000 IDEOGRAPHIC SPACE, a tab, two spaces) after it,
# or by being a multi-level number itself (``5. 1.2 省级``).
_SECTION_TAIL_RE = re.compile(
    f"\\d{{1,2}}(?:\u3000|\t|  )[ \t\u3000]*[{HAN}]"  # 1. 1　编制目的
    f"|\\d{{1,2}}(?:\\.\\d{{1,2}})+[ \t\u3000]+[{HAN}]"  # 5. 1.2 省级人民政府 (a multi-level number)
)


@rule(
    "H112",
    "marker-space",
    "No space between a heading number and its Chinese text",
    "1. 夯实基础",
    "1.夯实基础",
    order=40,
)
def marker_space(text: str, config: Config) -> Sequence[Edit | Finding]:
    edits: list[Edit | Finding] = []
    for line in numbered_lines(text):
        m = line.marker
        assert m is not None
        if m.level == LEVEL_ARTICLE:
            continue  # 第一条 and its text are separated by a space on purpose
        gap_start = line.content + m.start + len(m.text)
        gap_end = line.content + m.end
        if gap_end == gap_start:
            continue
        if _BODY_START_RE.match(line.text, gap_end):
            note = f"space after {m.text}"
        elif m.text.endswith(".") and _SECTION_TAIL_RE.match(line.text, gap_end):
            note = f"section number {m.text}{line.text[gap_end]} split by a space"
        else:
            continue
        edits.append(Edit(line.start + gap_start, line.start + gap_end, "", note=note))
    return edits


# ---------------------------------------------------------------------------
# Markdown and bold decoration.
# ---------------------------------------------------------------------------

_TITLE_WORDS = re.compile(
    r"(?:通知|通报|决定|意见|办法|规定|方案|批复|报告|请示|函|公告|通告|命令|令|决议|条例|细则|解释|"
    r"规则|纲要|规划|答复|复函|纪要|议案|计划|要点|指引|指南|章程|措施|公报|批示|说明|名单|标准)"
    r"(?:（[^）]*）)?$"
)
_DATE_LINE = re.compile(
    r"^[\d〇零一二三四五六七八九十]{2,4}年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日$"
)
_DOC_NUMBER = re.compile(r"〔\d{4}〕|\[\d{4}\]|［\d{4}］|第\d+号$")
_ENDS_SENTENCE = "，。；：！？,;:!?"  # U+FF0C U+3002 U+FF1B U+FF1A U+FF01 U+FF1F
# Any of _ENDS_SENTENCE, found in one scan of a line instead of one per character.
_SENTENCE_END_RE = re.compile(f"[{re.escape(_ENDS_SENTENCE)}]")


def _title_like(line: Line) -> bool:
    body = line.body
    return (
        line.marker is None
        and 4 <= len(body) <= 120
        and body[-1] not in _ENDS_SENTENCE
        and "。" not in body
        and not _DATE_LINE.match(body)
        and not _DOC_NUMBER.search(body)
        and HAN_RE.search(body) is not None
    )


def _first_text_lines(lines: Sequence[Line], n: int) -> list[Line]:
    """The first ``n`` non-blank lines (the head of the document), without
    going through the rest of it."""
    return list(itertools.islice((ln for ln in lines if not ln.blank), n))


def title_index(lines: Sequence[Line]) -> int | None:
    """The line holding the document's title, if one can be told: a
    Markdown heading without a number near the top, else a line near the top
    naming a kind of document (``…的通知``), else the first line if it reads
    like a title."""
    head = _first_text_lines(lines, 10)
    for ln in head:
        if ln.hashes and ln.marker is None:
            return ln.index
    for ln in head:
        if _title_like(ln) and (_TITLE_WORDS.search(ln.body) or "关于" in ln.body):
            return ln.index
    if head and _title_like(head[0]):
        return head[0].index
    return None


def _heading_like(line: Line) -> bool:
    """A short line without a sentence in it: a heading, not a list item or paragraph."""
    body = line.body
    return len(body) <= 40 and not _SENTENCE_END_RE.search(body[:-1]) and body[-1:] not in "，；：,;:"


def _markdown_depths(lines: Sequence[Line], marked_only: bool = False) -> dict[int, int]:
    """Line index -> number of ``#`` in markdown style: title 1, then one more per level.
    ``marked_only``: only lines that already are Markdown headings count (a
    Markdown source's own headings, see ``markdown_heading``)."""
    title = title_index(lines)
    if marked_only and title is not None and not lines[title].hashes:
        title = None
    heads: dict[int, int | None] = {}  # index -> rank (None: decorated, level unknown)
    for ln in lines:
        if ln.blank or ln.index == title or (marked_only and not ln.hashes):
            continue
        m = ln.marker
        decorated = bool(ln.hashes) or ln.bold
        if m is not None and (m.level != LEVEL_ARTICLE or m.kind in "编章节"):
            if decorated or _heading_like(ln):
                heads[ln.index] = rank(m)
        elif decorated and m is None and (ln.hashes or _heading_like(ln)):
            heads[ln.index] = None
    ranks = sorted({r for r in heads.values() if r is not None})
    depths = {i: min(6, 2 + ranks.index(r)) if r is not None else 2 for i, r in heads.items()}
    if title is not None:
        depths[title] = 1
    return depths


@rule(
    "H101",
    "markdown-heading",
    "Remove Markdown heading marks (plain style) or make them one consistent hierarchy (markdown style)",
    "## 二、主要任务",
    "二、主要任务",
    order=10,
)
def markdown_heading(text: str, config: Config) -> Sequence[Edit | Finding]:
    if config.heading_style == "markdown":
        return list(_render_markdown(parse_lines(text)))
    if config.heading_style == "auto":
        # The pipeline leaves "auto" only for a Markdown source: its own
        # headings stay headings, their levels made one hierarchy; no line the
        # author did not mark becomes one (that would be a new structure).
        return list(_render_markdown(parse_lines(text), marked_only=True)) if "#" in text else []
    if "#" not in text:
        return []  # nothing to remove, known without parsing
    edits: list[Edit | Finding] = []
    for ln in parse_lines(text):
        if ln.hash_span is None:
            continue
        s, e = ln.hash_span
        edits.append(Edit(ln.start + s, ln.start + e, "", note=f"Markdown heading mark {ln.hashes}"))
        if ln.closing:
            cs, ce = ln.closing
            edits.append(Edit(ln.start + cs, ln.start + ce, "", note="closing Markdown heading mark"))
    return edits


def _render_markdown(lines: Sequence[Line], marked_only: bool = False) -> Iterator[Edit]:
    depths = _markdown_depths(lines, marked_only)
    for ln in lines:
        depth = depths.get(ln.index)
        prefix_start = len(ln.text) - len(ln.text.lstrip(_SPACES))
        if depth is None:
            if ln.hash_span and not marked_only:
                s, e = ln.hash_span
                yield Edit(ln.start + s, ln.start + e, "", note="not a heading: Markdown mark removed")
            continue
        want = "#" * depth + " "
        # Everything between the indentation and the text proper is rewritten,
        # so the same heading comes out the same however it was decorated.
        content = ln.content
        end = len(ln.text.rstrip(_SPACES))
        tail_start = end
        if ln.closing:
            tail_start = ln.closing[0]
        elif ln.bold:
            tail_start = end - 2
        head_old = ln.text[prefix_start:content]
        if head_old != want:
            yield Edit(ln.start + prefix_start, ln.start + content, want, note=f"heading depth {depth}")
        if tail_start < end:
            yield Edit(ln.start + tail_start, ln.start + end, "", note="closing decoration of a heading")


@rule(
    "H102",
    "bold-marker",
    "Remove Markdown bold marks ** (plain style; in markdown style only around headings)",
    "**一、工作目标**",
    "一、工作目标",
    order=20,
)
def bold_marker(text: str, config: Config) -> Sequence[Edit | Finding]:
    if config.heading_style != "plain" or "**" not in text:
        return []  # headings are rendered by H101; bold in running text is the author's
    edits: list[Edit | Finding] = []
    for m in _BOLD_RE.finditer(text):
        edits.append(Edit(m.start(), m.end(), "", note="Markdown bold mark"))
    return edits


# ---------------------------------------------------------------------------
# Lint.
# ---------------------------------------------------------------------------


def _marker_in(line: Line, number: int, form: str) -> bool:
    """Whether ``line`` writes the marker ``number`` in ``form`` somewhere
    inside it (``注：1、坐标…`` starts a list the next lines continue)."""
    cn = form.startswith("（") or form.startswith("(")
    num = str(number)
    texts = {form.replace("#", num)}
    if cn or form in ("#、", "#，", "#,"):
        texts.add(form.replace("#", int_to_cn(number)))
    inside = line.text[line.content + 1 :]  # not the line's own marker at its start
    return any(t in inside for t in texts)


@rule(
    "H201",
    "numbering-sequence",
    "Report heading numbers that skip, repeat or go backwards within a list (lint)",
    "（一）… （三）…",
    "warning: （三） follows （一）",
    order=100,
)
def numbering_sequence(text: str, config: Config) -> Sequence[Edit | Finding]:
    lines = parse_lines(text)
    findings: list[Edit | Finding] = []
    for group in groups_of(text):
        prev: Line | None = None
        for i, line in enumerate(group):
            m = line.marker
            assert m is not None
            if m.text.endswith(_WEAK_ENDS) and m.form in _WEAK_FORMS and not _confirmed(group, i):
                continue  # ``十，是…``: a sentence, not an item
            if prev is None:
                if m.number != 1 and not _continues_inline(lines, line, m):
                    findings.append(Finding(line.start, f"list starts at {m.text} instead of 1"))
            else:
                pm = prev.marker
                assert pm is not None
                if m.number == pm.number + 1 or _continues_inline(lines, line, m, after=prev.index):
                    pass
                elif m.number == pm.number:
                    findings.append(Finding(line.start, f"{m.text} repeats the number of the item before"))
                elif m.number < pm.number:
                    findings.append(
                        Finding(line.start, f"{m.text} follows {pm.text}: numbering goes backwards")
                    )
                else:
                    findings.append(Finding(line.start, f"{m.text} follows {pm.text}: numbering skips"))
            prev = line
    return findings


def _continues_inline(lines: Sequence[Line], line: Line, m: Marker, after: int = -1) -> bool:
    """Whether the item before ``m`` sits inside a line between ``after`` and ``line``."""
    for i in range(line.index - 1, max(after, line.index - 4), -1):
        if _marker_in(lines[i], m.number - 1, m.form):
            return True
    return False


@rule(
    "H202",
    "missing-title",
    "Report a document that opens with body text, an addressee or a heading instead of a title (lint)",
    "各市州教育局：",
    "warning: no title line",
    order=110,
)
def missing_title(text: str, config: Config) -> Sequence[Edit | Finding]:
    head = _first_text_lines(parse_lines(text), 3)
    if len(head) < 3:
        return []  # a fragment, not a document
    if any(_title_like(ln) for ln in head[:3]):
        return []
    return [Finding(head[0].start, "no title line at the top of the document")]


_ADDRESSEE_END = "：:"  # U+FF1A FULLWIDTH COLON
# Its characters one by one, made once: a tuple, so that an empty body is not in it.
_ADDRESSEE_ENDS = tuple(_ADDRESSEE_END)


def _addressee_index(lines: Sequence[Line]) -> int | None:
    """The addressee line (``各市州教育局：``) near the top, if any."""
    for ln in _first_text_lines(lines, 6):
        body = ln.body
        if (
            ln.marker is None
            and body[-1:] in _ADDRESSEE_ENDS
            and len(body) <= 60
            and "。" not in body
            and "如下" not in body
            and not _PREAMBLE_START.match(body)
        ):
            return ln.index
    return None


# Lines ending in a colon that open the body rather than name an addressee.
_PREAMBLE_START = re.compile(r"(?:根据|为了?|按照|依照|依据|经|现|鉴于|关于)")
# A date at the start of a line near the top: the document states its date in
# a header (``2020年12月23日 最高人民法院审判委员会…通过``) and needs no signature.
_HEADER_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日")


@rule(
    "H203",
    "missing-signature",
    "Report a letter-style document (one with an addressee) that has no date line after its body (lint)",
    "各市州教育局：…（no date at the end）",
    "warning: no signature date",
    order=120,
)
def missing_signature(text: str, config: Config) -> Sequence[Edit | Finding]:
    lines = parse_lines(text)
    addressee = _addressee_index(lines)
    if addressee is None:
        return []
    if any(_HEADER_DATE.match(ln.body) for ln in lines[:addressee]):
        return []
    for ln in lines[addressee + 1 :]:
        # a date line ends in 日: a line without one is not asked for its body
        if "日" in ln.text and _DATE_LINE.match(_signature_date(ln.body)):
            return []
    last = next((ln for ln in reversed(lines) if not ln.blank), lines[-1])
    return [Finding(last.start, "no signature date after the body of a document with an addressee")]


def _signature_date(body: str) -> str:
    """The date of a signature line; the agency may stand on the same line."""
    parts = body.replace("\u3000", " ").split()
    return parts[-1] if parts else ""


_CLOSING = "。！？；：…”’）》」』〕】!?;:)"  # full-width closers, see _ENDS_SENTENCE for code points
_PROSE_RE = re.compile("[，。；、]")  # U+FF0C U+3002 U+FF1B U+3001: a sentence, not a title


@rule(
    "H204",
    "cut-paragraph",
    "Report a paragraph that stops without closing punctuation right before a heading (lint)",
    "…相关职业（next line）2.培育…",
    "warning: paragraph cut off",
    order=130,
)
def cut_paragraph(text: str, config: Config) -> Sequence[Edit | Finding]:
    lines = parse_lines(text)
    findings: list[Edit | Finding] = []
    # Each numbered line against the non-blank line before it: only a line
    # with a marker (``b``) can be the heading that cuts a paragraph (``a``).
    for b in numbered_lines(text):
        bm = b.marker
        assert bm is not None
        if bm.level == LEVEL_ARTICLE and bm.kind == "条":
            continue
        a = _previous_text_line(lines, b.index)
        if a is None:
            continue
        # Cheapest test first: most paragraphs before a heading are closed.
        # The body is the end of the line without its spaces and bold marks,
        # so it is no longer than the line and, unless empty, ends with the
        # line's last character when that is a closer (no closer is a space or
        # ``*``): the line tells this without taking its body out.
        end = len(a.text.rstrip(_SPACES))
        if end < 15 or a.text[end - 1] in _CLOSING:
            continue
        body = a.body
        if len(body) < 15 or body[-1] in _CLOSING:
            continue
        if not _PROSE_RE.search(body) or _HEADER_DATE.match(body) or _heading_like(a):
            continue
        if a.marker is not None and rank(a.marker) < rank(bm):
            continue  # a heading followed by its first child, not a paragraph cut short
        findings.append(Finding(a.start + end, "paragraph ends without punctuation before a heading"))
    return findings


def _previous_text_line(lines: Sequence[Line], index: int) -> Line | None:
    """The last non-blank line before line ``index``, if any."""
    for i in range(index - 1, -1, -1):
        if not lines[i].blank:
            return lines[i]
    return None
