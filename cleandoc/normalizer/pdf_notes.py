"""What the PDF reader tells about a page, registered with the rule table so
``cleandoc rules`` lists it and ``--select``/``--ignore`` reach it.

These are warnings, not edits, and they are found while a PDF's layout is
read (:mod:`cleandoc.pdf`): in text there is nothing for them to find, so
their functions return nothing. They are not checks that were left undone.
"""

from __future__ import annotations

from collections.abc import Sequence

from cleandoc.config import Config
from cleandoc.model import Edit, Finding
from cleandoc.rules import rule

NO_TEXT_CODE = "L190"
NO_TEXT_NAME = "pdf-page-without-text"
ROTATED_CODE = "L191"
ROTATED_NAME = "pdf-rotated-text"


@rule(
    NO_TEXT_CODE,
    NO_TEXT_NAME,
    "Warn about a page of a text PDF that holds images but no text (a scanned page): PDF input only.",
    "(page 3 of a PDF: a scanned image)",
    "(page 3 of a PDF: a scanned image)",
    order=190,
)
def pdf_page_without_text(text: str, config: Config) -> Sequence[Edit | Finding]:
    return ()  # reported by the PDF reader, which sees the page


@rule(
    ROTATED_CODE,
    ROTATED_NAME,
    "Warn about rotated text (a stamp, a watermark) left out of a PDF's reading order: PDF input only.",
    "(a PDF page with a rotated stamp)",
    "(a PDF page with a rotated stamp)",
    order=191,
)
def pdf_rotated_text(text: str, config: Config) -> Sequence[Edit | Finding]:
    return ()  # reported by the PDF reader, which sees the text matrix
