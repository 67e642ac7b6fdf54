"""Process sources: read, split, clean every document, put the source back
together, write it. One function per source, so sources can be spread over
processes (``--jobs``) with the same output as a single process.

Memory is bounded: a source is streamed document by document (only the
document being cleaned and, without ``keep_texts``, the change records are
held), its output goes progressively into a temp file, and :func:`run` keeps
at most a few sources per worker in flight. If the source turns out to be
malformed half-way, the temp file is deleted and the original is untouched.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from cleandoc import formats
from cleandoc.config import Config
from cleandoc.model import Change, Outcome
from cleandoc.pipeline import clean
from cleandoc.reader import (
    InputError,
    Opened,
    Segment,
    Source,
    codec_key,
    content_digest,
    decode_chunks,
    detect_encoding,
    is_temp_name,
    iter_lines,
    iter_segments,
    marker_of,
    open_source,
    printable,
)
from cleandoc.review import Review, ReviewError
from cleandoc.verbatim import config_for
from cleandoc.writer import OutputSink, TextEncoder, output_path, remove_stale_temp, save_conflict

T = TypeVar("T")
IN_FLIGHT_PER_WORKER = 4  # sources submitted ahead of the one being yielded
# Written sources whose commit may still be under way while the next ones are
# cleaned (see _run_here): each holds up to writer.SPILL_SIZE bytes and a file.
COMMITS_AHEAD = 8
# A single source this large has its documents spread over worker processes;
# below it, starting workers and shipping documents to them costs more than it saves.
DOC_POOL_MIN_BYTES = 2_000_000
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>, for _die_with_parent


@dataclass(frozen=True, slots=True)
class Job:
    config: Config
    write: bool  # False under --dry-run and check
    output_dir: Path | None = None  # --output
    keep_texts: bool = True  # keep original/result texts for diffs and reports
    input_format: str | None = None  # --format: read every source as this (formats.FORMATS)
    text_field: str = "text"  # --text-field: the field of a record that is cleaned
    changes_field: str | None = None  # --changes-field: where a record gets its {code: count}
    jobs: int = 1  # --jobs: worker processes a single large record source may use
    review: Review | None = None  # --apply-review: changes not to make


@dataclass(frozen=True, slots=True)
class DocPool:
    """Worker processes that clean the documents of one large source."""

    executor: ProcessPoolExecutor
    workers: int


@dataclass(frozen=True, slots=True)
class SourceReport:
    source: Source
    outcomes: tuple[Outcome, ...] = ()
    error: str | None = None
    changed: bool = False
    wrote: bool = False
    output: bytes | None = None  # cleaned bytes for stdin sources


@dataclass(frozen=True, slots=True)
class _Pending:
    """A source cleaned and written to its temp file, whose commit (fsync,
    then rename) runs in the background: ``report`` is its report once the
    commit has succeeded."""

    report: SourceReport
    commit: Future[None]


# How a source that is not text is processed: its own reader and writer, the
# same cleaning. Each takes the source, the job and stdin's bytes (or None).
SourceHandler = Callable[[Source, Job, bytes | None], SourceReport]


def _handler_for(source: Source, job: Job, data: bytes | None = None) -> SourceHandler | None:
    """The handler of a source that is not plain text or a bundle (None for
    text). Imported on first use, so optional dependencies load only then."""
    try:
        fmt = formats.format_of(source.display, job.input_format)
        if fmt == formats.TEXT and source.is_stdin and job.input_format is None and data:
            fmt = formats.sniff(data) or fmt  # a pipe has no name: its bytes say what it is
    except formats.UnsupportedFormat as err:
        raise InputError(f"{source.display}: {err}; file left unchanged") from None
    if fmt == formats.TEXT:
        return None
    if fmt == formats.PDF:
        from cleandoc import pdf

        return pdf.process_source
    from cleandoc import records

    return records.process_source


def process(source: Source, job: Job, data: bytes | None = None, pool: DocPool | None = None) -> SourceReport:
    """Clean one source; never raises for bad input (the error is reported
    and the file is left byte-identical). With a ``pool``, the documents of
    a bundle are cleaned in its worker processes (in order)."""
    done = _attempt(source, job, data, pool, None)
    assert isinstance(done, SourceReport)  # without a committer the file is written here
    return done


def _attempt(
    source: Source, job: Job, data: bytes | None, pool: DocPool | None, committer: Executor | None
) -> SourceReport | _Pending:
    """``_process`` with any failure turned into the source's error report."""
    try:
        return _process(source, job, data, pool, committer)
    except Exception as err:
        return _error_report(source, err)


