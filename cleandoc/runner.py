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

import ctypes
import gc
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from cleandoc import formats
from cleandoc.config import Config
from cleandoc.model import Change, Outcome
from cleandoc.pipeline import clean
from cleandoc.reader import (
    InputError,
    Segment,
    Source,
    codec_key,
    decode_chunks,
    detect_encoding,
    iter_lines,
    iter_segments,
    marker_of,
    open_source,
)
from cleandoc.review import Review, ReviewError
from cleandoc.writer import OutputSink, TextEncoder, output_path

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


def _handler_for(source: Source, job: Job) -> SourceHandler | None:
    """The handler of a source that is not plain text or a bundle (None for
    text). Imported on first use, so optional dependencies load only then."""
    try:
        fmt = formats.format_of(source.display, job.input_format)
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
    handler = _handler_for(source, job)
    if handler is not None:
        return handler(source, job, data)
    config = job.config
    target = _target(source, job)
    with open_source(source, data) as opened:
        encoding = detect_encoding(opened.chunks, source.display, config.encoding)
        encoder = TextEncoder(encoding, config.output_encoding, source.display)
        converting = config.output_encoding is not None and codec_key(config.output_encoding) != encoding.key
        discard = not source.is_stdin and not job.write
        with OutputSink(target, source.display, discard=discard) as sink:
            outcomes: list[Outcome] = []
            changed = False
            lines = iter_lines(decode_chunks(opened.chunks(), encoding, source.display))
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
            # in place: the file read is the one replaced, and must still be as read
            in_place = job.output_dir is None and source.path is not None
            place = (target, opened.identity if in_place else None, in_place)
            owner = opened.owner if job.output_dir is None else None
            if committer is None:
                _put_in_place(sink, source, place, opened.mode, owner)
                return replace(report, wrote=True)
            commit = committer.submit(_put_in_place, sink.detach(), source, place, opened.mode, owner)
            return _Pending(replace(report, wrote=True), commit)


def _put_in_place(
    sink: OutputSink,
    source: Source,
    place: tuple[Path, tuple[int, int, int, int] | None, bool],
    mode: int | None,
    owner: tuple[int, int] | None,
) -> None:
    """Commit ``sink`` over the target of ``place`` (target, identity of the
    file as read, whether it is replaced in place); a file replaced in place
    is checked first (see _check_writable), right before the rename wherever
    the commit runs, so an edit made meanwhile is never lost."""
    target, identity, in_place = place
    if in_place:
        try:
            _check_writable(source, target, identity)
        except InputError:
            sink.abort()
            raise
    sink.commit(mode, owner)


def _check_writable(source: Source, target: Path, identity: tuple[int, int, int, int] | None) -> None:
    """Refuse to replace a file the user cannot write (replacing it would
    succeed, since only the folder's permission counts for a rename) or that
    changed since it was read (someone else's edit would be lost)."""
    if not os.access(target, os.W_OK):
        raise InputError(f"{source.display}: no write permission; the file is unchanged")
    try:
        st = os.stat(target)
    except OSError as err:
        raise InputError(
            f"{source.display}: cannot write: {err.strerror or err}; the file is unchanged"
        ) from None
    if identity is not None and (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns) != identity:
        raise InputError(
            f"{source.display}: changed by someone else during the run; left as it is (run again)"
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
        window.append((seg, fut))
        while len(window) > limit:
            done_seg, done = window.popleft()
            yield done_seg, (done.result() if done is not None else None)
    while window:
        done_seg, done = window.popleft()
        yield done_seg, (done.result() if done is not None else None)


def _clean_segment(
    seg: Segment, config: Config, display: str, review: Review | None = None
) -> tuple[str, Outcome]:
    """Clean one document; return its text to write (as read when unchanged,
    so unchanged documents stay byte-identical, mixed newlines included).
    A review's rejected changes are left out; one that does not match makes
    the whole source an error (left untouched)."""
    raw = seg.text
    crlf = raw.count("\r\n")
    newline = "\r\n" if crlf and crlf * 2 >= raw.count("\n") else "\n"
    text = raw.replace("\r\n", "\n") if crlf else raw
    result = clean(text, config)
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
        if s.rel in first:
            clashes[i] = (
                f"{s.display}: would be written to {job.output_dir / s.rel} like {first[s.rel]}; skipped"
            )
        else:
            first[s.rel] = s.display
    return clashes


def run(
    sources: Sequence[Source], job: Job, jobs: int, stdin_data: bytes | None = None
) -> Iterator[SourceReport]:
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
        finally:
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
        try:
            while True:
                while not broken and next_index < len(sources) and len(window) < limit:
                    s = sources[next_index]
                    local = s.is_stdin or next_index in clashes  # stdin is read here, not in workers
                    try:
                        fut = None if local else pool.submit(process, s, job, None)
                    except BrokenProcessPool:
                        broken = True  # this source goes to the next pool...
                        if window:
                            break
                        fut = None  # ...unless no pool can run it at all: then here
                    window.append((next_index, fut))
                    next_index += 1
                if not window:
                    break
                i, taken = window.popleft()
                s = sources[i]
                if taken is None:
                    data = stdin_data if s.is_stdin else None
                    yield SourceReport(s, error=clashes[i]) if i in clashes else process(s, job, data)
                    continue
                try:
                    yield taken.result()
                except BrokenProcessPool:
                    # A worker died (killed, out of memory): the sources in
                    # flight are reported, the rest go to a fresh pool.
                    broken = True
                    yield SourceReport(
                        s,
                        error=f"{s.display}: not processed: a worker process died (killed or out of memory)",
                    )
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _die_with_parent(parent: int) -> None:
    """Worker initializer: on Linux, ask the kernel to end this worker when
    the main process dies (even by SIGKILL), so no orphan is left behind.
    Workers only clean text or write through temp files, so ending them
    anywhere leaves every file either old or new."""
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
