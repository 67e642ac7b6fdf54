"""Reports of a run: unified diffs, ``--explain`` lines, the summary table,
and the JSON / JSONL / HTML report files.

Everything here is computed from two things only: the ``Change`` records of
each document and ``difflib`` between its original and cleaned text. The
changes are what the pipeline applied (``pipeline.replay`` re-applies them),
the diff is what was written, so the report cannot tell a different story
from the output. Functions are pure except the ones named ``print_*`` /
``write_*`` and ``summary_table``, which only write where they are told.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

import cleandoc
from cleandoc.model import Change, Diagnostic, Outcome, Result
from cleandoc.rules import FAMILY_ORDER

REPORT_FORMAT = "cleandoc-report"
# Bump when a field is renamed or removed (adding fields keeps the version):
# tools reading reports check it. The schema is cleandoc/report.schema.json.
REPORT_FORMAT_VERSION = 1

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")

# ---------------------------------------------------------------------------
# unified diff


def split_lines(text: str) -> list[str]:
    """Lines with their ``\\n`` kept, split on ``\\n`` only.

    ``str.splitlines`` also splits on form feeds (pdftotext's page breaks),
    U+2028 and friends; a diff that did so would not apply with ``patch``.
    """
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def unified_diff(outcome: Outcome, context: int = 3) -> str:
    """The unified diff of one document (``''`` when unchanged or failed),
    with ``a/<name>`` / ``b/<name>`` headers so ``patch -p1`` applies it."""
    if outcome.result is None or outcome.texts_dropped or outcome.result.text == outcome.original:
        return ""
    out: list[str] = []
    for line in difflib.unified_diff(
        split_lines(outcome.original),
        split_lines(outcome.result.text),
        f"a/{outcome.name}",
        f"b/{outcome.name}",
        n=context,
    ):
        if line.endswith("\n"):
            out.append(line)
        else:
            # the last line of a file without a final newline: patch needs the marker
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


_DIFF_STYLES = {"+": "green", "-": "red", "@": "cyan", "\\": "dim"}


def _char_highlight(old: str, new: str) -> tuple[Text, Text]:
    """The ``-``/``+`` line pair with the changed characters in reverse video
    (a comma fixed in a 300-character paragraph is otherwise invisible)."""
    a = Text(old, style="red")
    b = Text(new, style="green")
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1:
            a.stylize("bold reverse red", i1, i2)
        if j2 > j1:
            b.stylize("bold reverse green", j1, j2)
    return a, b


def _colored(diff: str) -> Iterator[Text]:
    lines = diff.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    i = 0
    while i < len(lines):
        line = lines[i]
        if i < 2:  # the ---/+++ header of this document's diff
            yield Text(line, style="bold")
            i += 1
            continue
        # pair a run of removed lines with the run of added lines after it
        if line.startswith("-"):
            j = i
            while j < len(lines) and lines[j].startswith("-"):
                j += 1
            k = j
            while k < len(lines) and lines[k].startswith("+"):
                k += 1
            removed, added = lines[i:j], lines[j:k]
            if len(removed) == len(added):
                pairs = [_char_highlight(r, a) for r, a in zip(removed, added, strict=True)]
                yield from (p[0] for p in pairs)
                yield from (p[1] for p in pairs)
            else:
                yield from (Text(r, style="red") for r in removed)
                yield from (Text(a, style="green") for a in added)
            i = k
            continue
        yield Text(line, style=_DIFF_STYLES.get(line[:1], ""))
        i += 1


def print_diffs(outcomes: Iterable[Outcome], stream: IO[str], color: bool) -> None:
    """Write the unified diff of every changed document to ``stream``.

    Plain text unless ``color`` (the caller decides: stdout is a terminal), so
    ``cleandoc fix --dry-run x | patch -p1`` and ``| delta`` work.
    """
    for outcome in outcomes:
        write_diff(unified_diff(outcome), stream, color)


def write_diff(diff: str, stream: IO[str], color: bool) -> None:
    """Write one file's unified diff, plain or colored (header bold, changed
    lines paired and their changed words marked)."""
    if not diff:
        return
    if not color:
        stream.write(diff)
        return
    console = Console(file=stream, force_terminal=True, highlight=False, soft_wrap=True)
    for text in _colored(diff):
        console.print(text, markup=False, emoji=False, crop=False, overflow="ignore")


# ---------------------------------------------------------------------------
# --explain

_VISIBLE = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\f": "\\f"}


def visible(text: str) -> str:
    """``text`` on one line with invisible characters spelled out.

    Line breaks become ``\\n``, other control and format characters, the
    ideographic space and NBSP become ``\\uXXXX``; an empty string or one with
    spaces at its ends is quoted, so ``" " → ""`` is readable.
    """
    out: list[str] = []
    for ch in text:
        if ch in _VISIBLE:
            out.append(_VISIBLE[ch])
        elif (
            ord(ch) < 0x20
            or 0x7F <= ord(ch) < 0xA0
            or ch in "\u00a0\u200b\u200c\u200d\u2028\u2029\u3000\ufeff"
        ):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    s = "".join(out)
    if not s or s[0] == " " or s[-1] == " ":
        return f'"{s}"'
    return s


def explain_line(where: str, change: Change) -> str:
    line = f"{where} {change.code} {change.name}: {visible(change.old)} → {visible(change.new)}"
    if change.note:
        line += f"  [{change.note}]"
    return line


def explain_lines(outcome: Outcome) -> Iterator[str]:
    """``path:line:col CODE name: old → new  [note]``, one per change, in the
    order they were applied (grep-friendly: one change never spans lines)."""
    if outcome.result is None:
        return
    for change in outcome.result.changes:
        yield explain_line(outcome.where(change.line, change.col), change)


# ---------------------------------------------------------------------------
# totals (shared by the summary table, JSON and HTML)


def rule_sort_key(code: str) -> tuple[int, str]:
    family = FAMILY_ORDER.find(code[:1])
    return (family if family >= 0 else len(FAMILY_ORDER), code)


def is_dedup_removal(change: Change) -> bool:
    return change.code.startswith("D") and change.removed


def count_han(text: str) -> int:
    return len(_HAN.findall(text))


@dataclass(slots=True)
class RuleTotal:
    code: str
    name: str
    changes: int = 0
    documents: int = 0
    warnings: int = 0
    removed_chars: int = 0


@dataclass(slots=True)
class Totals:
    documents: int = 0
    changed: int = 0
    failed: int = 0
    changes: int = 0
    warnings: int = 0
    removed_chars: int = 0  # by the deduplicator
    removed_han: int = 0

    @property
    def unchanged(self) -> int:
        return self.documents - self.changed - self.failed


class RunSummary:
    """Run totals folded in one document at a time, so a run over a huge
    corpus needs memory for the totals only, not for every document."""

    def __init__(self, max_warnings: int = 30) -> None:
        self.totals = Totals()
        self._rules: dict[str, RuleTotal] = {}
        self.max_warnings = max_warnings
        self.first_warnings: list[tuple[str, Diagnostic]] = []  # (path:line:col, warning)
        self.failures: list[tuple[str, str]] = []

    def _entry(self, code: str, name: str) -> RuleTotal:
        if code not in self._rules:
            self._rules[code] = RuleTotal(code, name)
        return self._rules[code]

    def add(self, o: Outcome) -> None:
        t = self.totals
        t.documents += 1
        if o.result is None:
            t.failed += 1
            self.failures.append((o.name, o.error or "unknown error"))
            return
        if o.changed:
            t.changed += 1
        t.changes += len(o.result.changes)
        t.warnings += len(o.result.warnings)
        for code in {c.code for c in o.result.changes}:
            self._entry(code, "").documents += 1
        for c in o.result.changes:
            r = self._entry(c.code, c.name)
            r.name = c.name
            r.changes += 1
            if is_dedup_removal(c):
                r.removed_chars += len(c.old)
                t.removed_chars += len(c.old)
                t.removed_han += count_han(c.old)
        for w in o.result.warnings:
            r = self._entry(w.code, w.name)
            r.name = r.name or w.name
            r.warnings += 1
            if len(self.first_warnings) < self.max_warnings:
                self.first_warnings.append((o.where(w.line, w.col), w))

    def rules(self) -> list[RuleTotal]:
        """Per-rule totals, rules in pipeline family order."""
        return [self._rules[code] for code in sorted(self._rules, key=rule_sort_key)]


def summarize(outcomes: Iterable[Outcome], max_warnings: int = 30) -> RunSummary:
    summary = RunSummary(max_warnings)
    for o in outcomes:
        summary.add(o)
    return summary


def totals(outcomes: Iterable[Outcome]) -> tuple[Totals, list[RuleTotal]]:
    """Run totals and per-rule totals (rules in pipeline family order)."""
    summary = summarize(outcomes)
    return summary.totals, summary.rules()


# ---------------------------------------------------------------------------
# summary table (stderr)

_VERBS = {
    # mode: (how changed documents are counted, column header for changes)
    "fix": ("fixed", "changes"),
    "dry-run": ("would fix", "would change"),
    "check": ("would fix", "would change"),
}


def summary_table(
    outcomes: Iterable[Outcome] | RunSummary,
    mode: str,
    console: Console,
    errors: int = 0,
    max_warnings: int = 30,
) -> None:
    """Print the run summary: documents, changes per rule, characters removed
    by the deduplicator, warnings. ``errors`` counts failures that produced no
    document (unreadable files), reported by the caller already."""
    verb, changes_header = _VERBS.get(mode, _VERBS["fix"])
    summary = outcomes if isinstance(outcomes, RunSummary) else summarize(outcomes, max_warnings)
    t, rules = summary.totals, summary.rules()
    failed = t.failed + errors

    docs = Table(
        title="cleandoc" + (" (dry run)" if mode == "dry-run" else " check" if mode == "check" else "")
    )
    docs.add_column("documents", justify="right")
    docs.add_column(verb, justify="right")
    docs.add_column("unchanged", justify="right")
    docs.add_column("failed", justify="right")
    docs.add_column("warnings", justify="right")
    docs.add_row(
        str(t.documents),
        Text(str(t.changed), style="bold yellow" if t.changed else ""),
        str(t.unchanged),
        Text(str(failed), style="bold red" if failed else ""),
        str(t.warnings),
    )
    console.print(docs)

    changed_rules = [r for r in rules if r.changes]
    if changed_rules:
        table = Table(title=f"changes per rule ({verb})")
        table.add_column("code")
        table.add_column("rule")
        table.add_column(changes_header, justify="right")
        table.add_column("documents", justify="right")
        for r in changed_rules:
            table.add_row(r.code, r.name, str(r.changes), str(r.documents))
        table.add_section()
        table.add_row("", "total", str(t.changes), str(t.changed))
        console.print(table)
    if t.removed_chars:
        removed = "removed" if mode == "fix" else "would remove"
        console.print(
            f"deduplicator {removed} {t.removed_chars} characters ({t.removed_han} Han characters)",
            highlight=False,
        )

    warned_rules = [r for r in rules if r.warnings]
    if warned_rules:
        wt = Table(title="warnings")
        wt.add_column("code")
        wt.add_column("rule")
        wt.add_column("warnings", justify="right")
        for r in warned_rules:
            wt.add_row(r.code, r.name, str(r.warnings))
        console.print(wt)
        listing = Table(title="warnings found", show_header=False, box=None, pad_edge=False)
        listing.add_column("where", style="dim")
        listing.add_column("code")
        listing.add_column("message", style="yellow")
        listed = 0
        for where, w in summary.first_warnings[:max_warnings]:
            listing.add_row(where, w.code, w.message)
            listed += 1
        console.print(listing)
        if t.warnings > listed:
            console.print(f"… {t.warnings - listed} more warnings (see --report)", highlight=False)

    for name, error in summary.failures:
        console.print(Text(f"failed: {name}: {error}", style="red"))


# ---------------------------------------------------------------------------
# JSON


def jsonable(value: object) -> Any:
    """Settings as JSON values: sets sorted into lists, paths as strings."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((jsonable(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return str(value)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def change_json(c: Change) -> dict[str, Any]:
    """One change as the JSON report writes it."""
    out: dict[str, Any] = Result("", (c,)).to_dict()["changes"][0]
    return out


