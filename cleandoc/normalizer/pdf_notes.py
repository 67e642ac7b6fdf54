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
UNMAPPED_CODE = "L192"
UNMAPPED_NAME = "pdf-glyphs-without-unicode"
HIDDEN_CODE = "L193"
HIDDEN_NAME = "pdf-text-outside-page"
VERTICAL_CODE = "L194"
VERTICAL_NAME = "pdf-vertical-text"


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


@rule(
    UNMAPPED_CODE,
    UNMAPPED_NAME,
    "Warn about glyphs a PDF's font maps to no character (no ToUnicode): not read; PDF input only.",
    "(page 2 of a PDF: 6 glyphs of a font without a ToUnicode map)",
    "(page 2 of a PDF: 6 glyphs of a font without a ToUnicode map)",
    order=192,
)
def pdf_glyphs_without_unicode(text: str, config: Config) -> Sequence[Edit | Finding]:
    return ()  # reported by the PDF reader, which sees the font's map


@rule(
    HIDDEN_CODE,
    HIDDEN_NAME,
    "Warn about text outside a PDF page's visible (crop) box, left out of the text: PDF input only.",
    "(a PDF page with text outside its crop box)",
    "(a PDF page with text outside its crop box)",
    order=193,
)
def pdf_text_outside_page(text: str, config: Config) -> Sequence[Edit | Finding]:
    return ()  # reported by the PDF reader, which sees the page's boxes


@rule(
    VERTICAL_CODE,
    VERTICAL_NAME,
    "Warn about text set vertically (竖排), read column by column, right to left: PDF input only.",
    "(a PDF page set in vertical columns)",
    "(a PDF page set in vertical columns)",
    order=194,
)
def pdf_vertical_text(text: str, config: Config) -> Sequence[Edit | Finding]:
    return ()  # reported by the PDF reader, which sees the columns
