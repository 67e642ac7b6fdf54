"""PDF input: the text layer read with its layout.
Not built yet: every PDF is refused with a clear error."""

from __future__ import annotations

from cleandoc.reader import InputError, Source
from cleandoc.runner import Job, SourceReport


def process_source(source: Source, job: Job, data: bytes | None) -> SourceReport:
    raise InputError(f"{source.display}: PDF input is not supported yet; file left unchanged")