def warning_json(w: Diagnostic) -> dict[str, Any]:
    out: dict[str, Any] = Result("", (), (w,)).to_dict()["warnings"][0]
    return out


def document_json(o: Outcome) -> dict[str, Any]:
    """One document: status, hashes of input and output, changes, warnings
    (the result's part is ``Result.to_dict()``, so the two cannot differ)."""
    r = o.result
    status = "failed" if r is None else "changed" if o.changed else "unchanged"
    has_texts = r is not None and not o.texts_dropped
    doc: dict[str, Any] = {
        "source": o.source,
        "name": o.name,
        "status": status,
        "error": o.error if r is None else None,
        "input_sha256": _sha256(o.original) if has_texts else None,
    }
    if r is None:
        return doc | {"output_sha256": None, "counts": {}, "changes": [], "warnings": []}
    doc.update(r.to_dict())
    if not has_texts:
        doc["output_sha256"] = None
    return doc


def report_head(settings: Mapping[str, object]) -> dict[str, Any]:
    return {
        "format": REPORT_FORMAT,
        "format_version": REPORT_FORMAT_VERSION,
        "cleandoc_version": cleandoc.__version__,
        "settings": jsonable(settings),
    }


def summary_json(summary: RunSummary) -> dict[str, Any]:
    """The run totals and the per-rule totals of the JSON report."""
    t = summary.totals
    return {
        "summary": {
            "documents": t.documents,
            "changed": t.changed,
            "unchanged": t.unchanged,
            "failed": t.failed,
            "changes": t.changes,
            "warnings": t.warnings,
            "removed_chars": t.removed_chars,
            "removed_han": t.removed_han,
        },
        "rules": [
            {
                "code": r.code,
                "name": r.name,
                "changes": r.changes,
                "documents": r.documents,
                "warnings": r.warnings,
                "removed_chars": r.removed_chars,
            }
            for r in summary.rules()
        ],
    }


