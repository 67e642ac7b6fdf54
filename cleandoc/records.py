"""Records: JSONL and Parquet files whose text field holds one document each.

What a corpus builder's shard needs that a text file does not:

- **Only the text field is cleaned.** Every other field, the record order and
  the bytes of every record whose text did not change are kept: a JSONL line
  is written back as read, and a changed one has only its text value
  re-serialized in place (the other members keep their spelling, spacing and
  number formats, which ``json.dumps`` of the whole object would not).
- **A bad record is never dropped.** Bad JSON on one line, a missing field, a
  value that is not a string: the record is written back unchanged and
  reported as an error named ``file:line`` (JSONL) or ``file:row N``
  (Parquet); the run exits 2, as for any input that could not be processed.
- **A record's text is a document without a final newline.** ``clean()``
  ends every document with one; a record ``"第一条 ..."`` must not come back
  as ``"第一条 ...\\n"``, so the newline is added for cleaning and taken off.
- **Streaming.** Records are read, cleaned and written in batches; only the
  batches in flight are in memory. With ``--jobs`` a large source has its
  batches cleaned in worker processes, in order, the way
  :func:`cleandoc.runner._cleaned_segments` spreads a bundle's documents, so
  the output is the same for every ``--jobs``.

The same per-record cleaning backs the Python API (:func:`clean_records`,
:func:`clean_batch`) and the engine steps in :mod:`cleandoc.integrations`.
"""

from __future__ import annotations

import gzip
import io
import json
import multiprocessing
import re
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from json.decoder import scanstring  # type: ignore[attr-defined]
from json.scanner import make_scanner
from typing import Any, TypeVar

from cleandoc import formats
from cleandoc.config import Config
from cleandoc.model import Change, Diagnostic, Outcome, Result
from cleandoc.pipeline import clean
from cleandoc.reader import InputError, Opened, Source, open_source
from cleandoc.runner import (
    DOC_POOL_MIN_BYTES,
    IN_FLIGHT_PER_WORKER,
    DocPool,
    Job,
    SourceReport,
    _pool,
    _shared,
    _target,
    commit_output,
)
from cleandoc.writer import OutputSink

TEXT_FIELD = "text"
# Bad records named one by one in a source's report; past this (a wrong
# --text-field makes every record bad) they are only counted.
MAX_LISTED_ERRORS = 100
# A batch of records cleaned in one go (one task for a worker process).
BATCH_RECORDS = 256
BATCH_BYTES = 256 << 10
GZIP_LEVEL = 6  # gzip's own default; Python's 9 is several times slower for 1-2% less

_T = TypeVar("_T")
_R = TypeVar("_R")


# ---------------------------------------------------------------- one text


def clean_document(text: str, config: Config | None = None) -> tuple[str, Result]:
    """Clean a record's text as a document: ``(document, result)`` where
    ``document`` is the text as cleaned (with a final newline added when it
    had none, so ``clean`` finds nothing to say about it) and ``result`` is
    ``clean``'s, in the same form; :func:`record_text` takes the newline off.
    Text with CRLF line ends is cleaned with LF and given CRLF back, as the
    runner does for files."""
    crlf = text.count("\r\n")
    if crlf and crlf * 2 >= text.count("\n"):
        text = text.replace("\r\n", "\n")
    else:
        crlf = 0
    document = text + "\n" if text and not text.endswith("\n") else text
    result = clean(document, config)
    if crlf:
        result = replace(result, text=result.text.replace("\n", "\r\n"))
        document = document.replace("\n", "\r\n")
    return document, result


def record_text(original: str, document_text: str) -> str:
    """The cleaned text to store in a record whose text was ``original``:
    without the final newline :func:`clean_document` added."""
    if original.endswith("\n") or not document_text.endswith("\n"):
        return document_text
    return document_text[:-2] if document_text.endswith("\r\n") else document_text[:-1]


