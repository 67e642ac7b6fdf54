"""Run the enabled rules over a text until nothing changes, and place every
applied edit in the original input.

Each rule that proposes edits becomes a *stage*: its edits are applied to the
stage's input and remembered as an offset map, so a position in any later
text can be mapped back through the stages to the original input. This is
what lets the report say ``line:col`` in the file the user has, even for an
edit made after lines were joined above it.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate, chain, islice, repeat
from operator import attrgetter, le

from cleandoc import verbatim
from cleandoc.config import Config
from cleandoc.model import Change, Diagnostic, Edit, Finding, Result, build_many
from cleandoc.rules import Rule, all_rules, enabled_codes, resolved

# Rules enable each other (a join that exposes a space that exposes a
# half-width comma), and line repair cascades: joined lines sharpen the
# document's own evidence of its page width, which exposes further cuts (a
# long document of many sources needs 3 passes; it needed 8 before line repair
# judged a piece by the paragraph it continues). From the second pass on, a
# rule that found nothing to do on the current text (no rule has changed it
# since) is skipped; a document still changing after this many passes is
# reported by the idempotency tests, not looped on forever.
#
# Line repair is not given passes of its own before spacing's S103 drops the
# indentation: the text that comes out must be one no rule changes (`fix`
# then `check` exits 0), so L102 on the de-indented text has the last word
# whatever the order, and a join that only indentation kept apart is made
# then. What line repair knows from indentation must therefore be known
# without it too (a heading's text under it, structure.py): settling the line
# rules first changed no output of the dirty corpus.
MAX_PASSES = 12

# The bookkeeping handles a stage's edits together: one pass applies them and
# collects what the changes are made of, one walk through the stage maps
# places them all, and the changes are built field by field (model.build_many).
# One stage can hold 100,000 edits (D101 on a looping list), and its cost and
# memory per edit must not grow with that.
_NEW = attrgetter("new")
_NOTE = attrgetter("note")
_REMOVED = attrgetter("removed")
_START_END = attrgetter("start", "end")
_NEWLINE = re.compile("\n")

# Below this many changes in a stage, plain Change(...) calls are cheaper than
# setting up the field-by-field build.
_BATCH_MIN = 8


class RuleBug(RuntimeError):
    """A rule proposed edits that overlap or fall outside its text."""


@dataclass(slots=True)  # not frozen: frozen __init__ costs 0.3 us per stage more
class _StageMap:
    """Where one stage's edits sit in its output, and how to get back to its input.

    Edit i's output is ``[out_starts[i], out_ends[i])``; ``back[i]`` is what
    to add to a position after it (and before the next edit) to get its
    position in the input: its input end minus its output end. Its input
    start is its output start plus ``back[i - 1]`` (0 for the first edit),
    as the text between two edits is not changed. Arrays of machine integers
    rather than lists of int objects: 24 bytes per edit for the whole run.
    """

    out_starts: array[int]
    out_ends: array[int]
    back: array[int]

    def to_input(self, pos: int) -> int:
        """Where ``pos`` of the output was in the input (a position inside an
        edit's output maps into that edit's input, at most to its end)."""
        i = bisect_right(self.out_starts, pos) - 1
        if i < 0:
            return pos
        return self._within(i, pos)

    def _within(self, i: int, pos: int) -> int:
        """``to_input`` of a position at or after the start of edit i's output."""
        out_end = self.out_ends[i]
        if pos >= out_end:
            return pos + self.back[i]
        out_start = self.out_starts[i]
        in_start = out_start + (self.back[i - 1] if i else 0)
        return in_start + min(pos - out_start, out_end + self.back[i] - in_start)

    def to_input_sorted(self, positions: list[int]) -> list[int]:
        """``to_input`` of each of the sorted ``positions`` (the result is sorted
        too: ``to_input`` never decreases). Positions before the first edit do
        not move and those after the last one all move by the same amount, so
        only the positions among the edits need a search, and each search
        starts where the previous one ended."""
        out_starts, out_ends, back = self.out_starts, self.out_ends, self.back
        if not out_starts or not positions or positions[-1] < out_starts[0]:
            return positions  # all before the first edit (or nothing to map)
        head = bisect_left(positions, out_starts[0])
        tail = bisect_left(positions, out_ends[-1], head)
        mapped = positions[:head]
        i = 0
        for pos in islice(positions, head, tail):
            i = bisect_right(out_starts, pos, i) - 1
            # the usual case inline: after the edit's output, not inside it
            mapped.append(pos + back[i] if pos >= out_ends[i] else self._within(i, pos))
        mapped += map(back[-1].__add__, islice(positions, tail, None))
        return mapped


