"""Rule family C: characters.

Undoes character-level damage before any other family looks at the text:
invisible junk from web pages and Word (zero-width characters, stray BOMs,
bidi marks), odd spaces and control characters, full-width ASCII letters and
digits, the PDF font-mapping fault that turns GB2312 punctuation into Yi
syllables, and guillemets used as book-title marks. Private-use characters
(glyphs a PDF font never mapped to Unicode) cannot be repaired: they are
reported.

Every table here is data that tests/test_chars.py checks: sorted, no
duplicates, and no chains (no target is also a source of any table), so one
pass gives the final character and the rules are idempotent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import islice

from cleandoc.config import Config
from cleandoc.model import Edit, Finding
from cleandoc.rules import rule
from cleandoc.structure import OCR_PAGE_NUMBER_RE, PAGE_NUMBER_RE
from cleandoc.text import HAN, HAN_RE

# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------

# Characters that carry nothing in a Chinese official document and only break
# search, comparison and line joining: removed.
INVISIBLE: dict[str, str] = {
    "\u00ad": "",  # U+00AD SOFT HYPHEN
    "\u180e": "",  # U+180E MONGOLIAN VOWEL SEPARATOR
    "\u200b": "",  # U+200B ZERO WIDTH SPACE
    "\u200c": "",  # U+200C ZERO WIDTH NON-JOINER
    "\u200d": "",  # U+200D ZERO WIDTH JOINER (kept inside emoji sequences, see _fix_invisible)
    "\u200e": "",  # U+200E LEFT-TO-RIGHT MARK
    "\u200f": "",  # U+200F RIGHT-TO-LEFT MARK
    "\u202a": "",  # U+202A LEFT-TO-RIGHT EMBEDDING
    "\u202b": "",  # U+202B RIGHT-TO-LEFT EMBEDDING
    "\u202c": "",  # U+202C POP DIRECTIONAL FORMATTING
    "\u202d": "",  # U+202D LEFT-TO-RIGHT OVERRIDE
    "\u202e": "",  # U+202E RIGHT-TO-LEFT OVERRIDE
    "\u2060": "",  # U+2060 WORD JOINER
    "\u2061": "",  # U+2061 FUNCTION APPLICATION
    "\u2062": "",  # U+2062 INVISIBLE TIMES
    "\u2063": "",  # U+2063 INVISIBLE SEPARATOR
    "\u2064": "",  # U+2064 INVISIBLE PLUS
    "\u2066": "",  # U+2066 LEFT-TO-RIGHT ISOLATE
    "\u2067": "",  # U+2067 RIGHT-TO-LEFT ISOLATE
    "\u2068": "",  # U+2068 FIRST STRONG ISOLATE
    "\u2069": "",  # U+2069 POP DIRECTIONAL ISOLATE
    "\ufeff": "",  # U+FEFF ZERO WIDTH NO-BREAK SPACE (BOM) inside the text
}

# Spaces that look like a space but are not one. They become an ordinary
# space; whether a space belongs there at all is the spacing family's call
# (an NBSP after "第一条" is a real separator, one inside a Han run is not).
# U+3000 IDEOGRAPHIC SPACE is deliberately absent: it is the padding and
# indentation character of Chinese documents.
ODD_SPACES: dict[str, str] = {
    "\u00a0": " ",  # U+00A0 NO-BREAK SPACE
    "\u2000": " ",  # U+2000 EN QUAD
    "\u2001": " ",  # U+2001 EM QUAD
    "\u2002": " ",  # U+2002 EN SPACE
    "\u2003": " ",  # U+2003 EM SPACE
    "\u2004": " ",  # U+2004 THREE-PER-EM SPACE
    "\u2005": " ",  # U+2005 FOUR-PER-EM SPACE
    "\u2006": " ",  # U+2006 SIX-PER-EM SPACE
    "\u2007": " ",  # U+2007 FIGURE SPACE
    "\u2008": " ",  # U+2008 PUNCTUATION SPACE
    "\u2009": " ",  # U+2009 THIN SPACE
    "\u200a": " ",  # U+200A HAIR SPACE
    "\u202f": " ",  # U+202F NARROW NO-BREAK SPACE
    "\u205f": " ",  # U+205F MEDIUM MATHEMATICAL SPACE
}

# Line and paragraph separators other than \n: a line break is what the
# author meant (Word writes U+000B for a manual line break).
LINE_BREAKS: dict[str, str] = {
    "\x0b": "\n",  # U+000B LINE TABULATION
    "\x85": "\n",  # U+0085 NEXT LINE
    "\u2028": "\n",  # U+2028 LINE SEPARATOR
    "\u2029": "\n",  # U+2029 PARAGRAPH SEPARATOR
}

# C0/C1 control characters other than \t \n \r \f (and the line breaks
# above): binary debris with no meaning in text. \f is handled apart.
CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")

# Full-width ASCII letters and digits (U+FF10-FF19, U+FF21-FF3A,
# U+FF41-FF5A) -> ASCII: GB/T 15835 writes Arabic numerals half-width.
# Other full-width forms (％ ＋ － ．) are left to the author.
FULLWIDTH_ALNUM: dict[str, str] = {
    chr(cp): chr(cp - 0xFEE0)
    for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
    for cp in range(lo, hi + 1)
}

# PDF font-mapping fault: row 3 of GB2312 (0xA3A1-0xA3FE, full-width ASCII)
# read as Unicode code points gives Yi syllables U+A3A1-U+A3FE. Targets are
# what GB2312 row 3 encodes, with letters and digits straight to ASCII (as
# FULLWIDTH_ALNUM would, without a chain) and the full-width period to the
# Chinese full stop, the mark the author typed (see _yi_points for the
# decimal point and list-marker exceptions).
_YI_FIRST, _YI_LAST = 0xA3A1, 0xA3FE
_YI_SPECIAL: dict[int, str] = {
    0xA3A4: "\uffe5",  # U+A3A4 YI SYLLABLE -> U+FFE5 FULLWIDTH YEN SIGN (GB2312 A3A4)
    0xA3AE: "\u3002",  # U+A3AE YI SYLLABLE -> U+3002 IDEOGRAPHIC FULL STOP
    0xA3FE: "\uffe3",  # U+A3FE YI SYLLABLE -> U+FFE3 FULLWIDTH MACRON (GB2312 A3FE)
}


def _yi_target(cp: int) -> str:
    if cp in _YI_SPECIAL:
        return _YI_SPECIAL[cp]
    fullwidth = chr(cp - _YI_FIRST + 0xFF01)
    return FULLWIDTH_ALNUM.get(fullwidth, fullwidth)


FONT_FAULT: dict[str, str] = {chr(cp): _yi_target(cp) for cp in range(_YI_FIRST, _YI_LAST + 1)}

# Guillemets used as book-title marks around Chinese titles.
GUILLEMETS: dict[str, str] = {
    "\u00ab": "\u300a",  # U+00AB LEFT-POINTING DOUBLE ANGLE QUOTATION MARK -> U+300A 《
    "\u00bb": "\u300b",  # U+00BB RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK -> U+300B 》
    "\u2039": "\u3008",  # U+2039 SINGLE LEFT-POINTING ANGLE QUOTATION MARK -> U+3008 〈
    "\u203a": "\u3009",  # U+203A SINGLE RIGHT-POINTING ANGLE QUOTATION MARK -> U+3009 〉
}

TABLES: dict[str, dict[str, str]] = {
    "INVISIBLE": INVISIBLE,
    "ODD_SPACES": ODD_SPACES,
    "LINE_BREAKS": LINE_BREAKS,
    "FULLWIDTH_ALNUM": FULLWIDTH_ALNUM,
    "FONT_FAULT": FONT_FAULT,
    "GUILLEMETS": GUILLEMETS,
}


def _class(chars: dict[str, str]) -> str:
    return "".join(re.escape(c) for c in chars)


# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------

# Every character some C rule acts on. Clean text has almost none of them:
# one scan tells each rule whether it has anything to look at, instead of
# one scan per rule (the pipeline's budget is 10 MB/s for all families).
_ANY_RE = re.compile(
    f"[{_class(INVISIBLE)}{_class(ODD_SPACES)}{_class(LINE_BREAKS)}\f\x00-\x08\x0e-\x1f\x7f-\x9f"
    f"{_class(FULLWIDTH_ALNUM)}\ua000-\ua4cf\ue000-\uf8ff\U000f0000-\U0010ffff{_class(GUILLEMETS)}]"
)


@lru_cache(maxsize=1)
def _present(text: str) -> frozenset[str]:
    """The characters of ``text`` that some C rule acts on."""
    # search stops at the first hit and builds nothing: on the usual clean
    # text that is the one scan; findall then starts where the hit is.
    first = _ANY_RE.search(text)
    return frozenset(_ANY_RE.findall(text, first.start())) if first else _NONE


_NONE: frozenset[str] = frozenset()


def _has_any(text: str, chars: str | dict[str, str]) -> bool:
    present = _present(text)
    # ``present`` is empty or tiny. isdisjoint walks the table (it walks the
    # smaller side only when both are sets) but stops at the first hit, and
    # the tables are small: on the snapshot documents it beats
    # ``any(c in chars for c in present)``, the generator costing more.
    return bool(present) and not present.isdisjoint(chars)


def _first(text: str, chars: str | dict[str, str]) -> int:
    """Offset of the first character of ``text`` in ``chars`` (some must be
    there): a rule's regex scan can start there instead of at 0. Each
    str.find runs in C and only the few characters present are looked for."""
    return min(text.find(c) for c in _present(text) if c in chars)


_INVISIBLE_RE = re.compile(f"[{_class(INVISIBLE)}]+")


def _is_emoji(ch: str) -> bool:
    # Emoji ZWJ sequences (👨‍👩‍👧) are the one place a ZWJ means something.
    return ch >= "\U0001f000" or "\u2600" <= ch <= "\u27bf"


def _between_emoji(text: str, start: int, end: int) -> bool:
    return start > 0 and end < len(text) and _is_emoji(text[start - 1]) and _is_emoji(text[end])


@rule(
    "C101",
    "invisible-char",
    "Remove zero-width spaces and joiners, stray BOMs, soft hyphens and bidi marks.",
    "加快\u200b推进",
    "加快推进",
    order=10,
)
def fix_invisible(text: str, config: Config) -> Sequence[Edit | Finding]:
    out: list[Edit | Finding] = []
    if not _has_any(text, INVISIBLE):
        return out
    for m in _INVISIBLE_RE.finditer(text, _first(text, INVISIBLE)):
        start, end = m.span()
        if m.group() == "\u200d" and _between_emoji(text, start, end):
            continue
        names = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(m.group()))
        out.append(Edit(start, end, "", note=f"invisible character {names}"))
    return out


_ODD_SPACE_RE = re.compile(f"[{_class(ODD_SPACES)}]")


@rule(
    "C102",
    "odd-space",
    "Turn no-break, thin and other typographic spaces into ordinary spaces.",
    "第一条\u00a0为了",
    "第一条 为了",
    order=20,
)
def fix_odd_space(text: str, config: Config) -> Sequence[Edit | Finding]:
    if not _has_any(text, ODD_SPACES):
        return []
    return [
        Edit(m.start(), m.end(), " ", note=f"U+{ord(m.group()):04X} is an ordinary space")
        for m in _ODD_SPACE_RE.finditer(text, _first(text, ODD_SPACES))
    ]


def _after_ocr_page_number(text: str, feed: int) -> bool:
    """Whether the form feed at ``feed`` ends a page whose last line is a page
    number as OCR reads it (``OCR_PAGE_NUMBER_RE``: `1一`, `一27一`, not the
    printed form `— 1 —`), written on the line before it or on its own line,
    the next page's text after it."""
    end = feed - 1 if text[feed - 1 : feed] == "\n" else feed
    if end <= 0 or not text[feed + 1 : feed + 2].strip():
        # the next page's text must start right after it: the form feed then
        # marks that line as a page's first, which L101 looks for
        return False
    begin = text.rfind("\n", 0, end) + 1
    line = text[begin:end].strip(" \t\f")
    # `— 1 —` as printed is a page number wherever it stands: L101 needs no
    # form feed for it, and the text of pdftotext's pages goes on as before
    return OCR_PAGE_NUMBER_RE.fullmatch(line) is not None and PAGE_NUMBER_RE.match(line) is None


