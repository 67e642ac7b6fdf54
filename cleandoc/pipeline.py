"""Run the enabled rules over a text until nothing changes, and place every
applied edit in the original input.

Each rule that proposes edits becomes a *stage*: its edits are applied to the
stage's input and remembered as an offset map, so a position in any later
text can be mapped back through the stages to the original input. This is
what lets the report say ``line:col`` in the file the user has, even for an
edit made after lines were joined above it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from cleandoc.config import Config
from cleandoc.model import Change, Diagnostic, Edit, Finding, Result
from cleandoc.rules import Rule, all_rules

# Rules enable each other (a join that exposes a space that exposes a
# half-width comma), and line repair cascades: joined lines sharpen the
# document's own evidence of its page width, which exposes further cuts (a
# long document of many sources needed 8 passes). Passes after the first few
# only run the rules whose text changed; a document still changing after
# this many is reported by the idempotency tests, not looped on forever.
MAX_PASSES = 12


class RuleBug(RuntimeError):
    """A rule proposed edits that overlap or fall outside its text."""


@dataclass(frozen=True, slots=True)
class _StageMap:
    """Where one stage's edits sit, in its input (in_*) and output (out_*)."""

    out_starts: list[int]
    out_ends: list[int]
    in_starts: list[int]
    in_ends: list[int]

    def to_input(self, pos: int) -> int:
        i = bisect.bisect_right(self.out_starts, pos) - 1
        if i < 0:
            return pos
        if pos >= self.out_ends[i]:
            return pos - self.out_ends[i] + self.in_ends[i]
        return self.in_starts[i] + min(pos - self.out_starts[i], self.in_ends[i] - self.in_starts[i])


def apply_edits(text: str, edits: Sequence[Edit], code: str = "?") -> tuple[str, _StageMap]:
    """Apply sorted, non-overlapping edits; return the new text and its map."""
    parts: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    in_starts: list[int] = []
    in_ends: list[int] = []
    pos = 0
    out_len = 0
    for e in edits:
        if e.start < pos or e.end < e.start or e.end > len(text):
            raise RuleBug(f"rule {code} proposed an overlapping or out-of-range edit {e!r}")
        parts.append(text[pos : e.start])
        out_len += e.start - pos
        in_starts.append(e.start)
        in_ends.append(e.end)
        out_starts.append(out_len)
        parts.append(e.new)
        out_len += len(e.new)
        out_ends.append(out_len)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts), _StageMap(out_starts, out_ends, in_starts, in_ends)


class _Locator:
    """Maps offsets of any stage back to line/col of the original input."""

    def __init__(self, original: str) -> None:
        self._line_starts = [0]
        find = original.find
        i = find("\n")
        while i != -1:
            self._line_starts.append(i + 1)
            i = find("\n", i + 1)
        self._maps: list[_StageMap] = []

    def push(self, stage_map: _StageMap) -> None:
        self._maps.append(stage_map)

    def to_original(self, pos: int) -> int:
        for stage_map in reversed(self._maps):
            pos = stage_map.to_input(pos)
        return pos

    def line_col(self, pos: int) -> tuple[int, int]:
        orig = self.to_original(pos)
        line = bisect.bisect_right(self._line_starts, orig)
        return line, orig - self._line_starts[line - 1] + 1


def enabled_rules(config: Config) -> list[Rule]:
    return [r for r in all_rules() if config.enabled(r.code)]


class _Run:
    """The state of cleaning one document: the current text, the stages
    applied so far, and what each rule last found."""

    def __init__(self, text: str, config: Config) -> None:
        self.config = config
        self.text = text
        self.stage = 0
        self.locator = _Locator(text)
        self.changes: list[Change] = []
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
        if self.idle_at.get(r.code) == self.stage:
            return False
        proposed = r.fix(self.text, self.config)
        self.latest[r.code] = [
            Diagnostic(r.code, r.name, *self.locator.line_col(f.offset), f.message)
            for f in proposed
            if isinstance(f, Finding)
        ]
        edits = sorted((p for p in proposed if isinstance(p, Edit)), key=lambda e: (e.start, e.end))
        edits = [e for e in edits if self.text[e.start : e.end] != e.new]
        if not edits:
            self.idle_at[r.code] = self.stage
            return False
        for w in self.latest[r.code]:
            self.acting.setdefault((w.code, w.line, w.message), w)
        new_text, stage_map = apply_edits(self.text, edits, r.code)
        for e in edits:
            line, col = self.locator.line_col(e.start)
            old = self.text[e.start : e.end]
            self.changes.append(
                Change(r.code, r.name, line, col, old, e.new, e.note, e.removed, self.stage, e.start)
            )
        self.locator.push(stage_map)
        self.text = new_text
        self.stage += 1
        return True

    def result(self) -> Result:
        for ws in self.latest.values():
            for w in ws:
                self.acting.setdefault((w.code, w.line, w.message), w)
        warnings = sorted(self.acting.values(), key=lambda w: (w.line, w.col, w.code))
        return Result(self.text, tuple(self.changes), tuple(warnings))


def clean(text: str, config: Config | None = None) -> Result:
    """Clean one document's text. Pure: touches no file and no terminal."""
    config = config or Config()
    rules = enabled_rules(config)
    run = _Run(text, config)
    for _ in range(MAX_PASSES):
        changed = False
        for r in rules:
            # a settling rule runs again on its own output until it finds nothing
            for _ in range(MAX_PASSES if r.settle else 1):
                if not run.run_rule(r):
                    break
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