@dataclass(slots=True)
class _Applied:
    """One stage's edits applied: the new text, its map, and the edits that
    changed something (no-op edits are dropped) with their starts and the
    text each one replaced."""

    text: str
    stage_map: _StageMap
    edits: Sequence[Edit]
    starts: list[int]
    olds: list[str]


def _apply_in_order(text: str, edits: Sequence[Edit], skip_noops: bool) -> _Applied | Edit:
    """Apply ``edits`` in the order given, in one pass that also builds the
    stage map and the columns the changes are made from; or return the first
    edit that overlaps the one before it or falls outside ``text``."""
    parts: list[str] = []
    starts: list[int] = []
    olds: list[str] = []
    skipped: list[int] = []  # indices of no-op edits (rules should not make any)
    out_starts: array[int] = array("q")
    out_ends: array[int] = array("q")
    back: array[int] = array("q")
    pos = 0  # end of the last edit applied
    shift = 0  # how much longer the output is than the input so far
    length = len(text)
    for k, e in enumerate(edits):
        start, end, new = e.start, e.end, e.new
        old = text[start:end]
        if skip_noops and old == new:
            skipped.append(k)
            continue
        if start < pos or end < start or end > length:
            return e
        parts.append(text[pos:start])
        parts.append(new)
        out_starts.append(start + shift)
        shift += len(new) - len(old)
        out_ends.append(end + shift)
        back.append(-shift)
        starts.append(start)
        olds.append(old)
        pos = end
    parts.append(text[pos:])
    if skipped:
        drop = set(skipped)
        edits = [e for k, e in enumerate(edits) if k not in drop]
    return _Applied("".join(parts), _StageMap(out_starts, out_ends, back), edits, starts, olds)


def _rule_bug(code: str, edit: Edit) -> RuleBug:
    return RuleBug(f"rule {code} proposed an overlapping or out-of-range edit {edit!r}")


def apply_edits(text: str, edits: Sequence[Edit], code: str = "?") -> tuple[str, _StageMap]:
    """Apply sorted, non-overlapping edits; return the new text and its map."""
    applied = _apply_in_order(text, edits, skip_noops=False)
    if isinstance(applied, Edit):
        raise _rule_bug(code, applied)
    return applied.text, applied.stage_map


class _Locator:
    """Maps offsets of any stage back to line/col of the original input."""

    def __init__(self, original: str) -> None:
        self._original = original
        self._line_starts: array[int] | None = None  # made when first needed
        self._maps: list[_StageMap] = []

    def push(self, stage_map: _StageMap) -> None:
        self._maps.append(stage_map)

    def _starts(self) -> array[int]:
        """Offset of the first character of every line of the original."""
        if self._line_starts is None:
            # the end of every newline, found in C without making the lines
            self._line_starts = array("q", [0])
            self._line_starts.extend(map(re.Match.end, _NEWLINE.finditer(self._original)))
        return self._line_starts

    def line_cols(self, positions: list[int]) -> tuple[list[int], list[int]]:
        """1-based lines and columns in the original input of the sorted
        ``positions`` of the current stage's text."""
        for stage_map in reversed(self._maps):
            positions = stage_map.to_input_sorted(positions)
        starts = self._starts()
        lines = list(map(bisect_right, repeat(starts), positions))
        cols = [pos - starts[line - 1] + 1 for pos, line in zip(positions, lines, strict=True)]
        return lines, cols

    def line_cols_any(self, positions: list[int]) -> list[tuple[int, int]]:
        """``line_cols`` of positions in any order, as (line, col) pairs in that order."""
        if all(map(le, positions, islice(positions, 1, None))):
            return list(zip(*self.line_cols(positions), strict=True))
        order = sorted(range(len(positions)), key=positions.__getitem__)
        lines, cols = self.line_cols([positions[k] for k in order])
        placed: list[tuple[int, int]] = [(0, 0)] * len(positions)
        for k, line, col in zip(order, lines, cols, strict=True):
            placed[k] = (line, col)
        return placed


def enabled_rules(config: Config) -> list[Rule]:
    """The rules ``config`` runs, in order (its selectors resolved by the rule table)."""
    codes = enabled_codes(config)
    return [r for r in all_rules() if r.code in codes]


def _rule_config(config: Config) -> Config:
    return _rule_config_for(config, enabled_codes(config))


