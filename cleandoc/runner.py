"""Process sources: read, split, clean every document, put the source back
together, write it. One function per source, so sources can be spread over
processes (``--jobs``) with the same output as a single process."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from cleandoc.config import Config
from cleandoc.model import Outcome
from cleandoc.pipeline import clean
from cleandoc.reader import Decoded, InputError, Source, decode, join_segments, split_bundle
from cleandoc.writer import atomic_write, encode, output_path


@dataclass(frozen=True, slots=True)
class Job:
    config: Config
    write: bool  # False under --dry-run and check
    output_dir: Path | None = None  # --output
    keep_texts: bool = True  # keep original/result texts for diffs and reports


@dataclass(frozen=True, slots=True)
class SourceReport:
    source: Source
    outcomes: tuple[Outcome, ...] = ()
    error: str | None = None
    changed: bool = False
    wrote: bool = False
    output: bytes | None = None  # cleaned bytes for stdin sources


def process(source: Source, job: Job, data: bytes | None = None) -> SourceReport:
    """Clean one source; never raises for bad input (the error is reported)."""
    try:
        if data is None:
            assert source.path is not None
            data = _read(source)
        decoded = decode(data, source.display, job.config.encoding)
        segments = split_bundle(decoded.text, source.display)
        outcomes: list[Outcome] = []
        new_segments = []
        for seg in segments:
            if seg.name is None:
                new_segments.append(seg)
                continue
            result = clean(seg.text, job.config)
            text = result.text
            if seg.header and text and not text.endswith("\n"):
                text += "\n"  # the END marker must stay on a line of its own
            new_segments.append(replace(seg, text=text))
            outcomes.append(Outcome(source.display, seg.name, seg.text, result))
        new_text = join_segments(new_segments)
        changed = new_text != decoded.text
        report = SourceReport(source, tuple(outcomes), changed=changed)
        if source.is_stdin:
            return replace(report, output=_encode_for(new_text, decoded, job, source))
        if job.output_dir is not None:
            target = output_path(job.output_dir, source.rel)
            if job.write:
                atomic_write(target, _encode_for(new_text, decoded, job, source))
                report = replace(report, wrote=True)
        elif changed and job.write:
            assert source.path is not None
            atomic_write(source.path, _encode_for(new_text, decoded, job, source))
            report = replace(report, wrote=True)
        if not job.keep_texts:
            report = replace(report, outcomes=tuple(_light(o) for o in report.outcomes))
        return report
    except InputError as err:
        return SourceReport(source, error=str(err))
    except RecursionError:  # pragma: no cover - defensive
        return SourceReport(source, error=f"{source.display}: internal recursion limit")


def _light(outcome: Outcome) -> Outcome:
    """Drop the texts (summary counts only need the change records)."""
    if outcome.result is None:
        return outcome
    return replace(outcome, original="", result=replace(outcome.result, text=""), texts_dropped=True)


def _read(source: Source) -> bytes:
    assert source.path is not None
    try:
        with open(source.path, "rb") as fh:
            return fh.read()
    except IsADirectoryError:
        raise InputError(f"{source.display}: is a folder") from None
    except OSError as err:
        raise InputError(f"{source.display}: cannot read: {err.strerror or err}") from None


def _encode_for(text: str, decoded: Decoded, job: Job, source: Source) -> bytes:
    # Python's utf-8-sig and utf-16 codecs write the byte-order mark back.
    encoding = job.config.output_encoding or decoded.encoding
    return encode(text, encoding, decoded.newline, source.display)


def run(sources: Sequence[Source], job: Job, jobs: int, stdin_data: bytes | None = None) -> Iterator[SourceReport]:
    """Process sources in order (results come back in input order whatever ``jobs`` is)."""
    file_sources = [s for s in sources if not s.is_stdin]
    if jobs <= 1 or len(file_sources) < 2:
        for s in sources:
            yield process(s, job, stdin_data if s.is_stdin else None)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [
            pool.submit(process, s, job, None) if not s.is_stdin else None  # stdin is read here, not in workers
            for s in sources
        ]
        for s, fut in zip(sources, futures, strict=True):
            yield process(s, job, stdin_data) if fut is None else fut.result()


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def read_stdin() -> bytes:
    return sys.stdin.buffer.read()