_CONTROL_ANY_RE = re.compile(f"{CONTROL_RE.pattern}|[{_class(LINE_BREAKS)}\f]")


@rule(
    "C103",
    "control-char",
    "Remove control characters; page breaks (\\f) and line separators become line breaks.",
    "点用于\f开展\x07",
    "点用于\n开展",
    order=30,
)
def fix_control(text: str, config: Config) -> Sequence[Edit | Finding]:
    out: list[Edit | Finding] = []
    controls = [c for c in _present(text) if _CONTROL_ANY_RE.match(c)]
    if not controls:
        return out
    keep_ocr_pages = "\f" in controls and config.enabled("L101")
    for m in _CONTROL_ANY_RE.finditer(text, min(map(text.find, controls))):
        ch, start = m.group(), m.start()
        if ch == "\f":
            if keep_ocr_pages and _after_ocr_page_number(text, start):
                # the page number `一2一` tesseract read on the page's last
                # line: the form feed is the evidence L101 takes it away by
                # (with the form feed); one that ends its line goes on a line
                # of its own, as pdftotext writes it
                if text[start - 1] != "\n":
                    out.append(Edit(start, start + 1, "\n\f", note="page break (form feed) on its own line"))
                continue
            # pdftotext puts \f at the start of each page's first line: where
            # a line break already stands, the page break adds nothing.
            at_break = start == 0 or text[start - 1] == "\n" or text[start + 1 : start + 2] in ("\n", "\r")
            new = "" if at_break else "\n"
            out.append(Edit(start, start + 1, new, note="page break (form feed)"))
        elif ch in LINE_BREAKS:
            out.append(Edit(start, start + 1, "\n", note=f"U+{ord(ch):04X} is a line break"))
        else:
            out.append(Edit(start, start + 1, "", note=f"control character U+{ord(ch):04X}"))
    return out


