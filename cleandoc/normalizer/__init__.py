"""The normalizer rule families. Importing this package registers their rules
(see cleandoc.rules); the order the pipeline runs them in is set there."""

from cleandoc.normalizer import chars, headings, lines, pdf_notes, punctuation, spacing

__all__ = ["chars", "headings", "lines", "pdf_notes", "punctuation", "spacing"]
