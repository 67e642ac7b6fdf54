"""Applying a review: the changes a person rejected on the HTML review page
(exported as a review file) are not made when ``cleandoc fix --apply-review
FILE`` runs again on the same input.

A review file names each rejected change by its document's name and the
change itself: rule code, ``line:col`` in the document's input, old and new
text, and the SHA-256 of the document's input as the report saw it. Nothing
depends on the order of changes or on internal offsets, so the file stays
meaningful as long as the input and settings are the same; when they are not
(a rejected change that this run does not make, an input that changed), the
document is an error naming it and its file is left untouched: a review is
applied whole or not at all, never in part.

    {"format": "cleandoc-review", "format_version": 1,
     "documents": [{"name": "in/a.txt", "input_sha256": "…",
                    "reject": [{"code": "P101", "line": 3, "col": 5, "old": ",", "new": "，"}]}]}

Leaving a change out is done by replaying the run's changes stage by stage
(as ``pipeline.replay`` does) on a text in which the rejected ones are not
made. A later change that rewrites text a rejected change produced (a comma
fixed after a rejected line join moved it) cannot be made as recorded: a
deletion of that whole stretch (a duplicate line removed) is still made, on
the text as it now is; any other such change is left out too, with a warning
naming it, since it was decided on a text that no longer exists.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cleandoc.model import Change, Diagnostic, Result

REVIEW_FORMAT = "cleandoc-review"
REVIEW_FORMAT_VERSION = 1


class ReviewError(ValueError):
    """A review file that cannot be read, or that does not match the input."""


@dataclass(frozen=True, slots=True)
class Rejection:
    """One rejected change, as the review file names it."""

    code: str
    line: int
    col: int
    old: str
    new: str

    def matches(self, c: Change) -> bool:
        return (c.code, c.line, c.col, c.old, c.new) == (self.code, self.line, self.col, self.old, self.new)

    def describe(self) -> str:
        from cleandoc.report import visible

        return f"{self.code} at {self.line}:{self.col} ({visible(self.old)} → {visible(self.new)})"


@dataclass(frozen=True, slots=True)
class DocumentReview:
    source: str  # the file (a bundle's members share it)
    name: str
    input_sha256: str | None
    reject: tuple[Rejection, ...]

    def describe(self) -> str:
        return f"document '{self.name}'" + (f" of {self.source}" if self.source != self.name else "")


@dataclass(frozen=True)
class Review:
    """A loaded review file: per document (source, name), the changes rejected in it."""

    path: str
    documents: dict[tuple[str, str], DocumentReview] = field(default_factory=dict, hash=False)

    def apply(self, source: str, name: str, original: str, result: Result) -> Result:
        """``result`` (the run's cleaning of ``original``) without the changes
        this review rejects in document ``name`` of ``source``; ``result``
        itself when it rejects none. Raises ReviewError when the review does
        not match."""
        doc = self.documents.get((source, name))
        if doc is None or not doc.reject:
            return result
        where = f"{doc.describe()}: review {self.path}"
        if doc.input_sha256 is not None and _sha256(original) != doc.input_sha256:
            raise ReviewError(
                f"{where} was made on another version of this document (its SHA-256 differs); "
                "nothing was applied: make the report and the review again"
            )
        taken: set[int] = set()
        for rejection in doc.reject:
            index = next(
                (i for i, c in enumerate(result.changes) if i not in taken and rejection.matches(c)), None
            )
            if index is None:
                raise ReviewError(
                    f"{where} rejects {rejection.describe()}, which this run does not make "
                    "(other settings or another input?); nothing was applied"
                )
            taken.add(index)
        return without_changes(original, result, taken)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------
# reading a review file


def load_review(path: Path) -> Review:
    """Read and check a review file; every problem is a ReviewError naming
    the file and the entry."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ReviewError(f"{path}: cannot read review file: {err.strerror or err}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ReviewError(f"{path}: not a review file (not JSON: {err})") from None
    if not isinstance(data, dict) or data.get("format") != REVIEW_FORMAT:
        raise ReviewError(f'{path}: not a review file (no "format": "{REVIEW_FORMAT}")')
    if data.get("format_version") != REVIEW_FORMAT_VERSION:
        raise ReviewError(
            f"{path}: review format version {data.get('format_version')!r} is not supported "
            f"(this cleandoc reads version {REVIEW_FORMAT_VERSION})"
        )
    docs = data.get("documents")
    if not isinstance(docs, list):
        raise ReviewError(f'{path}: "documents" must be a list')
    documents: dict[tuple[str, str], DocumentReview] = {}
    for n, entry in enumerate(docs):
        doc = _document(entry, f"{path}: documents[{n}]")
        if (doc.source, doc.name) in documents:
            raise ReviewError(f"{path}: {doc.describe()} is reviewed twice")
        documents[doc.source, doc.name] = doc
    return Review(str(path), documents)


def _document(entry: Any, where: str) -> DocumentReview:
    if not isinstance(entry, dict):
        raise ReviewError(f"{where}: must be an object")
    name = _field(entry, "name", str, where)
    source = entry.get("source", name)  # a plain file is its own source
    if not isinstance(source, str):
        raise ReviewError(f"{where}: source must be a str")
    sha = entry.get("input_sha256")
    if sha is not None and not isinstance(sha, str):
        raise ReviewError(f"{where}: input_sha256 must be a string or null")
    reject = entry.get("reject", [])
    if not isinstance(reject, list):
        raise ReviewError(f"{where}: reject must be a list")
    items = []
    for k, item in enumerate(reject):
        at = f"{where}.reject[{k}] (document '{name}')"
        if not isinstance(item, dict):
            raise ReviewError(f"{at}: must be an object")
        items.append(
            Rejection(
                _field(item, "code", str, at),
                _field(item, "line", int, at),
                _field(item, "col", int, at),
                _field(item, "old", str, at),
                _field(item, "new", str, at),
            )
        )
    return DocumentReview(source, name, sha, tuple(items))


def _field(entry: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = entry.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ReviewError(f"{where}: {key} must be a {kind.__name__}")
    return value


# ---------------------------------------------------------------------------
# leaving changes out


@dataclass(frozen=True, slots=True)
class _Kept:
    """A stretch of the run's text (``start``-``end`` at some stage) that
    reads ``text`` in the reviewed text: what a rejected change left there."""

    start: int
    end: int
    text: str


def without_changes(original: str, result: Result, rejected: Collection[int]) -> Result:
    """The cleaning of ``original`` with the changes at indexes ``rejected``
    of ``result.changes`` not made: the text, the changes that were made
    (their offsets moved to the reviewed text, so they replay to it) and
    the warnings, plus one for every change left out because it rewrote
    text of a rejected one."""
    changes = result.changes
    by_stage: dict[int, list[int]] = {}
    for i, c in enumerate(changes):
        by_stage.setdefault(c.stage, []).append(i)
    run_text = original  # the run's text before each stage
    kept_spans: list[_Kept] = []  # where the reviewed text differs from it
    made: list[tuple[int, Change]] = []
    left_out: list[Change] = []
    for stage in sorted(by_stage):
        order = sorted(by_stage[stage], key=lambda i: changes[i].offset)
        run_text, kept_spans = _stage(run_text, kept_spans, changes, order, rejected, made, left_out)
    if run_text != result.text:
        raise ValueError("the changes do not replay to the result's text")
    reviewed = _reviewed(run_text, kept_spans)
    made.sort()
    warnings = result.warnings + tuple(
        Diagnostic(c.code, c.name, c.line, c.col, "not made: it rewrote text of a rejected change")
        for c in left_out
    )
    return Result(reviewed, tuple(c for _, c in made), warnings)


def _reviewed(text: str, spans: Sequence[_Kept]) -> str:
    parts, pos = [], 0
    for s in spans:
        parts += [text[pos : s.start], s.text]
        pos = s.end
    parts.append(text[pos:])
    return "".join(parts)


def _overlaps(span: _Kept, start: int, end: int) -> bool:
    if span.start == span.end:  # a point: inside the change, not at its ends
        return start < span.start < end
    if start == end:  # an insertion: inside the span
        return span.start < start < span.end
    return span.start < end and span.end > start


def _stage(
    text: str,
    spans: list[_Kept],
    changes: Sequence[Change],
    order: list[int],
    rejected: Collection[int],
    made: list[tuple[int, Change]],
    left_out: list[Change],
) -> tuple[str, list[_Kept]]:
    """One stage: the run's text after it and the kept spans in it; the
    changes made are appended to ``made`` with their offset in the
    reviewed text before the stage."""
    parts: list[str] = []
    new_spans: list[_Kept] = []
    pos = out = 0  # position in the stage's input, length of its output so far
    shift = 0  # reviewed offset minus run offset, at pos
    k = 0

    def emit(upto: int) -> None:
        nonlocal pos, out
        parts.append(text[pos:upto])
        out += upto - pos
        pos = upto

    def carry(span: _Kept) -> None:
        nonlocal shift
        emit(span.start)
        start = out
        emit(span.end)
        new_spans.append(_Kept(start, out, span.text))
        shift += len(span.text) - (span.end - span.start)

    for i in order:
        c = changes[i]
        start, end = c.offset, c.offset + len(c.old)
        if text[start:end] != c.old:
            raise ValueError(f"change {i} ({c.code}) does not match the text of stage {c.stage}")
        while k < len(spans) and not _overlaps(spans[k], start, end) and spans[k].start <= start:
            carry(spans[k])
            k += 1
        group = []
        while k < len(spans) and _overlaps(spans[k], start, end):
            group.append(spans[k])
            k += 1
        lo = min([start, *(s.start for s in group)])
        hi = max([end, *(s.end for s in group)])
        emit(lo)
        at = lo + shift  # where the stretch starts in the reviewed text
        reviewed_old = _reviewed(text[lo:hi], [_Kept(s.start - lo, s.end - lo, s.text) for s in group])
        shift += sum(len(s.text) - (s.end - s.start) for s in group)
        run_new = text[lo:start] + c.new + text[end:hi]
        if i not in rejected and not group:
            made.append((i, replace(c, offset=at)))
        elif i not in rejected and c.new == "" and (lo, hi) == (start, end):
            # a deletion of the whole stretch (a duplicate line) is still made
            made.append((i, replace(c, offset=at, old=reviewed_old)))
        else:
            if i not in rejected:
                left_out.append(c)
            if run_new != reviewed_old:
                new_spans.append(_Kept(out, out + len(run_new), reviewed_old))
        parts.append(run_new)
        out += len(run_new)
        pos = hi
    while k < len(spans):
        carry(spans[k])
        k += 1
    emit(len(text))
    return "".join(parts), new_spans