def clean_text(text: str, config: Config | None = None) -> Result:
    """``clean`` for a record's text: no final newline is added. The
    changes are located in ``text`` (they replay to ``result.text`` plus a
    final newline when ``text`` had none)."""
    _, result = clean_document(text, config)
    return replace(result, text=record_text(text, result.text))


def rule_counts(changes: Iterable[Change]) -> dict[str, int]:
    """``{code: count}`` of the changes, codes in sorted order: what
    ``--changes-field`` and the batch functions store per record."""
    return dict(sorted(Counter(c.code for c in changes).items()))


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return f"a {type(value).__name__}"


def _field_problem(record: object, field: str) -> str | None:
    """Why ``record[field]`` cannot be cleaned, or None when it can."""
    if not isinstance(record, Mapping):
        return f"the record is {_kind(record)}, not an object"
    if field not in record:
        return f"no field '{field}' (see --text-field)"
    value = record[field]
    if not isinstance(value, str):
        return f"field '{field}' is {_kind(value)}, not a string"
    return None


# ---------------------------------------------------------------- Python API


@dataclass(frozen=True, slots=True)
class CleanedRecord:
    """One record from :func:`clean_records`.

    ``record`` is what to keep: a new dict with the cleaned text when it
    changed, else the record given (also for a bad record, passed through).
    ``result`` is None exactly when the record could not be cleaned, and
    then ``error`` says why.
    """

    record: Any
    result: Result | None
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.result is not None and self.result.changed


def clean_records(
    records: Iterable[Any],
    text_field: str = TEXT_FIELD,
    config: Config | None = None,
    changes_field: str | None = None,
) -> Iterator[CleanedRecord]:
    """Clean the ``text_field`` of every record (a mapping, e.g. a JSON
    object), lazily and in order. Never raises for one bad record (not a
    mapping, no such field, not a string): it comes back unchanged with its
    ``error`` set (``record 3: ...``, counting from 1). With
    ``changes_field``, each cleaned record also gets ``{code: count}`` of
    the rules applied under that key."""
    for number, record in enumerate(records, 1):
        problem = _field_problem(record, text_field)
        if problem is not None:
            yield CleanedRecord(record, None, f"record {number}: {problem}")
            continue
        try:
            result = clean_text(record[text_field], config)
        except Exception as err:  # a bug in a rule must not end the caller's loop
            yield CleanedRecord(
                record, None, f"record {number}: internal error ({type(err).__name__}: {err})"
            )
            continue
        if result.text == record[text_field] and changes_field is None:
            yield CleanedRecord(record, result)
            continue
        new = dict(record)
        new[text_field] = result.text
        if changes_field is not None:
            new[changes_field] = rule_counts(result.changes)
        yield CleanedRecord(new, result)


def _clean_values(values: Sequence[Any], config: Config | None) -> list[Result | None]:
    """The result for each value (None for a value that is not a string)."""
    out: list[Result | None] = []
    for value in values:
        if not isinstance(value, str):
            out.append(None)
            continue
        try:
            out.append(clean_text(value, config))
        except Exception:  # never fail a whole batch for one text
            out.append(None)
    return out


def clean_batch(
    batch: Any,
    text_field: str = TEXT_FIELD,
    config: Config | None = None,
    changes_field: str | None = None,
) -> Any:
    """Clean the ``text_field`` column of a batch and return a batch of the
    same kind: a ``dict`` of columns (``datasets.map(batched=True)``, Ray's
    numpy batches), a pandas ``DataFrame`` or a pyarrow ``Table`` /
    ``RecordBatch``. Values that are not strings (null...) are left as they
    are; the batch is never refused for one bad value. With
    ``changes_field``, a column of ``{code: count}`` per row is added (null
    for the rows that were not cleaned)."""
    if isinstance(batch, Mapping):
        return _clean_dict_batch(batch, text_field, config, changes_field)
    module = type(batch).__module__
    if module.startswith("pandas"):
        return _clean_pandas_batch(batch, text_field, config, changes_field)
    if module.startswith("pyarrow"):
        return _clean_arrow_batch(batch, text_field, config, changes_field)
    raise TypeError(
        f"clean_batch takes a dict of columns, a pandas DataFrame or a pyarrow Table/RecordBatch, "
        f"not {type(batch).__name__}"
    )