_FULLWIDTH_ALNUM_RE = re.compile(f"[{_class(FULLWIDTH_ALNUM)}]+")
_FULLWIDTH_TRANS = str.maketrans(FULLWIDTH_ALNUM)


@rule(
    "C104",
    "fullwidth-alnum",
    "Write full-width ASCII letters and digits half-width (GB/T 15835).",
    "２０２５年",
    "2025年",
    order=40,
)
def fix_fullwidth_alnum(text: str, config: Config) -> Sequence[Edit | Finding]:
    if not _has_any(text, FULLWIDTH_ALNUM):
        return []
    return [
        Edit(m.start(), m.end(), m.group().translate(_FULLWIDTH_TRANS), note="full-width letter or digit")
        for m in _FULLWIDTH_ALNUM_RE.finditer(text, _first(text, FULLWIDTH_ALNUM))
    ]


_YI_FAULT_RE = re.compile(f"[{chr(_YI_FIRST)}-{chr(_YI_LAST)}]")
_YI_DIGITS = "".join(chr(cp) for cp in range(0xA3B0, 0xA3BA))  # U+A3B0-U+A3B9: GB2312 ０-９
# The digits around a faulty period: ASCII, full-width (U+FF10-U+FF19) and
# faulty Yi ones. _DIGIT lists them for a regex class, _DIGITS for ``in``.
_DIGIT = "0123456789" + "".join(chr(cp) for cp in range(0xFF10, 0xFF1A)) + _YI_DIGITS
_DIGITS = frozenset(_DIGIT)
_YI_PERIOD = "\ua3ae"  # U+A3AE: GB2312 A3AE ．
# The line start before a list marker's point (``  1``).
_MARKER_HEAD_RE = re.compile(f"[ \t\u3000]*[{_DIGIT}]{{1,3}}")