def _settle(waiting: SourceReport | _Pending) -> SourceReport:
    """The final report of a source: once its commit is done, if it has one."""
    if isinstance(waiting, SourceReport):
        return waiting
    try:
        waiting.commit.result()
    except Exception as err:
        return _error_report(waiting.report.source, err)
    return waiting.report


def _error_report(source: Source, err: Exception) -> SourceReport:
    if isinstance(err, InputError):
        return SourceReport(source, error=_one_line(str(err)))
    if isinstance(err, MemoryError):
        return SourceReport(
            source,
            error=f"{source.display}: out of memory while cleaning it; file left unchanged "
            "(run it alone, with fewer --jobs, or split it into smaller documents)",
        )
    if isinstance(err, RecursionError):  # pragma: no cover - defensive
        return SourceReport(source, error=f"{source.display}: internal recursion limit; file left unchanged")
    # a bug in a rule must not take the other files down
    return SourceReport(
        source,
        error=_one_line(
            f"{source.display}: internal error ({type(err).__name__}: {err}); "
            "file left unchanged, please report"
        ),
    )


def _one_line(message: str) -> str:
    return " ".join(message.split("\n"))


def _target(source: Source, job: Job) -> Path | None:
    """Where the output would go (None: stdin, or only reporting)."""
    if source.is_stdin:
        return None
    if job.output_dir is not None:
        return output_path(job.output_dir, source.rel)
    assert source.path is not None
    return source.path.resolve()  # through a symlink, to the file itself


def _process(
    source: Source, job: Job, data: bytes | None, pool: DocPool | None, committer: Executor | None
) -> SourceReport | _Pending:
    """Clean ``source`` and write it; with a ``committer``, the last step of
    the write (check, fsync, rename) is handed to it and a ``_Pending`` returned."""
    handler = _handler_for(source, job, data)
    if handler is not None:
        return handler(source, job, data)
    config = job.config
    target = _target(source, job)
    with open_source(source, data) as opened:
        encoding = detect_encoding(opened.chunks, source.display, config.encoding)
        encoder = TextEncoder(encoding, config.output_encoding, source.display)
        converting = config.output_encoding is not None and codec_key(config.output_encoding) != encoding.key
        discard = not source.is_stdin and not job.write
        # messages name the path as the user gave it (the output's, under --output)
        shown = source.display if job.output_dir is None else str(job.output_dir / source.rel)
        with OutputSink(target, shown, discard=discard) as sink:
            outcomes: list[Outcome] = []
            changed = False
            lines = iter_lines(decode_chunks(opened.chunks(), encoding, source.display), source.display)
            segments = iter_segments(lines, source.display)
            for seg, cleaned in _cleaned_segments(segments, config, source.display, pool, job.review):
                new_text = seg.text
                if cleaned is not None:
                    new_text, outcome = cleaned
                    changed = changed or outcome.changed
                    outcomes.append(outcome if job.keep_texts else _light(outcome))
                first = seg.line - 1 if seg.header else seg.line
                sink.write(encoder.encode(seg.header + new_text + seg.footer, first))
            sink.write(encoder.finish())
            report = SourceReport(source, tuple(outcomes), changed=changed)
            if source.is_stdin:
                return replace(report, output=sink.getvalue())
            if not job.write or target is None:
                return report
            if job.output_dir is None and not (changed or converting):
                return report  # unchanged: not rewritten, mtime stays
            in_place = job.output_dir is None and source.path is not None
            if committer is None:
                commit_output(sink, source, target, opened, in_place)
                return replace(report, wrote=True)
            commit = committer.submit(commit_output, sink.detach(), source, target, opened, in_place)
            return _Pending(replace(report, wrote=True), commit)