def _counts_column(results: Sequence[Result | None]) -> list[dict[str, int] | None]:
    return [None if r is None else rule_counts(r.changes) for r in results]


def _new_values(values: Sequence[Any], results: Sequence[Result | None]) -> list[Any]:
    return [v if r is None else r.text for v, r in zip(values, results, strict=True)]


def _clean_dict_batch(
    batch: Mapping[str, Any], text_field: str, config: Config | None, changes_field: str | None
) -> dict[str, Any]:
    if text_field not in batch:
        raise KeyError(f"the batch has no column '{text_field}' (columns: {', '.join(map(str, batch))})")
    column = batch[text_field]
    values = list(column)
    results = _clean_values(values, config)
    new_values: Any = _new_values(values, results)
    out = dict(batch)
    if type(column).__module__ == "numpy":  # give back the kind of column received (Ray: numpy)
        import numpy as np

        new_values = np.array(new_values, dtype=object)
    out[text_field] = new_values
    if changes_field is not None:
        out[changes_field] = _counts_column(results)
    return out


def _clean_pandas_batch(batch: Any, text_field: str, config: Config | None, changes_field: str | None) -> Any:
    if text_field not in batch.columns:
        raise KeyError(f"the DataFrame has no column '{text_field}'")
    values = batch[text_field].tolist()
    results = _clean_values(values, config)
    out = batch.copy(deep=False)
    out[text_field] = _new_values(values, results)
    if changes_field is not None:
        out[changes_field] = _counts_column(results)
    return out


def _clean_arrow_batch(batch: Any, text_field: str, config: Config | None, changes_field: str | None) -> Any:
    import pyarrow as pa

    index = batch.schema.get_field_index(text_field)
    if index < 0:
        raise KeyError(f"the batch has no column '{text_field}'")
    column = batch.column(index)
    values = column.to_pylist()
    results = _clean_values(values, config)
    out = batch.set_column(
        index, batch.schema.field(index), pa.array(_new_values(values, results), column.type)
    )
    if changes_field is not None:
        counts = pa.array([_map_items(r) for r in results], _COUNTS_TYPE())
        out = _with_column(out, changes_field, counts)
    return out


def _COUNTS_TYPE() -> Any:
    import pyarrow as pa

    return pa.map_(pa.string(), pa.int64())


def _map_items(result: Result | None) -> list[tuple[str, int]] | None:
    return None if result is None else list(rule_counts(result.changes).items())


def _with_column(table: Any, name: str, column: Any) -> Any:
    """``table`` with column ``name`` set to ``column`` (replaced if present)."""
    import pyarrow as pa

    index = table.schema.get_field_index(name)
    field = pa.field(name, column.type)
    if index >= 0:
        return table.set_column(index, field, column)
    return table.append_column(field, column)


# ---------------------------------------------------------------- JSON lines

_WS = re.compile(r"[ \t\n\r]*")  # JSON whitespace
_SCAN = make_scanner(json.JSONDecoder())  # type: ignore[arg-type]  # the C scanner
_BOM = "\ufeff"  # U+FEFF ZERO WIDTH NO-BREAK SPACE (a UTF-8 byte-order mark, decoded)


@dataclass(frozen=True, slots=True)
class _Members:
    """Where the top-level members of a JSON object line are: each key's
    value span (the last one for a repeated key, as ``json.loads`` keeps),
    the closing brace, and the separators the line is written with."""

    spans: dict[str, tuple[int, int]]
    close: int
    separators: tuple[str, str]


