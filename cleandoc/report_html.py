"""The HTML review page: one self-contained file (inline CSS and JS, the run
embedded as JSON) that a reviewer opens from disk, with no network.

Python does the diffing (``difflib``, the same as the terminal diff) and
ships compact hunks; the page only lays them out, a page of documents at a
time, so a run over thousands of documents stays one small DOM.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import io
import json
import re
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO, Any

from cleandoc.model import Change, Outcome
from cleandoc.report import ReportWriter, report_head, split_lines, summary_json

_PLACEHOLDER = re.compile(r"/\*__CSS__\*/|/\*__JS__\*/")
CONTEXT_LINES = 1  # unchanged lines shown around each change block
CONTEXT_CHARS = 60  # of an unchanged line or run shown next to a change
# Above this many characters in one changed block, character-level matching
# (quadratic in the worst case) is skipped: the block is shown as removed +
# added whole.
MAX_CHAR_DIFF = 20_000


@dataclass(frozen=True, slots=True)
class _Op:
    """One changed stretch of a hunk: original ``[start, end)`` → ``new``."""

    start: int
    end: int
    old: str
    new: str


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for line in split_lines(text)[:-1]:
        starts.append(starts[-1] + len(line))
    return starts


def _offset(starts: list[int], change: Change) -> int:
    """A change's position in the original input (its line/col)."""
    line = min(max(change.line, 1), len(starts))
    return starts[line - 1] + change.col - 1


def _head(text: str) -> str:
    return text if len(text) <= CONTEXT_CHARS else text[:CONTEXT_CHARS] + "…"


def _tail(text: str) -> str:
    return text if len(text) <= CONTEXT_CHARS else "…" + text[-CONTEXT_CHARS:]


def _equal_run(text: str, first: bool, last: bool) -> list[list[Any]]:
    """Unchanged text inside a changed block, its middle elided when long."""
    keep = CONTEXT_CHARS
    if len(text) <= 2 * keep + 40 and not (first or last):
        return [["=", text]]
    if first and last:
        return (
            [["=", text]]
            if len(text) <= 2 * keep
            else [["=", text[:keep]], ["…", len(text) - 2 * keep], ["=", text[-keep:]]]
        )
    if first:
        return [["=", text]] if len(text) <= keep else [["…", len(text) - keep], ["=", text[-keep:]]]
    if last:
        return [["=", text]] if len(text) <= keep else [["=", text[:keep]], ["…", len(text) - keep]]
    return [["=", text[:keep]], ["…", len(text) - 2 * keep], ["=", text[-keep:]]]


def _block(old: str, new: str, base: int) -> tuple[list[list[Any]], list[_Op]]:
    """Character-level diff of one changed block of lines.

    Pieces are ``["=", text]``, ``["…", n_elided]``, ``["-", text, op]``,
    ``["+", text, op]``; ``op`` indexes the returned ops (``base`` is the
    block's offset in the original, so ops are in original coordinates).
    """
    pieces: list[list[Any]] = []
    ops: list[_Op] = []
    opcodes: Sequence[tuple[str, int, int, int, int]]
    if len(old) + len(new) > MAX_CHAR_DIFF:
        opcodes = [("replace", 0, len(old), 0, len(new))]
    else:
        opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            pieces.extend(_equal_run(old[i1:i2], n == 0, n == len(opcodes) - 1))
            continue
        op = len(ops)
        ops.append(_Op(base + i1, base + i2, old[i1:i2], new[j1:j2]))
        if i2 > i1:
            pieces.append(["-", old[i1:i2], op])
        if j2 > j1:
            pieces.append(["+", new[j1:j2], op])
    return pieces, ops


def _hunks(original: str, output: str) -> tuple[list[dict[str, Any]], list[_Op]]:
    """Hunks of the inline diff and every changed stretch (op) in them."""
    a, b = split_lines(original), split_lines(output)
    starts = _line_starts(original)
    hunks: list[dict[str, Any]] = []
    ops: list[_Op] = []
    matcher = difflib.SequenceMatcher(None, a, b)
    for group in matcher.get_grouped_opcodes(CONTEXT_LINES):
        pieces: list[list[Any]] = []
        for n, (tag, i1, i2, j1, j2) in enumerate(group):
            if tag == "equal":
                text = "".join(a[i1:i2])
                pieces.append(["=", _tail(text) if n == 0 else _head(text)])
                continue
            block, block_ops = _block(
                "".join(a[i1:i2]), "".join(b[j1:j2]), starts[i1] if i1 < len(starts) else len(original)
            )
            for piece in block:
                if piece[0] in "+-":
                    piece[2] += len(ops)
            ops.extend(block_ops)
            pieces.extend(block)
        _, i1, _, j1, _ = group[0]
        _, _, i2, _, j2 = group[-1]
        hunks.append({"a": [i1 + 1, i2], "b": [j1 + 1, j2], "p": pieces})
    return hunks, ops


