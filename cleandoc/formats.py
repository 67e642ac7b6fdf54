"""What kind of input a source is, and so how its documents are read and
written back. Cleaning is the same for every kind; reading and putting back
differ:

- ``text``: a plain file or a bundle (:mod:`cleandoc.reader`), written back
  as text in its own encoding and newline style.
- ``jsonl`` / ``parquet``: records whose text field is one document each
  (:mod:`cleandoc.records`), written back as records with every other field kept.
- ``pdf``: the text layer of a PDF read with its layout (:mod:`cleandoc.pdf`),
  written as a ``.txt`` beside it; the PDF itself is never modified.

Other structured files (``.json``, ``.csv``...) are refused: prose rules
would turn their commas and quotes into full-width punctuation.
"""

from __future__ import annotations

import json
from typing import Final

TEXT: Final = "text"
JSONL: Final = "jsonl"
PARQUET: Final = "parquet"
PDF: Final = "pdf"
FORMATS: Final = (TEXT, JSONL, PARQUET, PDF)

# File name endings (lower case) and the format they are read as.
_BY_SUFFIX: Final = (
    (".jsonl.gz", JSONL),
    (".ndjson.gz", JSONL),
    (".jsonl", JSONL),
    (".ndjson", JSONL),
    (".parquet", PARQUET),
    (".pdf", PDF),
)

# Structured files that no reader understands yet: cleaning them as prose
# would silently corrupt them, so they are refused.
REFUSED_SUFFIXES: Final = (
    ".json",
    ".json.gz",
    ".csv",
    ".tsv",
    ".xlsx",
    ".xls",
    ".docx",
    ".doc",
    ".zip",
    ".gz",
)


class UnsupportedFormat(ValueError):
    """A structured file cleandoc will not clean as text; str() says why."""


def format_of(name: str, forced: str | None = None) -> str:
    """The format a file called ``name`` is read as (``forced``, from
    ``--format``, wins). Raises :class:`UnsupportedFormat` for structured
    files that must not be cleaned as prose."""
    if forced is not None:
        if forced not in FORMATS:
            raise UnsupportedFormat(f"unknown format {forced!r}; use one of {', '.join(FORMATS)}")
        return forced
    lower = name.lower()
    for suffix, fmt in _BY_SUFFIX:
        if lower.endswith(suffix):
            return fmt
    for suffix in REFUSED_SUFFIXES:
        if lower.endswith(suffix):
            raise UnsupportedFormat(
                f"a {suffix} file is structured data, not prose; cleandoc does not clean it as text "
                "(JSONL and Parquet records are read with their text field; see --text-field)"
            )
    return TEXT


def sniff(data: bytes) -> str | None:
    """The format of piped-in bytes that are plainly not prose (None: text).

    A pipe has no name to go by, and cleaning JSON or a PDF as prose would
    corrupt it: a PDF or Parquet file by its magic bytes, gzip as gzipped JSONL,
    JSON Lines by a first line that is a JSON object. A JSON document that is
    not JSON Lines (an array, one object over many lines) is refused. A
    Chinese document never starts with ``{`` or ``[`` followed by valid JSON.
    """
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PAR1"):
        return PARQUET
    if data.startswith(b"\x1f\x8b"):
        return JSONL
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith((b"{", b"[")):
        return None
    first = head.split(b"\n", 1)[0]
    if _json_object(first):
        return JSONL
    if _json_value(head):
        raise UnsupportedFormat(
            "standard input is JSON, not prose or JSON Lines; cleandoc does not clean it as text "
            "(records: one JSON object per line, see --format jsonl and --text-field)"
        )
    return None


def _json_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _json_value(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True
