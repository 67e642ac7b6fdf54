"""The records that flow through cleandoc: edits proposed by rules, the
changes and warnings they become once placed in the input, and the result.

Everything here is a frozen dataclass: a rule can only *propose* edits, the
pipeline alone applies them, so the list of changes is the single source for
the diff, the summary, the JSON and HTML reports and ``--explain``.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from itertools import repeat
from typing import Any, TypeVar

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` by ``new`` in the text the rule was given.

    ``note`` says why, in words a reviewer understands ("duplicate of item 3,
    score 96.5"); ``removed`` marks text taken out as junk (duplicates, page
    furniture) so content-preservation checks can account for it.
    """

    start: int
    end: int
    new: str
    note: str = ""
    removed: bool = False


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a rule noticed but must not change (lint): reported as a warning."""

    offset: int
    message: str


@dataclass(frozen=True, slots=True)
class Change:
    """One applied edit, placed in the original input.

    ``line``/``col`` are 1-based positions in the original input (col counts
    characters); ``pass_no``/``stage``/``offset`` say where it was applied in
    the chain of rule stages, so the changes can be replayed exactly.
    """

    code: str
    name: str
    line: int
    col: int
    old: str
    new: str
    note: str
    removed: bool
    stage: int
    offset: int


def build_many(cls: type[_T], count: int, columns: Sequence[Iterable[Any]]) -> list[_T]:
    """``count`` instances of the frozen, slotted dataclass ``cls``, one column
    of values per field in field order: the same objects as ``cls(*row)`` per row.

    A frozen dataclass's ``__init__`` pays one ``object.__setattr__`` call per
    field (about 1.2 us for a Change), and one stage can make 100,000 changes
    (D101 on a looping list). Setting each field through its slot descriptor in
    a C-level ``map`` over the whole batch takes less than half that. Each column
    has at least ``count`` values (``itertools.repeat`` for a constant field).
    There is no ``__post_init__`` here to skip.
    """
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    if len(columns) != len(names):
        raise TypeError(f"{cls.__name__} has {len(names)} fields, got {len(columns)} columns")
    objs: list[_T] = list(map(object.__new__, repeat(cls, count)))
    for name, column in zip(names, columns, strict=True):
        # maxlen=0: run the map for its side effect without keeping anything
        deque(map(getattr(cls, name).__set__, objs, column), maxlen=0)
    if objs:
        # a short column would leave the last objects without that field
        # (AttributeError here rather than later)
        for name in names:
            getattr(objs[-1], name)
    return objs


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A lint finding placed in the original input."""

    code: str
    name: str
    line: int
    col: int
    message: str


@dataclass(frozen=True, slots=True)
class Result:
    """What ``cleandoc.clean`` returns: the cleaned text and how it got there."""

    text: str
    changes: tuple[Change, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def to_dict(self) -> dict[str, Any]:
        """What the JSON report holds for this document's result: the SHA-256
        of the cleaned text (UTF-8), the number of changes per rule, every
        change and every warning, as JSON values (the report's
        ``documents[]`` entries add the document's name, status and input
        hash; ``cleandoc/report.schema.json`` describes each field)."""
        counts: dict[str, int] = {}
        for c in self.changes:
            counts[c.code] = counts.get(c.code, 0) + 1
        return {
            "output_sha256": hashlib.sha256(self.text.encode("utf-8")).hexdigest(),
            "counts": dict(sorted(counts.items())),
            "changes": [
                {
                    "code": c.code,
                    "name": c.name,
                    "line": c.line,
                    "col": c.col,
                    "old": c.old,
                    "new": c.new,
                    "note": c.note,
                    "removed": c.removed,
                    "stage": c.stage,
                    "offset": c.offset,
                }
                for c in self.changes
            ],
            "warnings": [
                {"code": w.code, "name": w.name, "line": w.line, "col": w.col, "message": w.message}
                for w in self.warnings
            ],
        }


@dataclass(frozen=True, slots=True)
class Document:
    """One document of a source: a whole file, or one member of a bundle."""

    name: str
    text: str
    start_line: int = 1  # line of the source where the text starts (1-based)
    meta: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one document in a run; what reports are made from.

    ``source`` is the file (or ``-``) the document came from, ``name`` the
    document's name (the file's path, or the bundle member's name).
    ``result`` is None when the document could not be processed, and then
    ``error`` says why.
    """

    source: str
    name: str
    original: str
    result: Result | None
    error: str | None = None
    texts_dropped: bool = False  # original/result texts left out to save memory
    first_line: int = 1  # line of the source file where the document's text starts

    def where(self, line: int, col: int) -> str:
        """``path:line:col`` in the file the user has: for a member of a
        bundle, the bundle's path and the line in the bundle."""
        return f"{self.source}:{self.first_line + line - 1}:{col}"

    @property
    def changed(self) -> bool:
        if self.result is None:
            return False
        if self.texts_dropped:
            return bool(self.result.changes)
        return self.result.text != self.original