def _assign(ops: list[_Op], offsets: list[int]) -> list[int]:
    """For each change, the op that shows it: the op containing its offset,
    else the nearest one (a later-stage change's position is mapped back to
    the input, so it can sit just beside the stretch the diff shows)."""
    if not ops:
        return [-1] * len(offsets)
    starts = [op.start for op in ops]
    out = []
    for pos in offsets:
        i = bisect.bisect_right(starts, pos) - 1
        best, dist = -1, 0
        for k in (i, i + 1):
            if 0 <= k < len(ops):
                op = ops[k]
                d = (
                    0
                    if op.start <= pos < max(op.end, op.start + 1)
                    else min(abs(pos - op.start), abs(pos - op.end))
                )
                if best < 0 or d < dist:
                    best, dist = k, d
        out.append(best)
    return out


def _provenance(original: str, changes: Sequence[Change]) -> tuple[str, list[int], dict[int, int]]:
    """Replay the changes keeping, for each character of the final text, where
    it came from: an original index (>= 0) or ``-(change + 1)`` for the
    change that inserted it; and for each original character that went, the
    change that removed it. This labels every highlighted character with
    its rule exactly, even across stages (a comma fixed after a line join)."""
    text, src = original, list(range(len(original)))
    removed_by: dict[int, int] = {}
    removed_of: dict[int, list[int]] = {}
    stages: dict[int, list[int]] = {}
    for ci, c in enumerate(changes):
        stages.setdefault(c.stage, []).append(ci)
    for stage in sorted(stages):
        parts: list[str] = []
        new_src: list[int] = []
        pos = 0
        for ci in sorted(stages[stage], key=lambda i: changes[i].offset):
            c = changes[ci]
            end = c.offset + len(c.old)
            if c.offset < pos or text[c.offset : end] != c.old:
                raise ValueError(f"change {ci} ({c.code}) does not match the text of stage {stage}")
            parts.append(text[pos : c.offset])
            new_src.extend(src[pos : c.offset])
            for origin in src[c.offset : end]:
                if origin >= 0:
                    removed_by[origin] = ci
                    removed_of.setdefault(ci, []).append(origin)
                else:
                    # text an earlier change put in is now gone too: what that
                    # change removed is shown as removed by this one (the
                    # dedup that drops a line whose comma was fixed first)
                    for taken in removed_of.pop(-origin - 1, []):
                        removed_by[taken] = ci
                        removed_of.setdefault(ci, []).append(taken)
            parts.append(c.new)
            new_src.extend([-(ci + 1)] * len(c.new))
            pos = end
        parts.append(text[pos:])
        new_src.extend(src[pos:])
        text, src = "".join(parts), new_src
    return text, src, removed_by


@dataclass(slots=True)
class _Run:
    """Consecutive characters of one kind: ``=`` kept, ``-`` removed, ``+``
    added (by change ``change``); with where they sit in input and output."""

    kind: str
    text: str
    change: int
    a: int  # offset in the original
    b: int  # offset in the output


def _runs(original: str, final: str, src: list[int], removed_by: dict[int, int]) -> list[_Run]:
    """The runs of the final text and of what was removed, in reading order.

    Walks stretches, not characters: a stretch of kept characters (their
    origins consecutive) or of one change's insertion is one step, so a
    document costs its number of changes more than its length (the page of
    a large run is built while the run goes, in the main process)."""
    runs: list[_Run] = []
    n = len(src)

    def add(kind: str, text: str, change: int, a: int, b: int) -> None:
        last = runs[-1] if runs else None
        if last is not None and last.kind == kind and last.change == change:
            last.text += text
        else:
            runs.append(_Run(kind, text, change, a, b))

    done = 0  # original characters before this one are accounted for

    def flush(upto: int, b: int) -> None:
        """Removed original characters up to ``upto``, by the change that removed them."""
        nonlocal done
        i = done
        while i < upto:
            owner = removed_by.get(i, -1)
            j = i + 1
            while j < upto and removed_by.get(j, -1) == owner:
                j += 1
            add("-", original[i:j], owner, i, b)
            i = j
        done = max(done, upto)

    k = 0
    while k < n:
        origin = src[k]
        j = k + 1
        if origin >= 0:
            while j < n and src[j] == origin + (j - k):
                j += 1
            flush(origin, k)  # removed text goes before what follows it
            add("=", original[origin : origin + j - k], -1, origin, k)
            done = origin + j - k
        else:
            while j < n and src[j] == origin:
                j += 1
            # removed text goes before what replaced it: "-," then "+，"
            after = j
            while after < n and src[after] < 0:
                after += 1
            flush(src[after] if after < n else len(original), k)
            add("+", final[k:j], -origin - 1, done, k)
        k = j
    flush(len(original), n)
    return runs