def _members(line: str, start: int) -> _Members:
    """Walk the object that starts at ``line[start]`` (already known to be
    valid JSON: ``json.loads`` read it)."""
    spans: dict[str, tuple[int, int]] = {}
    separators = (",", ":")
    i = _WS.match(line, start + 1).end()  # type: ignore[union-attr]
    while line[i] != "}":
        key, i = scanstring(line, i + 1)
        i = _WS.match(line, i).end() + 1  # type: ignore[union-attr]  # past ':'
        value_start = _WS.match(line, i).end()  # type: ignore[union-attr]
        if not spans and value_start > i:  # a space after the first colon: json.dumps' default style
            separators = (", ", ": ")
        _, end = _SCAN(line, value_start)
        spans[key] = (value_start, end)
        i = _WS.match(line, end).end()  # type: ignore[union-attr]
        if line[i] == ",":
            i = _WS.match(line, i + 1).end()  # type: ignore[union-attr]
    return _Members(spans, i, separators)


def _dumps(value: object, ascii_only: bool, separators: tuple[str, str]) -> str:
    """``value`` as JSON in the line's style; a lone surrogate (from a
    ``\\ud800`` escape) cannot be written as UTF-8, so it stays escaped."""
    out = json.dumps(value, ensure_ascii=ascii_only, separators=separators)
    if not ascii_only:
        try:
            out.encode("utf-8")
        except UnicodeEncodeError:
            out = json.dumps(value, ensure_ascii=True, separators=separators)
    return out


def _rewrite(
    line: str, start: int, field: str, new_text: str | None, counts_field: str | None, counts: Any
) -> str:
    """``line`` with the value of ``field`` replaced by ``new_text`` (when
    not None) and ``counts_field`` set to ``counts`` (when not None); every
    other byte of the line as it was."""
    members = _members(line, start)
    ascii_only = line.isascii() and "\\u" in line  # written by json.dumps' default ensure_ascii
    edits: list[tuple[int, int, str]] = []
    if new_text is not None:
        s, e = members.spans[field]
        edits.append((s, e, _dumps(new_text, ascii_only, members.separators)))
    if counts_field is not None:
        value = _dumps(counts, ascii_only, members.separators)
        if counts_field in members.spans:
            s, e = members.spans[counts_field]
            edits.append((s, e, value))
        else:
            comma = members.separators[0] if members.spans else ""
            key = _dumps(counts_field, ascii_only, members.separators)
            edits.append((members.close, members.close, f"{comma}{key}{members.separators[1]}{value}"))
    for s, e, text in sorted(edits, reverse=True):
        line = line[:s] + text + line[e:]
    return line


@dataclass(frozen=True, slots=True)
class _Spec:
    """What a worker needs to clean records (picklable)."""

    config: Config
    text_field: str
    changes_field: str | None
    keep_texts: bool
    display: str


@dataclass(frozen=True, slots=True)
class _Done:
    """One record (or blank line) cleaned: the bytes to write and what to report.
    ``result`` None and ``error`` None: a blank line, not a record."""

    number: int  # line or row, from 1
    data: bytes
    rewritten: bool = False  # data is not the line as read
    original: str = ""  # the document as cleaned (kept only for diffs and reports)
    result: Result | None = None
    error: str | None = None
    value: str | None = None  # Parquet: the cleaned text (None: keep the value read)


def _split_ending(line: bytes) -> tuple[bytes, bytes]:
    if line.endswith(b"\r\n"):
        return line[:-2], b"\r\n"
    if line.endswith(b"\n"):
        return line[:-1], b"\n"
    return line, b""