def _yi_points(text: str) -> set[int]:
    """Offsets of the faulty periods that were a decimal point (3．5) or the
    point of a list marker (1． at the start of a line): there the half-width
    point is the right character.

    (The regex ``(?<=[D])．(?=[D])|(?m:^[ \t\u3000]*[D]{1,3})．`` found the
    same periods, but one that starts with a look-behind is tried at every
    position of the text; str.find goes straight to the few periods.)"""
    points: set[int] = set()
    n = len(text)
    at = text.find(_YI_PERIOD)
    while at != -1:
        decimal = 0 < at < n - 1 and text[at - 1] in _DIGITS and text[at + 1] in _DIGITS
        if decimal or _marker_point(text, at):
            points.add(at)
        at = text.find(_YI_PERIOD, at + 1)
    return points


def _marker_point(text: str, at: int) -> bool:
    """Whether the line before ``at`` is a list marker's head (``  1``):
    _MARKER_HEAD_RE.fullmatch from the line start, read back from ``at``
    (one to three digits, then blanks to the line start), so that a long
    line is not searched back to its start for every period of it."""
    j = at
    while j > 0 and at - j < 3 and text[j - 1] in _DIGITS:
        j -= 1
    if j == at:
        return False
    while j > 0 and text[j - 1] in _HEAD_BLANKS:
        j -= 1
    return j == 0 or text[j - 1] == "\n"


