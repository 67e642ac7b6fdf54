"""The pipeline's batch bookkeeping (one pass applying a stage's edits, one
walk placing them, changes built field by field) against the plain per-edit
algorithm it replaced, kept here as the reference: same texts, same changes,
same warnings, same errors, for edits in any order, no-op edits, edits at the
same place, deletions and insertions, positions inside earlier edits."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleandoc.config import Config
from cleandoc.model import Change, Diagnostic, Edit, Finding, build_many
from cleandoc.pipeline import RuleBug, _Run, apply_edits
from cleandoc.rules import Rule

# ---- the reference: the per-edit algorithm, written plainly -----------------


def ref_apply(text: str, edits: Sequence[Edit]) -> tuple[str, list[tuple[int, int, int, int]]]:
    """New text and, per edit, (out_start, out_end, in_start, in_end)."""
    parts: list[str] = []
    spans: list[tuple[int, int, int, int]] = []
    pos = out_len = 0
    for e in edits:
        if e.start < pos or e.end < e.start or e.end > len(text):
            raise RuleBug(f"overlapping or out-of-range edit {e!r}")
        parts.append(text[pos : e.start])
        out_len += e.start - pos
        spans.append((out_len, out_len + len(e.new), e.start, e.end))
        parts.append(e.new)
        out_len += len(e.new)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts), spans


def ref_to_input(spans: list[tuple[int, int, int, int]], pos: int) -> int:
    i = bisect.bisect_right([s[0] for s in spans], pos) - 1
    if i < 0:
        return pos
    out_start, out_end, in_start, in_end = spans[i]
    if pos >= out_end:
        return pos - out_end + in_end
    return in_start + min(pos - out_start, in_end - in_start)


class RefRun:
    def __init__(self, text: str) -> None:
        self.original = text
        self.text = text
        self.maps: list[list[tuple[int, int, int, int]]] = []
        self.changes: list[Change] = []
        self.latest: dict[str, list[Diagnostic]] = {}

    def line_col(self, pos: int) -> tuple[int, int]:
        for spans in reversed(self.maps):
            pos = ref_to_input(spans, pos)
        starts = [0] + [i + 1 for i, ch in enumerate(self.original) if ch == "\n"]
        line = bisect.bisect_right(starts, pos)
        return line, pos - starts[line - 1] + 1

    def run_rule(self, r: Rule) -> bool:
        proposed = r.fix(self.text, Config())
        self.latest[r.code] = [
            Diagnostic(r.code, r.name, *self.line_col(f.offset), f.message)
            for f in proposed
            if isinstance(f, Finding)
        ]
        edits = sorted((p for p in proposed if isinstance(p, Edit)), key=lambda e: (e.start, e.end))
        edits = [e for e in edits if self.text[e.start : e.end] != e.new]
        if not edits:
            return False
        new_text, spans = ref_apply(self.text, edits)
        for e in edits:
            line, col = self.line_col(e.start)
            old = self.text[e.start : e.end]
            stage = len(self.maps)
            self.changes.append(
                Change(r.code, r.name, line, col, old, e.new, e.note, e.removed, stage, e.start)
            )
        self.maps.append(spans)
        self.text = new_text
        return True


# ---- random stages ----------------------------------------------------------

TEXT = st.text(alphabet="甲乙,\n ab", max_size=40)
# an edit as fractions of the text it will be given, so it fits any text
EDIT = st.tuples(
    st.floats(0, 1.2), st.integers(-1, 4), st.sampled_from(["", "x", "甲", "\n", "，，"]), st.booleans()
)
STAGE = st.tuples(st.lists(EDIT, max_size=14), st.lists(st.floats(0, 1.1), max_size=3), st.booleans())


def make_rule(n: int, stage: tuple[list[tuple[float, int, str, bool]], list[float], bool]) -> Rule:
    specs, finding_at, keep_order = stage

    def fix(text: str, config: Config) -> list[Edit | Finding]:
        out: list[Edit | Finding] = []
        for frac, length, new, removed in specs:
            start = int(frac * len(text))
            out.append(Edit(start, start + length, new, note=f"n{len(out)}", removed=removed))
        if keep_order:  # the usual case: sorted and without overlaps
            out = [e for e in out if isinstance(e, Edit) and 0 <= e.start <= e.end <= len(text)]
            out.sort(key=lambda e: e.start if isinstance(e, Edit) else 0)
            placed: list[Edit | Finding] = []
            end = 0
            for e in out:
                if isinstance(e, Edit) and e.start >= end:
                    placed.append(e)
                    end = e.end
            out = placed
        out += [Finding(int(f * len(text)), f"w{i}") for i, f in enumerate(finding_at)]
        return out

    return Rule(f"C9{n:02d}", f"test-{n}", "s", "b", "a", fix, order=n)


def outcome(run: RefRun | _Run, rules: list[Rule]) -> object:
    try:
        for r in rules:
            run.run_rule(r)
    except RuleBug as e:
        return ("bug", str(e).split("edit ", 1)[1])
    return (run.text, tuple(run.changes), run.latest)


@settings(max_examples=400, deadline=None)
@given(TEXT, st.lists(STAGE, min_size=1, max_size=5))
def test_same_as_the_per_edit_algorithm(text: str, stages: list[object]) -> None:
    rules = [make_rule(n, s) for n, s in enumerate(stages)]  # type: ignore[arg-type]
    assert outcome(_Run(text, Config()), rules) == outcome(RefRun(text), rules)


@settings(max_examples=300, deadline=None)
@given(
    TEXT, st.lists(st.tuples(st.integers(0, 45), st.integers(0, 3), st.text("xy", max_size=3)), max_size=10)
)
def test_stage_map_matches_the_reference(text: str, raw: list[tuple[int, int, str]]) -> None:
    edits: list[Edit] = []
    end = 0
    for start, length, new in sorted(raw):
        if start >= end and start + length <= len(text):
            edits.append(Edit(start, start + length, new))
            end = start + length
    new_text, stage_map = apply_edits(text, edits)
    ref_text, spans = ref_apply(text, edits)
    assert new_text == ref_text
    positions = list(range(-2, len(new_text) + 3))
    expected = [ref_to_input(spans, p) for p in positions]
    assert [stage_map.to_input(p) for p in positions] == expected
    assert stage_map.to_input_sorted(positions) == expected


def test_rule_bug_names_the_first_misplaced_edit() -> None:
    with pytest.raises(RuleBug, match=r"rule X proposed .* Edit\(start=2, end=4"):
        apply_edits("abcdef", [Edit(1, 3, "X"), Edit(2, 4, "Y")], "X")
    with pytest.raises(RuleBug, match=r"Edit\(start=5, end=9"):
        apply_edits("abcdef", [Edit(5, 9, "")])


def test_build_many_makes_the_same_objects() -> None:
    rows = [("P101", "n", i, i + 1, "o", "，", "why", i % 2 == 0, 3, 7 * i) for i in range(20)]
    built = build_many(Change, len(rows), [list(col) for col in zip(*rows, strict=True)])
    assert built == [Change(*row) for row in rows]
    assert [hash(c) for c in built] == [hash(Change(*row)) for row in rows]
    with pytest.raises(TypeError):
        build_many(Change, 1, [["x"]])
    short = [list(col) for col in zip(*rows, strict=True)]
    short[4] = short[4][:-1]  # one "old" missing
    with pytest.raises(AttributeError):
        build_many(Change, len(rows), short)


def replace_all(code: str, old: str, new: str) -> Rule:
    def fix(text: str, config: Config) -> list[Edit | Finding]:
        out: list[Edit | Finding] = []
        i = text.find(old)
        while i != -1:
            out.append(Edit(i, i + len(old), new, note=f"at {i}", removed=not new))
            i = text.find(old, i + len(old))
        return out

    return Rule(code, f"test-{code}", "s", "b", "a", fix, order=0)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="甲乙,\n ab", min_size=20, max_size=120), st.lists(STAGE, max_size=3))
def test_many_edits_per_stage(text: str, stages: list[object]) -> None:
    # dense stages (one change per comma, space, ...) take the batch build
    rules = [
        replace_all("C950", ",", "，，"),
        replace_all("C951", " ", ""),
        *[make_rule(n, s) for n, s in enumerate(stages)],  # type: ignore[arg-type]
        replace_all("C952", "\n", ""),
        replace_all("C953", "a", "bb"),
    ]
    assert outcome(_Run(text, Config()), rules) == outcome(RefRun(text), rules)