@lru_cache(maxsize=64)
def _rule_config_for(config: Config, codes: frozenset[str]) -> Config:
    """What the rules see: selectors resolved to codes, and the heading style
    ``auto`` made the one of the source: ``plain`` for plain text; for a
    Markdown source it stays ``auto``, which the heading rules read as "keep
    the source's own Markdown headings, levels made consistent". Remembered
    per set of enabled ``codes`` too, so a changed rule table is not answered
    from an older one."""
    config = resolved(config)
    if config.heading_style == "auto" and not config.markdown:
        config = replace(config, heading_style="plain")
    return config


def _keep_out(edits: list[Edit], spans: list[tuple[int, int]]) -> list[Edit]:
    """``edits`` without those that touch a protected span (``verbatim.protected``):
    a replacement that overlaps one, an insertion at or inside one."""
    ends = [e for _, e in spans]
    kept = []
    for edit in edits:
        i = bisect_right(ends, edit.start)
        if i < len(spans):
            start = spans[i][0]
            if (edit.end > start) if edit.end > edit.start else (edit.start >= start):
                continue
        kept.append(edit)
    return kept


def _moved(regions: list[tuple[int, int]], applied: _Applied) -> list[tuple[int, int]]:
    """``regions`` in the text after ``applied``: each moves by the growth of
    the edits before it. Where an edit rewrote part of a region (only a layout
    rule may, and only an inline span of the page it set anew, see
    ``_LAYOUT_RULES``; a span may hold a verbatim block next to it), what is
    left of the region outside the edit stays protected."""
    starts = applied.starts
    ends = [start + len(old) for start, old in zip(starts, applied.olds, strict=True)]
    growth = [0, *accumulate(len(e.new) - len(o) for e, o in zip(applied.edits, applied.olds, strict=True))]

    def at(pos: int) -> int:  # a position outside every edit, in the new text
        return pos + growth[bisect_left(starts, pos)]

    moved = []
    for s, e in regions:
        i = bisect_left(starts, s)
        if i and ends[i - 1] > s:
            i -= 1  # an edit that starts before the region reaches into it
        elif i == len(starts) or starts[i] >= e:
            moved.append((at(s), at(e)))  # the usual case: no edit inside
            continue
        pos = s
        while i < len(starts) and starts[i] < e:
            if starts[i] > pos:
                moved.append((at(pos), at(starts[i])))
            pos = max(pos, ends[i])
            i += 1
        if pos < e:
            moved.append((at(pos), at(e)))
    return moved


# Rules that set a region of lines anew as a page laid them out (L106: the two
# columns of a -layout page, one after the other; L101: its page numbers and
# headers; L103: a title centred over two lines). The indentation of such a
# page's lines is where pdftotext put each column, not Markdown syntax, so in
# a Markdown source (a PDF's extraction saved as .md) only the verbatim blocks
# (table rows, fences, comments, front matter) keep these rules out, not the
# protected inline spans: with them, every region of a side column was kept
# interleaved, as nearly each of its lines is indented.
_LAYOUT_RULES = frozenset({"L101", "L103", "L106"})