_HEAD_BLANKS = frozenset(" \t\u3000")


def font_fault_applies(text: str) -> bool:
    """Whether Yi syllables in ``text`` are a font fault rather than Yi script:
    the text is Chinese, and every Yi syllable in it lies in the faulty range
    (real Yi text uses the whole block)."""
    yi = [c for c in _present(text) if "\ua000" <= c <= "\ua4cf"]
    if not yi:
        return False
    if any(c not in FONT_FAULT for c in yi):
        return False  # other Yi syllables: Yi script
    # (FONT_FAULT's keys are the faulty range; str.count runs in C.)
    faults = sum(text.count(c) for c in yi)
    # At least as many Han characters as faults: stop counting there rather
    # than listing every Han character of the document.
    return next(islice(HAN_RE.finditer(text), faults - 1, None), None) is not None


@rule(
    "C105",
    "font-fault",
    "Repair PDF font-mapping faults: Yi syllables U+A3A1-U+A3FE that stand for GB2312 full-width forms.",
    "加快推进\ua3ac促进发展\ua3ae",
    "加快推进，促进发展。",
    order=50,
)
def fix_font_fault(text: str, config: Config) -> Sequence[Edit | Finding]:
    if not font_fault_applies(text):
        return []
    points = _yi_points(text) if _YI_PERIOD in _present(text) else set()
    out: list[Edit | Finding] = []
    # A faulty document has a fault in nearly every sentence: the notes are
    # made once per character, not once per fault.
    notes: dict[tuple[str, str], str] = {}
    for m in _YI_FAULT_RE.finditer(text, _first(text, FONT_FAULT)):
        ch, start = m.group(), m.start()
        new = "." if start in points else FONT_FAULT[ch]
        note = notes.get((ch, new))
        if note is None:
            note = notes[ch, new] = f"PDF font fault: U+{ord(ch):04X} stands for {new}"
        out.append(Edit(start, start + 1, new, note))
    return out


_UNRECOVERABLE_RE = re.compile("[\ua000-\ua4cf]+|[\ue000-\uf8ff\U000f0000-\U0010ffff]+")
_UNRECOVERABLE_ANY_RE = re.compile("[\ua000-\ua4cf\ue000-\uf8ff\U000f0000-\U0010ffff]")


@rule(
    "C106",
    "private-use",
    "Report private-use characters and stray Yi syllables: glyphs a PDF font never mapped (lint).",
    "补贴\ue01a元",
    "补贴\ue01a元",
    order=60,
)
def lint_private_use(text: str, config: Config) -> Sequence[Edit | Finding]:
    out: list[Edit | Finding] = []
    unrecoverable = [c for c in _present(text) if _UNRECOVERABLE_ANY_RE.match(c)]
    if not unrecoverable:
        return out
    chinese = bool(HAN_RE.search(text))
    for m in _UNRECOVERABLE_RE.finditer(text, min(map(text.find, unrecoverable))):
        chars = m.group()
        codes = " ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(chars))
        if "\ua000" <= chars[0] <= "\ua4cf":
            if not chinese:
                continue  # Yi script in a Yi text is not a fault
            msg = f"Yi syllable(s) {codes} in Chinese text: probably a PDF font fault; check the original"
        else:
            msg = f"private-use character(s) {codes}: a glyph the PDF font never mapped; check the original"
        out.append(Finding(m.start(), msg))
    return out