def to_json(outcomes: Sequence[Outcome], settings: Mapping[str, object]) -> dict[str, Any]:
    """The whole run as one JSON object, in memory (``--report x.json``
    writes the same object, streamed: see :class:`JsonReport`)."""
    return {
        **report_head(settings),
        **summary_json(summarize(outcomes)),
        "documents": [document_json(o) for o in outcomes],
    }


def to_jsonl(outcomes: Iterable[Outcome], settings: Mapping[str, object]) -> Iterator[dict[str, Any]]:
    """One object per document (what ``--report x.jsonl`` writes), each
    carrying the version and settings so a line can be read on its own."""
    head = report_head(settings)
    for o in outcomes:
        yield {**head, **document_json(o)}


# ---------------------------------------------------------------------------
# report files, written as the run goes
#
# A run over millions of documents cannot keep them until the end. A report
# writer takes each outcome as it arrives, writes what it needs to disk and
# keeps only the run totals (and, for the HTML page, nothing per document
# either: its index goes to a spool file too). The file appears atomically at
# the end: a temp file beside it, renamed over it, so an interrupted run
# never leaves half a report that a tool would then read.

REPORT_SUFFIXES = (".json", ".jsonl", ".html", ".htm")


class ReportWriter:
    """Writes one report to ``out`` as outcomes are added; ``finish`` writes
    the end. Spool files (anonymous temp files, gone when closed) go in
    ``spool_dir``. Subclasses write the formats."""

    def __init__(self, out: IO[str], settings: Mapping[str, object], spool_dir: Path | None = None) -> None:
        self.out = out
        self.settings = settings
        self.spool_dir = spool_dir
        self.summary = RunSummary(max_warnings=0)
        self.count = 0

    def spool(self) -> IO[str]:
        """An anonymous temp file (deleted when closed, even on a crash)."""
        return tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n", dir=self.spool_dir)

    def add(self, outcome: Outcome) -> None:
        self.summary.add(outcome)
        self.write(outcome)
        self.count += 1

    def write(self, outcome: Outcome) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Write what comes after the documents."""

    def close(self) -> None:
        """Release the spool files (called whether the report finished or not)."""


class JsonlReport(ReportWriter):
    def write(self, outcome: Outcome) -> None:
        doc = {**report_head(self.settings), **document_json(outcome)}
        self.out.write(json.dumps(doc, ensure_ascii=False) + "\n")


class JsonReport(ReportWriter):
    """The JSON object of :func:`to_json`, byte for byte as ``json.dumps(...,
    indent=2)`` writes it, but the documents are spooled to a temp file as
    they come and copied after the run totals at the end: the totals stay
    at the top where a reader looks, and memory does not grow with the run."""

    def __init__(self, out: IO[str], settings: Mapping[str, object], spool_dir: Path | None = None) -> None:
        super().__init__(out, settings, spool_dir)
        self.docs = self.spool()

    def write(self, outcome: Outcome) -> None:
        text = json.dumps(document_json(outcome), ensure_ascii=False, indent=2)
        self.docs.write((",\n" if self.count else "") + "    " + text.replace("\n", "\n    "))

    def finish(self) -> None:
        head = {**report_head(self.settings), **summary_json(self.summary), "documents": []}
        text = json.dumps(head, ensure_ascii=False, indent=2)
        assert text.endswith("[]\n}")
        if not self.count:
            self.out.write(text + "\n")
            return
        self.out.write(text[: -len("]\n}")] + "\n")
        self.docs.seek(0)
        shutil.copyfileobj(self.docs, self.out, 1 << 16)
        self.out.write("\n  ]\n}\n")

    def close(self) -> None:
        self.docs.close()


def report_writer(
    path: Path, out: IO[str], settings: Mapping[str, object], spool_dir: Path | None = None
) -> ReportWriter:
    """The writer of the format ``path``'s extension names."""
    _check_suffix(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return JsonReport(out, settings, spool_dir)
    if suffix == ".jsonl":
        return JsonlReport(out, settings, spool_dir)
    if suffix in (".html", ".htm"):
        from cleandoc.report_html import HtmlReport

        return HtmlReport(out, settings, spool_dir)
    raise AssertionError(suffix)


def _check_suffix(path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise ValueError(f"{path}: unknown report format '{suffix}' (use {', '.join(REPORT_SUFFIXES)})")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class ReportFile:
    """A report written to ``path`` as the run goes, atomically: ``add``
    each outcome, then ``commit`` (renames the finished temp file over
    ``path``) or ``abort`` (deletes it). Usable as a context manager that
    commits on success and aborts on an exception."""

    def __init__(self, path: Path, settings: Mapping[str, object]) -> None:
        _check_suffix(path)
        self.path = path
        folder = path.parent if str(path.parent) else Path(".")
        fd, self._tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        # a run that never gets to commit (an early error, Ctrl-C) leaves no
        # temp file behind: it goes when this object does, or at exit
        self._cleanup = weakref.finalize(self, _remove, self._fh, self._tmp)
        try:
            self.writer = report_writer(path, self._fh, settings, folder)
        except BaseException:
            self._cleanup()
            raise

    def add(self, outcome: Outcome) -> None:
        self.writer.add(outcome)

    def commit(self) -> None:
        try:
            self.writer.finish()
            self.writer.close()
            self._fh.close()
            os.chmod(self._tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
            os.replace(self._tmp, self.path)
        except BaseException:
            self.abort()
            raise
        self._cleanup.detach()

    def abort(self) -> None:
        self.writer.close()
        self._cleanup()

    def __enter__(self) -> ReportFile:
        return self

    def __exit__(self, kind: object, value: object, tb: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


def _remove(fh: IO[str], tmp: str) -> None:
    fh.close()
    Path(tmp).unlink(missing_ok=True)


def render_report(path: Path, outcomes: Iterable[Outcome], settings: Mapping[str, object]) -> str:
    """The report's text, its format chosen by ``path``'s extension."""
    out = io.StringIO()
    writer = report_writer(path, out, settings)
    try:
        for o in outcomes:
            writer.add(o)
        writer.finish()
    finally:
        writer.close()
    return out.getvalue()


def write_report(path: Path, outcomes: Iterable[Outcome], settings: Mapping[str, object]) -> None:
    """Write the report of ``outcomes`` atomically (see :class:`ReportFile`)."""
    with ReportFile(path, settings) as report:
        for o in outcomes:
            report.add(o)
