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