# One regex per pair, so a 〈〉 title inside a 《》 title is found in the same pass.
_GUILLEMET_PAIR_RES = (
    re.compile("\u00ab[^\u00ab\u00bb\n]*\u00bb"),
    re.compile("\u2039[^\u2039\u203a\n]*\u203a"),
)


@rule(
    "C107",
    "guillemet",
    "Guillemets «» around a Chinese title become book-title marks 《》.",
    "根据«湖南省考试办法»",
    "根据《湖南省考试办法》",
    order=70,
)
def fix_guillemet(text: str, config: Config) -> Sequence[Edit | Finding]:
    out: list[Edit | Finding] = []
    if not _has_any(text, GUILLEMETS):
        return out
    note = "book-title mark written as a guillemet"
    for pair_re in _GUILLEMET_PAIR_RES:
        for m in pair_re.finditer(text):
            if not HAN_RE.search(m.group()):
                continue  # «Le Monde» in a French citation stays
            start, end = m.span()
            out.append(Edit(start, start + 1, GUILLEMETS[text[start]], note=note))
            out.append(Edit(end - 1, end, GUILLEMETS[text[end - 1]], note=note))
    return out


# ---------------------------------------------------------------------------
# Browser printouts and OCR
# ---------------------------------------------------------------------------

# A token (between blanks) made of two or more doubled characters: a browser
# prints bold text by drawing each glyph twice, and text extraction reads
# both (中中华华人人民民). Found from a doubled pair: (.)\1 is rare in clean text.
_DOUBLED_TOKEN_RE = re.compile(r"(?<![^\s])(?:([^\s])\1){2,}(?![^\s])")
# Every fake-bold line has two doubled Han characters in a row (第第一一):
# looking for that skips the doubled dots and dashes of leaders and rules.
_DOUBLED_PAIR_RE = re.compile(f"([{HAN}])\\1([{HAN}])\\2")
# A blank and a doubled token after it: every line with a doubled token has
# one (a token starts the text or follows a blank, a line's first one the
# newline), so only these lines are read. Cheaper than looking for the pair
# first: the engine starts a match only at blanks, not at every Han character
# (10.3 -> 6.6 ms over the dirty corpus).
_BLANK_DOUBLED_RE = re.compile(r"\s(?:([^\s])\1){2,}(?![^\s])")
# A line counts as fake bold when its doubled tokens hold at least this many
# pairs and this many different Han characters: 人人, 常常, 谢谢 and the
# AABB words 明明白白 (two characters) are real text.
_BOLD_MIN_PAIRS = 4
_BOLD_MIN_HAN = 3
# A document is a printout with fake bold when it has two such lines, or one
# of this many pairs (its title).
_BOLD_ONE_LINE_PAIRS = 6


def _fake_bold_lines(text: str) -> list[list[re.Match[str]]]:
    """The doubled tokens of each line that counts as fake bold (lines
    without a doubled token, or without two doubled Han characters in a row,
    are not read)."""
    lines: list[list[re.Match[str]]] = []
    # where the doubled tokens start: after a blank, or the text's own start
    at = [m.start() + 1 for m in _BLANK_DOUBLED_RE.finditer(text)]
    if _DOUBLED_TOKEN_RE.match(text) is not None:
        at.insert(0, 0)
    seen = -1  # end of the last line read
    for pos in at:
        if pos <= seen:
            continue
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end
        seen = end
        if _DOUBLED_PAIR_RE.search(text, start, end) is None:
            continue  # no two doubled Han characters in a row
        tokens = list(_DOUBLED_TOKEN_RE.finditer(text, start, end))
        doubled = "".join(m.group()[::2] for m in tokens)
        if len(doubled) >= _BOLD_MIN_PAIRS and len(set(HAN_RE.findall(doubled))) >= _BOLD_MIN_HAN:
            lines.append(tokens)
    return lines