def commit_output(sink: OutputSink, source: Source, target: Path, opened: Opened, in_place: bool) -> None:
    """Put ``sink`` in place at ``target``, for any kind of source. In place,
    the file read is the one replaced: it must still be as read (identity and
    digest of ``opened``), and the new file gets its permissions and owner."""
    place = _Place(target, opened.identity, opened.digest, True) if in_place else _Place(target)
    _put_in_place(sink, source, place, opened.mode, opened.owner if in_place else None)


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a source's output goes; for a file replaced in place, what the
    file was when read (identity, and the digest of small files)."""

    target: Path
    identity: tuple[int, int, int, int] | None = None
    digest: bytes | None = None
    in_place: bool = False


def _put_in_place(
    sink: OutputSink,
    source: Source,
    place: _Place,
    mode: int | None,
    owner: tuple[int, int] | None,
) -> None:
    """Commit ``sink`` over ``place.target``. A file replaced in place is
    checked (see _check_writable) after the fsync, right before the rename,
    wherever the commit runs, so an edit made meanwhile is not lost."""
    guard = (lambda: _check_writable(source, place)) if place.in_place else None
    sink.commit(mode, owner, guard)


def _check_writable(source: Source, place: _Place) -> Callable[[], None]:
    """Refuse to replace a file the user cannot write (replacing it would
    succeed, since only the folder's permission counts for a rename), one with
    other hard links (they would keep the old text: decided, reported rather
    than written through, which could not be atomic), or one that changed
    since it was read: same inode, size and mtime, and for files up to
    reader.SMALL_FILE the same bytes (a same-size rewrite within the
    file system's timestamp tick keeps the mtime).

    Returns the check to run right after the rename: the old file stays open,
    so a write that reached it in the microseconds between this check and the
    rename (a program that had it open) is seen, and its text saved next to
    the file and reported instead of lost."""
    target = place.target
    if not os.access(target, os.W_OK):
        raise InputError(f"{source.display}: no write permission; the file is unchanged")
    fd = -1
    try:
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        st = os.fstat(fd)
        if st.st_nlink > 1:
            raise InputError(
                f"{source.display}: has {st.st_nlink} hard links, which replacing it would break "
                "(the other names would keep the old text); left unchanged (use --output)"
            )
        changed = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns) != place.identity
        if not changed and place.digest is not None:
            changed = content_digest(_read_fd(fd)) != place.digest
    except OSError as err:
        _close(fd)
        raise InputError(
            f"{source.display}: cannot write: {err.strerror or err}; the file is unchanged"
        ) from None
    except InputError:
        _close(fd)
        raise
    if changed:
        _close(fd)
        raise InputError(
            f"{source.display}: changed by someone else during the run; left as it is (run again)"
        )
    return lambda: _after_rename(source, target, fd, st)


def _read_fd(fd: int) -> bytes:
    parts = []
    while chunk := os.read(fd, 1 << 20):
        parts.append(chunk)
    return b"".join(parts)


def _close(fd: int) -> None:
    if fd >= 0:
        with contextlib.suppress(OSError):
            os.close(fd)


def _after_rename(source: Source, target: Path, fd: int, before: os.stat_result) -> None:
    """The old file, still open: if it grew or changed since the check, a
    program wrote into it as it was replaced; save that version and say so."""
    try:
        now = os.fstat(fd)
        if (now.st_size, now.st_mtime_ns) == (before.st_size, before.st_mtime_ns):
            return
        saved = save_conflict(fd, target)
    except OSError as err:  # pragma: no cover - the old file was readable a moment ago
        raise InputError(f"{source.display}: written to while it was replaced ({err}); check it") from None
    finally:
        _close(fd)
    raise InputError(
        f"{source.display}: written to by another program while it was replaced: the cleaned text is "
        f"in place and that program's version is saved as {printable(str(saved))}; merge them by hand"
    )


def _cleaned_segments(
    segments: Iterator[Segment],
    config: Config,
    display: str,
    pool: DocPool | None,
    review: Review | None = None,
) -> Iterator[tuple[Segment, tuple[str, Outcome] | None]]:
    """Each segment with its cleaned text and outcome (None for text outside
    documents), in order. With a pool, a bounded window of documents is
    cleaned ahead in the workers, so a single large bundle uses every core
    without being read into memory at once."""
    if pool is None:
        for seg in segments:
            yield seg, (_clean_segment(seg, config, display, review) if seg.name is not None else None)
        return
    limit = max(2, IN_FLIGHT_PER_WORKER * pool.workers)
    window: deque[tuple[Segment, Future[tuple[str, Outcome]] | None]] = deque()
    for seg in segments:
        fut = (
            pool.executor.submit(_clean_segment, seg, config, display, review)
            if seg.name is not None
            else None
        )
        check_stop()
        window.append((seg, fut))
        while len(window) > limit:
            done_seg, done = window.popleft()
            yield done_seg, (_result(done) if done is not None else None)
    while window:
        done_seg, done = window.popleft()
        yield done_seg, (_result(done) if done is not None else None)


def _clean_segment(
    seg: Segment, config: Config, display: str, review: Review | None = None
) -> tuple[str, Outcome]:
    """Clean one document; return its text to write (as read when unchanged,
    so unchanged documents stay byte-identical, mixed newlines included).

    Every line ending (``\\r\\n``, ``\\n`` and a lone ``\\r``, as in CR-only files
    of old Mac editors) is a line break while cleaning, and the cleaned text is
    written in the document's majority style (ties: CRLF, then LF). A lone CR
    left inside a line would be cleaned as a space-like character and come
    back as a mixed ending, so ``fix`` then ``check`` would not agree.
    A review's rejected changes are left out; one that does not match makes
    the whole source an error (left untouched)."""
    raw = seg.text
    newline, text = _normalized(raw)
    # a bundle member's own name says its format; else the file's (or --stdin-filename)
    result = clean(text, config_for(seg.name or display, config))
    if review is not None:
        try:
            result = review.apply(display, seg.name or display, text, result)
        except ReviewError as err:
            raise InputError(f"{display}: {err}; file left unchanged") from None
    new = result.text
    if seg.header and new and not new.endswith("\n"):
        new += "\n"  # the END marker must stay on a line of its own
    outcome = Outcome(display, seg.name or display, text, result, first_line=seg.line)
    if new == text:
        return raw, outcome
    _no_new_markers(new, seg, display)
    return (new.replace("\n", newline) if newline != "\n" else new), outcome


def _normalized(raw: str) -> tuple[str, str]:
    """The majority line ending of ``raw`` and ``raw`` with ``\\n`` endings."""
    if "\r" not in raw:
        return "\n", raw
    crlf = raw.count("\r\n")
    lf, cr = raw.count("\n") - crlf, raw.count("\r") - crlf
    newline = "\r\n" if crlf >= max(lf, cr) else "\n" if lf >= cr else "\r"
    text = raw.replace("\r\n", "\n") if crlf else raw
    return newline, (text.replace("\r", "\n") if cr else text)


def _no_new_markers(text: str, seg: Segment, display: str) -> None:
    """A cleaned document must read back as the same document: a line that
    became a marker (a rule that split or unindented it) would split the
    bundle differently next time, so it is refused rather than written."""
    if "<<<" not in text:
        return
    for i, line in enumerate(text.split("\n")):
        if marker_of(line):
            raise InputError(
                f"{display}:{seg.line}: cleaning document '{seg.name}' would create a bundle marker line "
                f"(its line {i + 1}); file left unchanged, please report"
            )


def _light(outcome: Outcome) -> Outcome:
    """Drop the texts: the summary only counts the change records, so their
    positions are dropped too and equal records shared (a 1 GB bundle fixing
    the same comma a million times then holds one record, not a million)."""
    if outcome.result is None:
        return outcome
    changes = tuple(_shared(c) for c in outcome.result.changes)
    result = replace(outcome.result, text="", changes=changes)
    return replace(outcome, original="", result=result, texts_dropped=True)


_SHARED: dict[tuple[str, str, str, str, str, bool], Change] = {}


def _shared(change: Change) -> Change:
    """``change`` without its position, one object per distinct record. Keyed
    on a tuple of the fields kept: ``dataclasses.replace`` per change was a
    tenth of a CLI run."""
    c = change
    key = (c.code, c.name, c.old, c.new, c.note, c.removed)
    found = _SHARED.get(key)
    if found is None:
        if len(_SHARED) > 100_000:  # bound the table itself
            _SHARED.clear()
        found = _SHARED[key] = Change(c.code, c.name, 0, 0, c.old, c.new, c.note, c.removed, 0, 0)
    return found


def _clashes(sources: Sequence[Source], job: Job) -> dict[int, str]:
    """Under --output, two inputs with the same relative path would be written
    to the same file; the second one is an error instead."""
    if job.output_dir is None:
        return {}
    first: dict[Path, str] = {}
    clashes: dict[int, str] = {}
    for i, s in enumerate(sources):
        if s.is_stdin:
            continue
        rel = _output_rel(s, job)
        if rel in first:
            clashes[i] = f"{s.display}: would be written to {job.output_dir / rel} like {first[rel]}; skipped"
        else:
            first[rel] = s.display
    return clashes


def _output_rel(source: Source, job: Job) -> Path:
    """The path under --output a source is written to: a PDF's text goes to NAME.txt."""
    try:
        is_pdf = formats.format_of(source.display, job.input_format) == formats.PDF
    except formats.UnsupportedFormat:
        return source.rel  # refused when processed
    return source.rel.with_suffix(".txt") if is_pdf else source.rel


def run(
    sources: Sequence[Source], job: Job, jobs: int, stdin_data: bytes | None = None
) -> Generator[SourceReport, None, None]:
    """Process sources in order (results come back in input order whatever
    ``jobs`` is). With ``jobs`` > 1 at most ``IN_FLIGHT_PER_WORKER * jobs``
    sources are submitted ahead, so memory does not grow with the input."""
    clashes = _clashes(sources, job)
    file_count = sum(1 for s in sources if not s.is_stdin)
    if jobs <= 1 or file_count < 2:
        # One source (a bundle, or stdin): its documents are what can be
        # spread over the workers.
        big = jobs > 1 and any(_size(s, stdin_data) >= DOC_POOL_MIN_BYTES for s in sources)
        pool = DocPool(_pool(jobs), jobs) if big else None
        try:
            yield from _run_here(sources, job, stdin_data, clashes, pool)
        except BaseException:  # Ctrl-C, SIGTERM, the caller closing us: do not wait for the workers
            if pool is not None:
                _stop(pool.executor)
            raise
        if pool is not None:
            pool.executor.shutdown(wait=True, cancel_futures=True)
        return
    yield from _run_pool(sources, job, jobs, stdin_data, clashes)


def _run_here(
    sources: Sequence[Source],
    job: Job,
    stdin_data: bytes | None,
    clashes: dict[int, str],
    pool: DocPool | None,
) -> Iterator[SourceReport]:
    """The sources one after the other in this process. Each written file is
    committed in a background thread while the next sources are cleaned: the
    fsync waits for the disk (a millisecond or more per file, a tenth of the
    run on a folder of small files) with the interpreter lock released. One
    thread, so files are committed in order; a report is yielded once its
    file is in place. Leaving early (an error, Ctrl-C) still waits for the
    commits under way, so every file is old or new."""
    with ThreadPoolExecutor(1, thread_name_prefix="cleandoc-commit") as committer:
        waiting: deque[SourceReport | _Pending] = deque()
        for i, s in enumerate(sources):
            if i in clashes:
                waiting.append(SourceReport(s, error=clashes[i]))
            else:
                waiting.append(_attempt(s, job, stdin_data if s.is_stdin else None, pool, committer))
            check_stop()
            while waiting and (len(waiting) > COMMITS_AHEAD or _settled(waiting[0])):
                yield _settle(waiting.popleft())
        while waiting:
            yield _settle(waiting.popleft())


def _settled(waiting: SourceReport | _Pending) -> bool:
    return isinstance(waiting, SourceReport) or waiting.commit.done()


def _run_pool(
    sources: Sequence[Source], job: Job, jobs: int, stdin_data: bytes | None, clashes: dict[int, str]
) -> Iterator[SourceReport]:
    limit = max(2, IN_FLIGHT_PER_WORKER * jobs)
    next_index = 0
    while next_index < len(sources):
        pool = _pool(jobs)
        window: deque[tuple[int, Future[SourceReport] | None]] = deque()
        broken = False
        unreported = next_index  # sources from here to next_index may be in a worker's hands
        try:
            while True:
                while not broken and next_index < len(sources) and len(window) < limit:
                    s = sources[next_index]
                    local = s.is_stdin or next_index in clashes  # stdin is read here, not in workers
                    try:
                        fut = None if local else pool.submit(process, s, job, None)
                        check_stop()
                    except BrokenProcessPool:
                        broken = True  # this source goes to the next pool...
                        if window:
                            break
                        fut = None  # ...unless no pool can run it at all: then here
                    window.append((next_index, fut))
                    next_index += 1
                if not window:
                    break
                i, taken = window[0]
                s = sources[i]
                if taken is None:
                    window.popleft()
                    data = stdin_data if s.is_stdin else None
                    unreported = i + 1
                    yield SourceReport(s, error=clashes[i]) if i in clashes else process(s, job, data)
                    continue
                try:
                    done = _result(taken)
                except BrokenProcessPool:
                    # A worker died (killed, out of memory): the sources in
                    # flight are reported, the rest go to a fresh pool.
                    broken = True
                    done = SourceReport(
                        s,
                        error=f"{s.display}: not processed: a worker process died (killed or out of memory)",
                    )
                window.popleft()
                unreported = i + 1
                yield done
        except BaseException:
            # Interrupted (Ctrl-C, SIGTERM) or closed early: end the workers at
            # once, even inside a huge document, instead of waiting for them;
            # each file they were writing is old or new (atomic rename), and
            # the temp files they leave are removed here.
            _stop(pool)
            _remove_temps(sources[unreported:next_index], job)
            raise
        pool.shutdown(wait=True, cancel_futures=True)


# Set by the CLI's SIGINT/SIGTERM handler, which also raises KeyboardInterrupt.
# The flag is what makes an interrupt certain: a signal that lands while
# Python runs a callback whose exceptions are printed and dropped (an at-fork
# handler as a worker is started, a __del__) loses its KeyboardInterrupt, so
# every wait below also looks at the flag.
STOP = threading.Event()
POLL = 0.1  # seconds between looks at STOP while waiting for a worker


def check_stop() -> None:
    if STOP.is_set():
        raise KeyboardInterrupt


def _result(fut: Future[T]) -> T:
    """``fut.result()``, interrupted when STOP is set."""
    while True:
        try:
            return fut.result(timeout=POLL)
        except TimeoutError:
            check_stop()


def _stop(executor: ProcessPoolExecutor) -> None:
    """End a pool now: kill its workers (SIGKILL: they may be deep inside a
    regular expression, where no signal handler runs) and reap them, so that
    neither this process nor its exit waits for a worker, busy or idle."""
    workers = list((getattr(executor, "_processes", None) or {}).values())  # no public API for this
    # Taken before shutdown(), which forgets it: no public API for this either.
    manager = getattr(executor, "_executor_manager_thread", None)
    for proc in workers:
        with contextlib.suppress(Exception):
            proc.kill()
    for proc in workers:
        with contextlib.suppress(Exception):
            proc.join(5)
    with contextlib.suppress(Exception):
        executor.shutdown(wait=False, cancel_futures=True)
    # Let the pool's manager thread see its dead workers and close its wakeup
    # pipe now: left running, it can close the pipe while the interpreter's
    # exit hook is writing to it (CPython 3.11 races there and prints a
    # traceback, "Bad file descriptor", on an interrupted run; seen in CI).
    if manager is not None:
        manager.join(5)


def _remove_temps(sources: Sequence[Source], job: Job) -> None:
    """Remove the temp files that killed workers left for ``sources``."""
    if not job.write:
        return
    for source in sources:
        if source.is_stdin:
            continue
        with contextlib.suppress(Exception):
            target = _target(source, job)
            if target is None:
                continue
            prefix = f".{os.fsencode(target.name)[:80].decode('utf-8', 'ignore')}."
            for entry in os.scandir(target.parent):
                if entry.name.startswith(prefix) and is_temp_name(entry.name):
                    remove_stale_temp(Path(entry.path), min_age=0)


def _die_with_parent(parent: int) -> None:
    """Worker initializer: on Linux, ask the kernel to end this worker when
    the main process dies (even by SIGKILL), so no orphan is left behind.
    Workers only clean text or write through temp files, so ending them
    anywhere leaves every file either old or new.

    Ctrl-C reaches the whole process group: workers ignore SIGINT and take
    SIGTERM's default action, and the main process ends them (``_stop``), so
    an interrupt neither prints a traceback per worker nor leaves one running."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers end when their pipe closes
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def tune_gc() -> None:
    """Collect cyclic garbage far less often, for a process that only cleans.

    Cleaning makes millions of short-lived, acyclic objects (lines, edits,
    matches) that reference counting frees at once; the cyclic collector
    finds nothing among them but is triggered every 700 allocations and
    traverses every live object on its full runs, which grow with the
    document: about a tenth of the time on a corpus and a fifth on a 4 MB
    document. The modules loaded so far are frozen out of its reach too.
    The CLI calls this; ``clean()`` leaves the caller's settings alone.
    """
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def _pool(jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, initializer=_die_with_parent, initargs=(os.getpid(),))


def _size(source: Source, stdin_data: bytes | None) -> int:
    if source.is_stdin:
        return len(stdin_data or b"")
    try:
        return source.path.stat().st_size if source.path is not None else 0
    except OSError:
        return 0  # reported when the source is opened


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def read_stdin() -> bytes:
    return sys.stdin.buffer.read()
