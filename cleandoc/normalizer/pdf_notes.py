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


def _found_by_the_reader(text: str, config: Config) -> Sequence[Edit | Finding]:
    return ()  # the PDF reader reports these while it reads a page's layout


# (code, name, summary, example) of each note; the example is both the
# "before" and the "after" that ``cleandoc rules`` shows, as nothing is edited
_NOTES = (
    (
        NO_TEXT_CODE,
        NO_TEXT_NAME,
        "Warn about a page of a text PDF that holds images but no text (a scanned page): PDF input only.",
        "(page 3 of a PDF: a scanned image)",
    ),
    (
        ROTATED_CODE,
        ROTATED_NAME,
        "Warn about rotated text (a stamp, a watermark) left out of a PDF's reading order: PDF input only.",
        "(a PDF page with a rotated stamp)",
    ),
    (
        UNMAPPED_CODE,
        UNMAPPED_NAME,
        "Warn about glyphs a PDF's font maps to no character (no ToUnicode): not read; PDF input only.",
        "(page 2 of a PDF: 6 glyphs of a font without a ToUnicode map)",
    ),
    (
        HIDDEN_CODE,
        HIDDEN_NAME,
        "Warn about text outside a PDF page's visible (crop) box, left out of the text: PDF input only.",
        "(a PDF page with text outside its crop box)",
    ),
    (
        VERTICAL_CODE,
        VERTICAL_NAME,
        "Warn about text set vertically (竖排), read column by column, right to left: PDF input only.",
        "(a PDF page set in vertical columns)",
    ),
)
for _code, _name, _summary, _example in _NOTES:
    rule(_code, _name, _summary, _example, _example, order=int(_code[1:]))(_found_by_the_reader)