def _context_head(text: str) -> list[list[Any]]:
    """Unchanged text after a change, up to the end of its line."""
    line = text[: text.find("\n") + 1] if "\n" in text else text
    if len(line) > CONTEXT_CHARS + 20:  # eliding a few characters would hide more than it saves
        return [["=", line[:CONTEXT_CHARS]], ["…", len(line) - CONTEXT_CHARS]]
    return [["=", line]]


def _context_tail(text: str) -> list[list[Any]]:
    """Unchanged text before a change, from the start of its line."""
    line = text[text.rfind("\n") + 1 :]
    if len(line) > CONTEXT_CHARS + 20:
        return [["…", len(line) - CONTEXT_CHARS], ["=", line[-CONTEXT_CHARS:]]]
    return [["=", line]]


def _line_of(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset)


def _exact_hunks(original: str, final: str, runs: list[_Run]) -> list[dict[str, Any]]:
    """Group runs into hunks: a change block with the rest of its lines
    around it; a whole unchanged line between two changes starts a new hunk."""
    a_starts, b_starts = _line_starts(original), _line_starts(final)
    hunks: list[dict[str, Any]] = []
    current: list[list[Any]] = []
    first: _Run | None = None
    last: _Run | None = None

    def close() -> None:
        if current and first is not None and last is not None:
            a_end = last.a + (len(last.text) if last.kind != "+" else 0)
            b_end = last.b + (len(last.text) if last.kind != "-" else 0)
            hunks.append(
                {
                    "a": [_line_of(a_starts, first.a), _line_of(a_starts, max(a_end - 1, first.a))],
                    "b": [_line_of(b_starts, first.b), _line_of(b_starts, max(b_end - 1, first.b))],
                    "p": list(current),
                }
            )

    for n, run in enumerate(runs):
        if run.kind != "=":
            if first is None:
                first = run
            current.append([run.kind, run.text, [run.change] if run.change >= 0 else []])
            last = run
            continue
        before = n > 0
        after = n < len(runs) - 1
        text = run.text
        first_nl, last_nl = text.find("\n"), text.rfind("\n")
        if before and after and not text[first_nl + 1 : last_nl + 1].strip():
            # a stretch inside one hunk (only blank lines between two changed
            # lines): keep its line breaks, elide long sides
            if first_nl < 0:
                current.extend(_equal_run(text, False, False))
            else:
                head, middle, tail = (
                    text[: first_nl + 1],
                    text[first_nl + 1 : last_nl + 1],
                    text[last_nl + 1 :],
                )
                current.extend(
                    _context_head(head) + ([["=", middle]] if middle else []) + _context_tail(tail)
                )
            continue
        if before:
            current.extend(_context_head(text))
            close()
            current = []
        if after:
            current = _context_tail(text)
            first = None
    close()
    return hunks


def document_view(index: int, outcome: Outcome) -> dict[str, Any]:
    """What the page needs for one document (short keys: thousands of these)."""
    r = outcome.result
    doc: dict[str, Any] = {
        "i": index,
        "n": outcome.name,
        "s": outcome.source,
        "st": "failed" if r is None else "changed" if outcome.changed else "unchanged",
    }
    if r is None:
        doc["e"] = outcome.error or "unknown error"
        return doc
    doc["c"] = [[c.code, c.line, c.col, c.old, c.new, c.note, int(c.removed)] for c in r.changes]
    doc["w"] = [[w.code, w.line, w.col, w.message] for w in r.warnings]
    if outcome.texts_dropped or not outcome.changed:
        return doc
    try:
        final, src, removed_by = _provenance(outcome.original, r.changes)
    except ValueError:
        final = None
    if final == r.text:
        doc["h"] = _exact_hunks(outcome.original, final, _runs(outcome.original, final, src, removed_by))
    else:
        # changes that do not replay to the output (not made by the pipeline):
        # show the plain text diff, labelled by position
        doc["h"] = _difflib_hunks(outcome.original, r.text, r.changes)
    return doc