def _clean_line(number: int, line: bytes, spec: _Spec) -> _Done:
    """Clean the record on one JSONL line (``number`` counts from 1)."""
    body, ending = _split_ending(line)
    if not body.strip(b" \t\r"):
        return _Done(number, line)  # a blank line: kept, not a record
    where = f"{spec.display}:{number}"
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        return _Done(
            number, line, error=f"{where}: not UTF-8 (byte {err.start + 1}); record passed through unchanged"
        )
    start = 1 if number == 1 and text.startswith(_BOM) else 0
    try:
        record = json.loads(text[start:])
    except ValueError as err:
        reason = f"{err.msg} at column {err.colno}" if isinstance(err, json.JSONDecodeError) else str(err)
        return _Done(number, line, error=f"{where}: bad JSON ({reason}); record passed through unchanged")
    except RecursionError:
        return _Done(number, line, error=f"{where}: JSON nested too deeply; record passed through unchanged")
    problem = _field_problem(record, spec.text_field)
    if problem is not None:
        return _Done(number, line, error=f"{where}: {problem}; record passed through unchanged")
    original = record[spec.text_field]
    document, result = clean_document(original, spec.config)
    new = record_text(original, result.text)
    start = _WS.match(text, start).end()  # type: ignore[union-attr]
    data = line
    if new != original or spec.changes_field is not None:
        counts = rule_counts(result.changes) if spec.changes_field is not None else None
        rewritten = _rewrite(
            text, start, spec.text_field, new if new != original else None, spec.changes_field, counts
        )
        data = rewritten.encode("utf-8") + ending
    if not spec.keep_texts:
        document, result = "", replace(result, text="")
    return _Done(number, data, data != line, document, result)


def _clean_lines(batch: Sequence[tuple[int, bytes]], spec: _Spec) -> list[_Done]:
    """One worker task: a batch of numbered lines."""
    return [_clean_line(number, line, spec) for number, line in batch]