@rule(
    "C108",
    "fake-bold",
    "Undouble the characters of bold text that a browser printout drew twice (whole tokens only).",
    "第第一一章章 总总则则\n中中华华人人民民共共和和国国",
    "第一章 总则\n中华人民共和国",
    order=80,
)
def fix_fake_bold(text: str, config: Config) -> Sequence[Edit | Finding]:
    """Only a token whose every character is doubled is undoubled, on lines
    where such tokens add up to a run of several different Han characters,
    in a document that has two such lines or one long one: a real repeated
    character (人人, 试试看, 谢谢) is never touched, as it is never a whole
    doubled run of three different characters."""
    lines = _fake_bold_lines(text)
    if not lines:
        return []
    if len(lines) < 2 and sum(len(m.group()) for m in lines[0]) < 2 * _BOLD_ONE_LINE_PAIRS:
        return []
    note = "bold text printed twice (fake bold)"
    # removed: the second glyph of each pair is junk taken out, as a duplicate is
    return [Edit(m.start(), m.end(), m.group()[::2], note, removed=True) for tokens in lines for m in tokens]


# A year written in Chinese numerals (二〇〇四年) with the zero read by OCR as
# a Latin O, a digit 0 or their full-width forms. U+25CB WHITE CIRCLE (○) is
# what many documents type for 〇 and is left as written.
_CN_YEAR_DIGITS = "一二三四五六七八九〇零"
_WRONG_ZERO = "Oo0\uff2f\uff4f\uff10"  # U+FF2F Ｏ, U+FF4F ｏ, U+FF10 ０
# Not part of a longer run of such characters or of a Latin word.
_BEFORE_YEAR = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" + _CN_YEAR_DIGITS + _WRONG_ZERO
) | {chr(cp) for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for cp in range(lo, hi + 1)}
_ZERO = "\u3007"  # U+3007 IDEOGRAPHIC NUMBER ZERO
# A 年 after four such characters: the pattern opens with 年, which the engine
# finds as fast as str.find, and only then looks behind (a Python loop over
# every 年 of a text costs seven times as much).
_YEAR_RE = re.compile(f"年(?<=[{re.escape(_CN_YEAR_DIGITS + _WRONG_ZERO)}]{{4}}年)")


@rule(
    "C109",
    "ocr-year-zero",
    "In a year written in Chinese numerals, a Latin O or a digit 0 read by OCR becomes 〇.",
    "二OO四年",
    "二〇〇四年",
    order=90,
)
def fix_ocr_year_zero(text: str, config: Config) -> Sequence[Edit | Finding]:
    out: list[Edit | Finding] = []
    if "年" not in text or not any(z in text for z in _WRONG_ZERO):
        return out
    for m in _YEAR_RE.finditer(text):
        at = m.start()
        year = text[at - 4 : at]  # four year digits or wrong zeros
        if (
            any(c in _WRONG_ZERO for c in year)
            and any(c in _CN_YEAR_DIGITS for c in year)  # 2000年, OO00年: not a Chinese year
            and (at == 4 or text[at - 5] not in _BEFORE_YEAR)
        ):
            for i, c in enumerate(year, at - 4):
                if c in _WRONG_ZERO:
                    out.append(Edit(i, i + 1, _ZERO, note=f"{c!r} read for 〇 in a Chinese-numeral year"))
    return out


# A paragraph's number in an article reference (`第375条第1款`) that OCR read
# as `]` (`第]款`) or with a `]` after it (`第1]款`: the serif of a 1 taken for a
# bracket of its own). Between `条第` and 款 or 项 only a number stands, and
# nothing opened a bracket there: the `]` can be no bracket. Another figure
# before it (`第11]款`, `第2]款`) leaves open which number was printed: it stays.
_ARTICLE_BRACKET_RE = re.compile(r"(?<=条第)(1?)\](?=[款项])")


@rule(
    "C110",
    "ocr-article-one",
    "In an article reference, a ] OCR read for the figure 1 (第]款, 第1]款) becomes 1.",
    "第375条第]款",
    "第375条第1款",
    order=95,
)
def fix_ocr_article_one(text: str, config: Config) -> Sequence[Edit | Finding]:
    if "]" not in text:
        return []
    out: list[Edit | Finding] = []
    for m in _ARTICLE_BRACKET_RE.finditer(text):
        if m.group(1):
            out.append(
                Edit(
                    m.end() - 1, m.end(), "", note="] after a paragraph's number, the serif of 1 read by OCR"
                )
            )
        else:
            out.append(Edit(m.start(), m.end(), "1", note="] read by OCR for 1 in a paragraph's number"))
    return out
