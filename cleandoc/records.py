"""JSONL and Parquet records: the text field of each record is one document.
Not built yet: every record source is refused with a clear error."""

from __future__ import annotations

from cleandoc.reader import InputError, Source
from cleandoc.runner import Job, SourceReport


def process_source(source: Source, job: Job, data: bytes | None) -> SourceReport:
    raise InputError(f"{source.display}: records (JSONL, Parquet) are not supported yet; file left unchanged")