def _byte_lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Lines (with their ``\\n``) of a byte stream cut anywhere."""
    partial: list[bytes] = []
    for chunk in chunks:
        start = 0
        while True:
            nl = chunk.find(b"\n", start)
            if nl < 0:
                if start < len(chunk):
                    partial.append(chunk[start:])
                break
            if partial:
                partial.append(chunk[start : nl + 1])
                yield b"".join(partial)
                partial = []
            else:
                yield chunk[start : nl + 1]
            start = nl + 1
    if partial:
        yield b"".join(partial)


def _batches(items: Iterable[tuple[int, _T]], size: Callable[[_T], int]) -> Iterator[list[tuple[int, _T]]]:
    """Numbered items in batches of at most ``BATCH_RECORDS`` items or about
    ``BATCH_BYTES``: tasks big enough that shipping them to a worker costs
    little next to cleaning them."""
    batch: list[tuple[int, _T]] = []
    total = 0
    for item in items:
        batch.append(item)
        total += size(item[1])
        if len(batch) >= BATCH_RECORDS or total >= BATCH_BYTES:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch


def _mapped(
    fn: Callable[[_T, _Spec], _R], tasks: Iterable[_T], spec: _Spec, pool: DocPool | None
) -> Iterator[_R]:
    """``fn(task, spec)`` for each task, in order. With a pool, a bounded
    window of tasks runs ahead in its workers (as the runner does with a
    bundle's documents), so memory holds only the window."""
    if pool is None:
        for task in tasks:
            yield fn(task, spec)
        return
    limit = max(2, IN_FLIGHT_PER_WORKER * pool.workers)
    window: deque[Future[_R]] = deque()
    for task in tasks:
        window.append(pool.executor.submit(fn, task, spec))
        while len(window) > limit:
            yield window.popleft().result()
    while window:
        yield window.popleft().result()


# ---------------------------------------------------------------- byte streams


class _ChunkReader(io.RawIOBase):
    """A readable stream over an iterator of byte chunks (for ``gzip``)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._view = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._view:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._view = memoryview(chunk)
        n = min(len(buffer), len(self._view))
        buffer[:n] = self._view[:n]
        self._view = self._view[n:]
        return n


class _SinkFile(io.RawIOBase):
    """A writable file object over an :class:`OutputSink` (for ``gzip`` and pyarrow)."""

    def __init__(self, sink: OutputSink) -> None:
        self._sink = sink
        self._position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._sink.write(chunk)
        self._position += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self._position


def _is_gzip(source: Source, head: bytes) -> bool:
    """``.gz`` by name, or gzip's magic bytes for stdin and ``--format``."""
    return source.display.lower().endswith(".gz") or head[:2] == b"\x1f\x8b"


def _gunzipped(chunks: Iterable[bytes], display: str) -> Iterator[bytes]:
    try:
        with gzip.GzipFile(fileobj=_ChunkReader(chunks), mode="rb") as gz:
            while block := gz.read(1 << 20):
                yield block
    except (OSError, EOFError, zlib.error) as err:
        raise InputError(f"{display}: not a valid gzip file ({err}); file left unchanged") from None


def _head(opened: Opened) -> bytes:
    for chunk in opened.chunks():
        return chunk[:2]
    return b""


# ---------------------------------------------------------------- sources


# Records whose warnings keep their own outcome (and so their location) in a
# source without texts: as many as the run summary lists (RunSummary's max_warnings).
NAMED_WARNINGS = 30

_LightKey = tuple[tuple[Change, ...], tuple[Diagnostic, ...]]


@dataclass(slots=True)
class _Tally:
    """What a source's records came to: outcomes, bad records, whether any byte changed."""

    display: str
    keep_texts: bool
    outcomes: list[Outcome] = field(default_factory=list)
    errors: int = 0
    first_error: str | None = None
    rewritten: bool = False
    named_warnings: int = 0
    light: dict[_LightKey, Outcome] = field(default_factory=dict)

    def add(self, done: _Done) -> None:
        self.rewritten = self.rewritten or done.rewritten
        name = f"{self.display}:{done.number}"
        if done.error is not None:
            self.errors += 1
            self.first_error = self.first_error or done.error
            if self.errors <= MAX_LISTED_ERRORS:
                self.outcomes.append(Outcome(name, name, "", None, done.error))
            return
        if done.result is None:
            return  # a blank line
        if self.keep_texts:
            self.outcomes.append(Outcome(name, name, done.original, done.result))
        elif done.result.warnings and self.named_warnings < NAMED_WARNINGS:
            self.named_warnings += 1
            changes = tuple(_shared(c) for c in done.result.changes)
            self.outcomes.append(
                Outcome(name, name, "", Result("", changes, done.result.warnings), texts_dropped=True)
            )
        else:
            self.outcomes.append(self._light(name, done.result))

    def _light(self, name: str, result: Result) -> Outcome:
        """A record's outcome without texts or positions (only the summary
        reads it, and counts). Records with the same changes and warnings
        share one outcome, so a million records cost a million references,
        not a million objects."""
        changes = tuple(_shared(c) for c in result.changes)
        warnings = tuple(replace(w, line=0, col=0) for w in result.warnings)
        key = (changes, warnings)
        found = self.light.get(key)
        if found is None:
            if len(self.light) > 10_000:
                self.light.clear()
            found = Outcome(self.display, self.display, "", Result("", changes, warnings), texts_dropped=True)
            self.light[key] = found
        return found

    def error(self) -> str | None:
        """The source's error line (None when every record was cleaned)."""
        if self.first_error is None:
            return None
        if self.errors == 1:
            return self.first_error
        listed = "" if self.errors <= MAX_LISTED_ERRORS else f", the first {MAX_LISTED_ERRORS} listed"
        return (
            f"{self.first_error} ({self.errors} such records in {self.display}{listed}; "
            "the others were cleaned)"
        )


def _doc_pool(source: Source, job: Job, data: bytes | None) -> DocPool | None:
    """Worker processes for the records of one large source: only in the
    main process (when the runner spreads several files over workers, each
    worker cleans its file alone) and only when the source is large enough
    to pay for them."""
    if job.jobs <= 1 or multiprocessing.parent_process() is not None:
        return None
    if data is not None:
        size = len(data)
    else:
        try:
            size = source.path.stat().st_size if source.path is not None else 0
        except OSError:
            return None
    return DocPool(_pool(job.jobs), job.jobs) if size >= DOC_POOL_MIN_BYTES else None


def process_source(source: Source, job: Job, data: bytes | None) -> SourceReport:
    """Clean the records of a JSONL (``.jsonl``, ``.jsonl.gz``, stdin with
    ``--format jsonl``) or Parquet source and write them back (see the
    module doc). Raises InputError when the source as a whole cannot be
    read; then nothing is written."""
    if job.changes_field is not None and job.changes_field == job.text_field:
        raise InputError(
            f"{source.display}: --changes-field and --text-field are both '{job.text_field}'; "
            "file left unchanged"
        )
    fmt = formats.format_of(source.display, job.input_format)
    pool = _doc_pool(source, job, data)
    try:
        if fmt == formats.PARQUET:
            return _parquet_source(source, job, data, pool)
        return _jsonl_source(source, job, data, pool)
    finally:
        if pool is not None:
            pool.executor.shutdown(wait=True, cancel_futures=True)


def _spec(source: Source, job: Job) -> _Spec:
    return _Spec(job.config, job.text_field, job.changes_field, job.keep_texts, source.display)


def _jsonl_source(source: Source, job: Job, data: bytes | None, pool: DocPool | None) -> SourceReport:
    spec = _spec(source, job)
    with open_source(source, data) as opened:
        gz = _is_gzip(source, _head(opened))
        with _Output(source, job, opened) as output:
            out: Any = output.file
            if gz:
                out = gzip.GzipFile(fileobj=output.file, mode="wb", compresslevel=GZIP_LEVEL, mtime=0)
            chunks: Iterable[bytes] = opened.chunks()
            if gz:
                chunks = _gunzipped(chunks, source.display)
            tally = _Tally(source.display, job.keep_texts)
            tasks = _batches(enumerate(_byte_lines(chunks), 1), len)
            for done_list in _mapped(_clean_lines, tasks, spec, pool):
                for done in done_list:
                    out.write(done.data)
                    tally.add(done)
            out.close()
            return output.finish(tally)


class _Output:
    """Where a record source's output goes, and how it is put in place: as
    ``runner._process`` does for text (an :class:`OutputSink`, committed
    atomically; stdin's bytes returned; an unchanged file not rewritten in
    place, and mirrored byte for byte under ``--output``)."""

    def __init__(self, source: Source, job: Job, opened: Opened) -> None:
        self.source, self.job, self.opened = source, job, opened
        self.target = _target(source, job)
        discard = not source.is_stdin and not job.write
        self.sink = OutputSink(self.target, source.display, discard=discard)
        self.file = _SinkFile(self.sink)

    def __enter__(self) -> _Output:
        return self

    def __exit__(self, *exc: object) -> None:
        self.sink.abort()

    def finish(self, tally: _Tally) -> SourceReport:
        source, job = self.source, self.job
        changed = tally.rewritten
        report = SourceReport(source, tuple(tally.outcomes), error=tally.error(), changed=changed)
        if source.is_stdin:
            return replace(report, output=self.sink.getvalue())
        if not job.write or self.target is None:
            return report
        if job.output_dir is None and not changed:
            return report  # unchanged: not rewritten, mtime stays
        if not changed:
            # a mirror of an unchanged file is the file itself (gzip or
            # Parquet written again would differ in bytes, not in content)
            self.sink.abort()
            for chunk in self.opened.chunks():
                self.sink.write(chunk)
        commit_output(self.sink, source, self.target, self.opened, in_place=job.output_dir is None)
        return replace(report, wrote=True)


# ---------------------------------------------------------------- Parquet


def _pyarrow(display: str) -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(
            f"{display}: reading Parquet needs pyarrow: pip install 'cleandoc[parquet]'; file left unchanged"
        ) from None
    return pa, pq


def _clean_value(row: int, value: Any, spec: _Spec) -> _Done:
    """Clean the text of one Parquet row (``row`` counts from 1)."""
    if not isinstance(value, str):
        problem = f"field '{spec.text_field}' is {_kind(value)}, not a string"
        return _Done(row, b"", error=f"{spec.display}:{row}: {problem}; row passed through unchanged")
    document, result = clean_document(value, spec.config)
    new = record_text(value, result.text)
    if not spec.keep_texts:
        document, result = "", replace(result, text="")
    return _Done(row, b"", new != value, document, result, value=new)


def _clean_rows(batch: Sequence[tuple[int, Any]], spec: _Spec) -> list[_Done]:
    """One worker task: a batch of numbered values."""
    return [_clean_value(row, value, spec) for row, value in batch]


def _value_size(value: Any) -> int:
    return len(value) * 3 if isinstance(value, str) else 1


_CODECS = ("none", "snappy", "gzip", "brotli", "lz4", "zstd")  # what pyarrow's writer takes


def _compression(metadata: Any) -> str:
    """The codec the file was written with (of its first column), so the
    output is about the size of the input."""
    if metadata.num_row_groups == 0 or metadata.num_columns == 0:
        return "snappy"
    codec = str(metadata.row_group(0).column(0).compression).lower()
    codec = {"uncompressed": "none", "lz4_raw": "lz4"}.get(codec, codec)
    return codec if codec in _CODECS else "snappy"


def _parquet_source(source: Source, job: Job, data: bytes | None, pool: DocPool | None) -> SourceReport:
    """Rewrite a Parquet file row group by row group (memory: one row group),
    with the same schema, metadata and row groups; only the text column (and
    ``--changes-field``) differ."""
    pa, pq = _pyarrow(source.display)
    display, field = source.display, job.text_field
    spec = _spec(source, job)
    with open_source(source, data) as opened:
        try:
            parquet = pq.ParquetFile(pa.BufferReader(data) if data is not None else str(source.path))
        except (pa.ArrowException, OSError) as err:
            raise InputError(f"{display}: not a readable Parquet file ({err}); file left unchanged") from None
        schema = parquet.schema_arrow
        index = schema.get_field_index(field)
        if index < 0:
            raise InputError(
                f"{display}: no column '{field}' (see --text-field; columns: {', '.join(schema.names)}); "
                "file left unchanged"
            )
        kind = schema.field(index).type
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
            raise InputError(f"{display}: column '{field}' holds {kind}, not strings; file left unchanged")
        with _Output(source, job, opened) as output:
            tally = _Tally(display, job.keep_texts)
            writer = None
            row = 0
            try:
                for group in range(parquet.num_row_groups):
                    # One thread: Arrow's CPU pool, once started, can still be tearing down
                    # when the interpreter exits and then aborts the process (SIGABRT,
                    # "terminate called without an active exception", apache/arrow#34314):
                    # seen once here on `fix - --format parquet` under load. Decoding a
                    # row group is not where the time goes; cleaning its texts is.
                    table = parquet.read_row_group(group, use_threads=False)
                    values = table.column(index).to_pylist()
                    tasks = _batches(enumerate(values, row + 1), _value_size)
                    row += len(values)
                    done = [d for batch in _mapped(_clean_rows, tasks, spec, pool) for d in batch]
                    for d in done:
                        tally.add(d)
                    new_values = [
                        v if d.value is None else d.value for v, d in zip(values, done, strict=True)
                    ]
                    table = table.set_column(index, schema.field(index), pa.array(new_values, kind))
                    if job.changes_field is not None:
                        counts = [
                            None if d.result is None else list(rule_counts(d.result.changes).items())
                            for d in done
                        ]
                        table = _with_column(table, job.changes_field, pa.array(counts, _COUNTS_TYPE()))
                        tally.rewritten = True
                    if writer is None:
                        writer = pq.ParquetWriter(
                            output.file, table.schema, compression=_compression(parquet.metadata)
                        )
                    writer.write_table(table, row_group_size=max(1, table.num_rows))
                if writer is None:  # no row groups: the schema alone
                    out_schema = schema
                    if job.changes_field is not None:
                        out_schema = _with_column(
                            schema.empty_table(), job.changes_field, pa.array([], _COUNTS_TYPE())
                        ).schema
                    writer = pq.ParquetWriter(
                        output.file, out_schema, compression=_compression(parquet.metadata)
                    )
            except pa.ArrowException as err:
                raise InputError(
                    f"{display}: cannot read or write Parquet ({err}); file left unchanged"
                ) from None
            finally:
                if writer is not None:
                    writer.close()
            return output.finish(tally)