class _Run:
    """The state of cleaning one document: the current text, the stages
    applied so far, and what each rule last found."""

    def __init__(
        self,
        text: str,
        config: Config,
        regions: list[tuple[int, int]] | None = None,
        blocks: list[tuple[int, int]] | None = None,
    ) -> None:
        self.config = config
        self.text = text
        self.regions = regions or []  # protected spans (verbatim.protected) in the current text
        # the verbatim blocks among them, each with the line break before it:
        # what keeps out a layout rule (_LAYOUT_RULES)
        self.blocks = blocks or []
        self.stage = 0
        self.locator = _Locator(text)
        # the changes of each stage: one list per stage, joined at the end,
        # so a stage of 100,000 changes is not copied into a growing list
        self.stage_changes: list[list[Change]] = []
        # Rules are pure: one that found nothing to do at stage N finds
        # nothing again while the text is still that of stage N, so the
        # confirming pass only re-runs the rules that saw an older text.
        self.idle_at: dict[str, int] = {}
        # Warnings of a run that also made edits are about what it did
        # ("numbers left as they are") and are kept; a pure lint run's
        # findings are replaced by the rule's latest run, which at the fixed
        # point saw the final text, so no warning speaks of numbering a later
        # rule has since repaired.
        self.acting: dict[tuple[str, int, str], Diagnostic] = {}
        self.latest: dict[str, list[Diagnostic]] = {}

    def run_rule(self, r: Rule) -> bool:
        """Run ``r`` once on the current text; return whether it changed it."""
        code = r.code
        if self.idle_at.get(code) == self.stage:
            return False
        text = self.text
        proposed = r.fix(text, self.config)
        if not proposed:  # most runs: nothing to place, apply or record
            self.latest[code] = []
            self.idle_at[code] = self.stage
            return False
        edits = [p for p in proposed if isinstance(p, Edit)]
        findings = [f for f in proposed if isinstance(f, Finding)] if len(edits) < len(proposed) else []
        if self.regions:
            edits = _keep_out(edits, self.blocks if code in _LAYOUT_RULES else self.regions)
        self.latest[code] = (
            [
                Diagnostic(code, r.name, line, col, f.message)
                for f, (line, col) in zip(
                    findings, self.locator.line_cols_any([f.offset for f in findings]), strict=True
                )
            ]
            if findings
            else []
        )
        applied = _apply_in_order(text, edits, skip_noops=True)
        if isinstance(applied, Edit):
            # Rules may return edits in any order: sort them as documented
            # (edits that apply in the order given are already in this order).
            edits.sort(key=_START_END)
            applied = _apply_in_order(text, edits, skip_noops=True)
            if isinstance(applied, Edit):
                raise _rule_bug(code, applied)
        kept = applied.edits
        if not kept:
            self.idle_at[code] = self.stage
            return False
        for w in self.latest[code]:
            self.acting.setdefault((w.code, w.line, w.message), w)
        starts = applied.starts
        lines, cols = self.locator.line_cols(starts)
        if len(kept) < _BATCH_MIN:
            changes = [
                Change(code, r.name, line, col, old, e.new, e.note, e.removed, self.stage, start)
                for e, line, col, old, start in zip(kept, lines, cols, applied.olds, starts, strict=True)
            ]
        else:
            changes = build_many(
                Change,
                len(kept),
                [
                    repeat(code),
                    repeat(r.name),
                    lines,
                    cols,
                    applied.olds,
                    map(_NEW, kept),
                    map(_NOTE, kept),
                    map(_REMOVED, kept),
                    repeat(self.stage),
                    starts,
                ],
            )
        self.stage_changes.append(changes)
        self.locator.push(applied.stage_map)
        if self.regions:
            self.regions = _moved(self.regions, applied)
            if self.blocks:
                self.blocks = _moved(self.blocks, applied)
        self.text = applied.text
        self.stage += 1
        return True

    def result(self) -> Result:
        for ws in self.latest.values():
            for w in ws:
                self.acting.setdefault((w.code, w.line, w.message), w)
        warnings = sorted(self.acting.values(), key=lambda w: (w.line, w.col, w.code))
        return Result(self.text, self.changes, tuple(warnings))

    @property
    def changes(self) -> tuple[Change, ...]:
        return tuple(chain.from_iterable(self.stage_changes))


def clean(text: str, config: Config | None = None) -> Result:
    """Clean one document's text. Pure: touches no file and no terminal.

    With ``Config(markdown=True)`` the text is a Markdown source (the runner
    says so for a ``.md`` file): its headings stay Markdown headings under
    the default heading style ``auto``, and its front matter, fenced code and
    table rows are kept verbatim, as HTML comments are in any text (see
    ``verbatim``). A text without a final newline gets none.
    """
    if not isinstance(text, str):
        raise TypeError(f"clean() takes the text of a document as str, not {type(text).__name__}")
    config = config or Config()
    if not isinstance(config, Config):
        raise TypeError(f"clean() takes a cleandoc.Config, not {type(config).__name__}")
    rules = enabled_rules(config)
    blocks = [(max(start - 1, 0), end) for start, end in verbatim.regions(text, config.markdown)]
    run = _Run(text, _rule_config(config), verbatim.protected(text, config.markdown), blocks)
    for _ in range(MAX_PASSES):
        changed = False
        for r in rules:
            if run.run_rule(r):
                changed = True
        if not changed:
            break
    return run.result()


def replay(text: str, changes: Sequence[Change]) -> str:
    """Re-apply recorded changes stage by stage (what a report consumer can do)."""
    by_stage: dict[int, list[Change]] = {}
    for c in changes:
        by_stage.setdefault(c.stage, []).append(c)
    for stage in sorted(by_stage):
        edits = [Edit(c.offset, c.offset + len(c.old), c.new) for c in by_stage[stage]]
        for c, e in zip(by_stage[stage], edits, strict=True):
            if text[e.start : e.end] != c.old:
                raise ValueError(f"change {c.code} at stage {stage} does not match the text")
        text, _ = apply_edits(text, sorted(edits, key=lambda e: e.start))
    return text
