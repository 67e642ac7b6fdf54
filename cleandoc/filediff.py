"""One unified diff per file, also for a bundle of many documents.

``report.unified_diff`` diffs one document under its own name. A bundle's
documents are members of one file, so their diffs must name the file and
count its lines, or ``patch`` cannot apply them: here each member's hunks are
placed at the member's line in the bundle (``Outcome.first_line``), shifted
by what the members before it added or removed, under one ``--- a/FILE`` /
``+++ b/FILE`` header.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence

from cleandoc.model import Outcome
from cleandoc.report import split_lines

_NO_NEWLINE = "\\ No newline at end of file\n"


def _range(start: int, length: int) -> str:
    """A hunk range as difflib writes it (``start`` 1-based; an empty range
    names the line before it)."""
    if length == 1:
        return str(start)
    return f"{start - 1 if length == 0 else start},{length}"


def _lines(prefix: str, lines: Sequence[str]) -> Iterator[str]:
    for line in lines:
        yield prefix + line if line.endswith("\n") else prefix + line + "\n" + _NO_NEWLINE


def _member_texts(outcome: Outcome) -> tuple[list[str], list[str]] | None:
    result = outcome.result
    if result is None or outcome.texts_dropped or result.text == outcome.original:
        return None
    new = result.text
    if outcome.name != outcome.source and new and not new.endswith("\n"):
        new += "\n"  # as the runner writes it: the END marker stays on a line of its own
    return split_lines(outcome.original), split_lines(new)


Opcode = tuple[str, int, int, int, int]


def _balanced(group: list[Opcode], length: int) -> list[Opcode]:
    """A hunk whose context is cut short by the edge of its member gets as
    little context on its other side: ``patch`` reads a hunk with less
    context after than before as one that ends the file (and the other way
    round, as one that starts it), which a member inside a bundle does not."""
    lead = group[0][2] - group[0][1] if group[0][0] == "equal" else 0
    trail = group[-1][2] - group[-1][1] if group[-1][0] == "equal" else 0
    at_start, at_end = group[0][1] == 0, group[-1][2] == length
    keep_lead = min(lead, trail) if at_end and trail < lead else lead
    keep_trail = min(lead, trail) if at_start and lead < trail else trail
    if at_start and at_end:
        keep_lead = keep_trail = min(lead, trail)
    group = list(group)
    if keep_lead < lead:
        tag, a1, a2, b1, b2 = group[0]
        group[0] = (tag, a2 - keep_lead, a2, b2 - keep_lead, b2)
    if keep_trail < trail:
        tag, a1, a2, b1, b2 = group[-1]
        group[-1] = (tag, a1, a1 + keep_trail, b1, b1 + keep_trail)
    return [op for op in group if op[0] != "equal" or op[2] > op[1]]


def source_diff(outcomes: Sequence[Outcome], context: int = 3) -> str:
    """The unified diff of the file the ``outcomes`` (the documents of one
    source, in order) came from; ``''`` when none of them changed."""
    out: list[str] = []
    shift = 0  # lines the members so far added to the file (negative: removed)
    for outcome in outcomes:
        texts = _member_texts(outcome)
        if texts is None:
            continue
        old, new = texts
        if not out:
            out += [f"--- a/{outcome.source}\n", f"+++ b/{outcome.source}\n"]
        base = outcome.first_line  # the file's line number of the member's first line
        for group in difflib.SequenceMatcher(None, old, new, autojunk=False).get_grouped_opcodes(context):
            group = _balanced(group, len(old))
            i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
            old_range = _range(base + i1, i2 - i1)
            new_range = _range(base + shift + j1, j2 - j1)
            out.append(f"@@ -{old_range} +{new_range} @@\n")
            for tag, a1, a2, b1, b2 in group:
                if tag == "equal":
                    out += _lines(" ", old[a1:a2])
                    continue
                out += _lines("-", old[a1:a2])
                out += _lines("+", new[b1:b2])
        shift += len(new) - len(old)
    return "".join(out)