def _difflib_hunks(original: str, output: str, changes: Sequence[Change]) -> list[dict[str, Any]]:
    hunks, ops = _hunks(original, output)
    starts = _line_starts(original)
    owner = _assign(ops, [_offset(starts, c) for c in changes])
    changes_of_op: list[list[int]] = [[] for _ in ops]
    for ci, op in enumerate(owner):
        if op >= 0:
            changes_of_op[op].append(ci)
    for hunk in hunks:
        for piece in hunk["p"]:
            if piece[0] in "+-":
                piece[2] = changes_of_op[piece[2]]
    return hunks


def _script_json(data: object) -> str:
    """JSON that is safe inside ``<script>``: ``</script>``, ``<!--`` and
    ``&`` cannot end or confuse the element (the escapes are still JSON)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _asset(name: str) -> str:
    return resources.files("cleandoc").joinpath(name).read_text(encoding="utf-8")


def index_row(outcome: Outcome, view: dict[str, Any]) -> dict[str, Any]:
    """What the page's document list holds for one document: enough to
    search, filter and sort by risk without reading the document's data
    (that is parsed only when its page is drawn)."""
    r = outcome.result
    row: dict[str, Any] = {"n": outcome.name, "st": view["st"]}
    if outcome.source != outcome.name:
        row["s"] = outcome.source
    if r is None:
        return row
    counts: dict[str, int] = {}
    for c in r.changes:
        counts[c.code] = counts.get(c.code, 0) + 1
    if counts:
        row["k"] = counts
        # risk: characters taken out as junk or duplicates (see the doc's "removed" badge)
        row["rm"] = sum(len(c.old) for c in r.changes if c.removed)
    if r.warnings:
        row["w"] = sorted({w.code for w in r.warnings})
        row["nw"] = len(r.warnings)
    if not outcome.texts_dropped:
        row["sha"] = hashlib.sha256(outcome.original.encode("utf-8")).hexdigest()
    return row


class HtmlReport(ReportWriter):
    """The review page, written as the run goes.

    The page's head, then one ``<script type="application/json" id="dN">``
    block per document with something to show (its changes, hunks,
    warnings, error), appended as it comes; at the end the run totals and
    the document index (spooled to a temp file meanwhile, one line per
    document) and the code. The page parses a document's block only when it
    draws it, so 10,000 documents load as an index of 10,000 small rows."""

    def __init__(self, out: IO[str], settings: Mapping[str, object], spool_dir: Path | None = None) -> None:
        super().__init__(out, settings, spool_dir)
        head, tail = _asset("report.html").split("<!--__DOCS__-->")
        self._before_index, after = tail.split("__INDEX__")
        # a function as replacement, not a string: the CSS and JS are full of
        # backslashes and braces
        self._after_index = _PLACEHOLDER.sub(lambda m: _asset("report.js"), after)
        self.out.write(_PLACEHOLDER.sub(lambda m: _asset("report.css"), head))
        self.index = self.spool()

    def write(self, outcome: Outcome) -> None:
        i = self.count
        view = document_view(i, outcome)
        row = index_row(outcome, view)
        if view.get("c") or view.get("w") or "e" in view:
            row["b"] = 1
            self.out.write(f'<script type="application/json" id="d{i}">{_script_json(view)}</script>\n')
        self.index.write(("," if i else "") + _script_json(row) + "\n")

    def finish(self) -> None:
        self.out.write(self._before_index)
        meta = {**report_head(self.settings), **summary_json(self.summary)}
        rules = meta.pop("rules")
        self.out.write(_script_json({"meta": meta, "rules": rules})[:-1] + ',"docs":[\n')
        self.index.seek(0)
        shutil.copyfileobj(self.index, self.out, 1 << 16)
        self.out.write("]}")
        self.out.write(self._after_index)

    def close(self) -> None:
        self.index.close()


def render_html(outcomes: Iterable[Outcome], settings: Mapping[str, object]) -> str:
    """The review page for a run, as one HTML string."""
    out = io.StringIO()
    writer = HtmlReport(out, settings)
    try:
        for o in outcomes:
            writer.add(o)
        writer.finish()
    finally:
        writer.close()
    return out.getvalue()
