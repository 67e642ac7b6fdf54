"""Reports of a run (placeholder written by the lead so the CLI runs; the
report engineer replaces this module with the full implementation)."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO

from rich.console import Console

from cleandoc.model import Outcome


def unified_diff(outcome: Outcome) -> str:
    if outcome.result is None or not outcome.changed:
        return ""
    return "".join(
        difflib.unified_diff(
            outcome.original.splitlines(keepends=True),
            outcome.result.text.splitlines(keepends=True),
            f"a/{outcome.name}",
            f"b/{outcome.name}",
        )
    )


def print_diffs(outcomes: Sequence[Outcome], stream: IO[str], color: bool) -> None:
    for o in outcomes:
        stream.write(unified_diff(o))


def explain_lines(outcome: Outcome) -> Iterator[str]:
    if outcome.result is None:
        return
    for c in outcome.result.changes:
        yield f"{outcome.name}:{c.line}:{c.col} {c.code} {c.name}: {c.old!r} → {c.new!r}"


def summary_table(outcomes: Sequence[Outcome], mode: str, console: Console, errors: int = 0) -> None:
    per_rule = Counter(c.code for o in outcomes if o.result for c in o.result.changes)
    changed = sum(1 for o in outcomes if o.changed)
    verb = "would change" if mode in ("dry-run", "check") else "changed"
    console.print(f"{len(outcomes)} documents, {verb} {changed}, {errors} failed; {dict(per_rule)}")


def write_report(path: Path, outcomes: Sequence[Outcome], settings: Mapping[str, object]) -> None:
    raise NotImplementedError("report writing is not implemented yet")
