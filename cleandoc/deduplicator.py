"""Rule family: deduplication (D).

LLM-written or LLM-repaired documents loop: one list item is written again and
again under the next numbers (the seeds repeat ``支持“楚怡”职教集团（联盟）建设…``
twenty times), and a paragraph comes out twice. This family removes those
copies and nothing else.

A similarity threshold alone cannot decide it: real lists are full of items
that differ by one character and say different things (``…职业本科专业群…`` /
``…职业专科专业群…``, ``第二类医疗器械…60日`` / ``第三类…90日``, ``将第二十二条修改
为：`` / ``将第二十三条修改为：``, ``支持郑州机场…`` / ``支持西安机场…``). So the
decision rests on evidence that an author never produces and a loop always
does:

* **Exact copies** (after normalizing width, spaces and quotes; the number is
  ignored) of the item just before, or of a short cycle of items just before
  (``A B A B``), are copies. A repeat further away is not: ``1.将引言修改为：``
  legitimately recurs in the lists of an amendment decision, and an indicator
  table repeats ``指标来源：医院填报。`` every few lines.
* **Near copies** (similarity at least ``dedupe_threshold``) are removed only
  inside a loop, i.e. when the pair and at least one exact copy make a run of
  three or more (LLM loops repeat; authors do not), and only when what differs
  is wording: a pair that differs in a digit, a Latin letter or a Chinese
  numeral (``第二类``/``第三类``, ``60日``/``90日``) is two things.
  Near pairs that are kept are reported (D201) so a human can decide, except
  those that differ only in numbers, which are distinct by construction.

Which item of a loop survives: always the **earliest**. In the seed the loop
``4.`` to ``23.`` (``支持…``) follows ``3.推进“楚怡”职教集团（联盟）建设…``; we keep
``推进``. The earliest item is the one written before the generator started
repeating itself, while the copies are an artefact of the loop, so how many
times a wording was repeated is no evidence that it is the right one; and the
same choice is right for the other common loop shape, where the first copy
carries a small edit (``进一步`` inserted) and the rest repeat the original
exactly. Keeping the earliest also makes the rule simple to explain: the
first occurrence stays, every later copy goes.

The surviving items are renumbered only in lists where items were removed and
whose numbering was consecutive before (counting the loop); a list numbered
irregularly for other reasons is reported, not rewritten.

Cost is linear: exact copies are found by comparing a unit with a bounded
window of units before it, near copies by comparing a surviving unit with a
bounded window of earlier survivors, so a list of 100,000 items costs
100,000 x a constant number of comparisons.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from cleandoc.config import Config
from cleandoc.markers import CN_NUMERAL
from cleandoc.model import Edit, Finding
from cleandoc.normalizer.headings import Line, groups_of, numbered_lines, parse_lines, write_form
from cleandoc.rules import rule
from cleandoc.text import HAN_RE, HAN_RUN_RE, han_count

# A loop is at least this many units (the original and two repeats): LLM loops
# repeat; an author who writes two near-identical items means two things.
MIN_LOOP = 3
# Longest cycle of items recognized as repeating (``A B C A B C``).
MAX_ITEM_PERIOD = 3
# Longest block of lines recognized as a repeated paragraph: a paragraph cut
# at the page width that line repair could not join repeats as ``A1 A2 A1 A2``.
MAX_PARAGRAPH_PERIOD = 3
# How many earlier survivors a unit is compared with for near copies.
NEAR_WINDOW = 3
# Units with fewer Han characters are never touched: a bare ``（四）`` of a table
# row, ``100``, ``是``.
MIN_HAN_ITEM = 4
MIN_HAN_PARAGRAPH = 6
# Near-identical kept pairs shorter than this are not worth a warning.
MIN_WARN_LEN = 8
# A later unit that holds a run of at least this many Han characters its
# earlier twin lacks says something new (a clause, a sentence: the paragraph
# after a loop, joined onto its last copy), not the same thing reworded
# (``进一步`` inserted): removing it would lose text.
MIN_ADDED_CONTENT = 8

_SPACE_RE = re.compile(r"\s+")
# U+201C/U+201D LEFT/RIGHT DOUBLE QUOTATION MARK, U+2018/U+2019 LEFT/RIGHT SINGLE QUOTATION MARK:
# straight and curly quotes compare equal. (str.replace: a translate table is
# looked up per character, many times slower on a whole document.)
_QUOTES = (("\u201c", '"'), ("\u201d", '"'), ("\u2018", "'"), ("\u2019", "'"))
_CN_NUMERAL_SET = frozenset(CN_NUMERAL)


# The compatibility characters of nearly every line of a Chinese document,
# folded before NFKC with str.replace (fast) so that NFKC's own check then
# usually finds nothing left to do: NFKC is ~5x slower than these scans.
# Replacing a character by its own NFKC form never changes the NFKC form of
# the text around it, so the result is exactly NFKC.
_COMMON_COMPAT = (
    "\u3000"  # U+3000 IDEOGRAPHIC SPACE
    "\uff01"  # U+FF01 FULLWIDTH EXCLAMATION MARK
    "\uff05"  # U+FF05 FULLWIDTH PERCENT SIGN
    "\uff08"  # U+FF08 FULLWIDTH LEFT PARENTHESIS
    "\uff09"  # U+FF09 FULLWIDTH RIGHT PARENTHESIS
    "\uff0b"  # U+FF0B FULLWIDTH PLUS SIGN
    "\uff0c"  # U+FF0C FULLWIDTH COMMA
    "\uff0d"  # U+FF0D FULLWIDTH HYPHEN-MINUS
    "\uff0e"  # U+FF0E FULLWIDTH FULL STOP
    "\uff1a"  # U+FF1A FULLWIDTH COLON
    "\uff1b"  # U+FF1B FULLWIDTH SEMICOLON
    "\uff1d"  # U+FF1D FULLWIDTH EQUALS SIGN
    "\uff1f"  # U+FF1F FULLWIDTH QUESTION MARK
)
_COMMON_FOLDS = tuple((ch, unicodedata.normalize("NFKC", ch)) for ch in _COMMON_COMPAT)


def nfkc(s: str) -> str:
    """``unicodedata.normalize("NFKC", s)``, faster on Chinese text."""
    for ch, folded in _COMMON_FOLDS:
        s = s.replace(ch, folded)
    return s if unicodedata.is_normalized("NFKC", s) else unicodedata.normalize("NFKC", s)


# D101 compares the text under each copy of a loop with that under its
# original (``_tail_key``): the same strings, once per copy.
@lru_cache(maxsize=4096)
def normalize(s: str) -> str:
    """The form two units are compared in: full-width forms folded (NFKC), no
    whitespace, one kind of quote. Punctuation repair may not have run
    (``--select D``), and a loop copy differs from its original in none of this."""
    return _fold_quotes(_SPACE_RE.sub("", nfkc(s)))


def _fold_quotes(s: str) -> str:
    for curly, straight in _QUOTES:
        s = s.replace(curly, straight)
    return s


# To normalize a whole text at once, then split it into lines: whitespace
# other than the newline.
_SPACE_BUT_NEWLINE_RE = re.compile(r"[^\S\n]+")
# The whitespace (``\s``) that NFKC leaves as it is, other than space, tab,
# CR and LF (tested against the Unicode database in tests/test_dedup.py).
_RARE_SPACES = (
    "\x0b\x0c"  # VERTICAL TAB, FORM FEED
    "\x1c\x1d\x1e\x1f"  # INFORMATION SEPARATORS
    "\x85"  # U+0085 NEXT LINE
    "\u1680"  # U+1680 OGHAM SPACE MARK
    "\u2028\u2029"  # U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR
)


def _normalize_lines(text: str) -> str:
    """``normalize`` of every line of ``text``, joined by newlines again. The
    whole text is normalized in one call: NFKC never makes or joins across a
    newline (it is a starter that composes with nothing), so this equals
    normalizing line by line, at a fraction of the calls."""
    flat = nfkc(text)
    # NFKC made the ideographic and other wide spaces a space; str.replace
    # takes the common ones much faster than the whitespace pattern, which
    # only runs when one of the rare others is there. (Looking for each with
    # ``in`` is a few times faster than searching for the class.)
    for space in " \t\r":
        flat = flat.replace(space, "")
    if any(space in flat for space in _RARE_SPACES):
        flat = _SPACE_BUT_NEWLINE_RE.sub("", flat)
    return _fold_quotes(flat)


def _han_counts(flat: str) -> tuple[int, ...]:
    """``han_count`` of every line of ``flat``, in a few passes over the
    whole text at C speed."""
    # Each line's length less that of what is left of it without its Han
    # characters (the newlines stay, so the lines stay apart).
    rest = HAN_RUN_RE.sub("", flat).split("\n")
    return tuple(map(operator.sub, map(len, flat.split("\n")), map(len, rest)))


def _keys_by_line(text: str) -> tuple[str, ...]:
    """``normalize`` of every line of ``text``, by line index."""
    return tuple(_normalize_lines(text).split("\n"))


# ---------------------------------------------------------------------------
# What differs between two near-identical texts.
# ---------------------------------------------------------------------------

WORDING = "wording"  # only words differ: may be a loop copy
NUMBERS = "numbers"  # only numbers differ: distinct by construction, not worth a warning
MIXED = "mixed"  # numbers or names and words differ: distinct, worth a warning


def _is_number_change(seg: str) -> bool:
    return bool(seg) and all(ch in _CN_NUMERAL_SET for ch in seg)


def difference(a: str, b: str) -> str:
    """Classify how ``a`` and the later ``b`` differ. A changed segment with an
    ASCII digit or letter (``60日``/``90日``, ``A类``) or made only of Chinese
    numerals (``第二类``/``第三类``) changes a number or a code; ``进一步``
    inserted (which holds the numeral ``一`` inside a word) changes wording;
    ``MIN_ADDED_CONTENT`` Han characters that only ``b`` has are content."""
    numbers = words = False
    for op in Indel.opcodes(a, b):
        if op.tag == "equal":
            continue
        if op.dest_end - op.dest_start >= MIN_ADDED_CONTENT and (
            han_count(b[op.dest_start : op.dest_end]) >= MIN_ADDED_CONTENT
        ):
            return MIXED
        seg = a[op.src_start : op.src_end] + b[op.dest_start : op.dest_end]
        if not any(ch.isalnum() for ch in seg):
            continue  # punctuation only (``；`` / ``。``): says nothing either way
        if _is_number_change(seg):
            numbers = True
            continue
        if any(ch.isascii() and ch.isalnum() for ch in seg):
            numbers = True
            # ``器械60`` / ``设备90``: words changed along with the number
            words = words or any(HAN_RE.match(ch) and ch not in _CN_NUMERAL_SET for ch in seg)
        else:
            words = True
    if numbers:
        return MIXED if words else NUMBERS
    return WORDING


# ---------------------------------------------------------------------------
# The engine: which units of a sequence are copies of an earlier one.
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Copy:
    """Unit ``dup`` repeats unit ``orig`` (the earliest occurrence) with ``score``."""

    dup: int
    orig: int
    score: float
    exact: bool
    loop: int = 0  # units in the loop that proves a near copy


@dataclass(frozen=True, slots=True)
class Similar:
    """Units ``a`` < ``b`` are near-identical but kept."""

    a: int
    b: int
    score: float
    why: str


@dataclass(slots=True)
class Analysis:
    # Exact copies found by period, as ``copy -> the unit it repeats``: a loop
    # of 100,000 items is 100,000 of them, so no object is kept for each.
    exact: dict[int, int] = field(default_factory=dict)
    near: dict[int, Copy] = field(default_factory=dict)  # copies proven by a loop of near copies
    similar: list[Similar] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.exact or self.near or self.similar)

    def is_copy(self, k: int) -> bool:
        return k in self.exact or k in self.near

    def dups(self) -> list[int]:
        """Every copy, in order."""
        return sorted([*self.exact, *self.near])

    def copy(self, dup: int) -> Copy:
        near = self.near.get(dup)
        return near if near is not None else Copy(dup, self.exact[dup], 100.0, exact=True)

    @property
    def copies(self) -> dict[int, Copy]:
        return {dup: self.copy(dup) for dup in self.dups()}


def _exact_copies(keys: Sequence[str], eligible: Sequence[bool], max_period: int) -> dict[int, int]:
    """Map each exact copy to the unit it repeats, earliest occurrence first.

    Unit ``j`` starts a repeat of period ``p`` when the ``p`` units from ``j``
    equal the ``p`` units before it: ``A A`` (p=1), ``A B A B`` (p=2). A whole
    cycle must repeat, so ``A B A`` (an item recurring two items later) is
    not a copy. Each unit is compared with at most ``max_period`` earlier ones."""
    orig: dict[int, int] = {}
    n = len(keys)
    if len(set(keys)) == n:
        return orig  # no key occurs twice: nothing can repeat (the usual case, found at C speed)
    j = 1
    while j < n:
        if eligible[j] and keys[j] == keys[j - 1]:
            # Period 1, the one tried first (``A A``, a loop's usual shape),
            # without the general search below.
            orig[j] = orig.get(j - 1, j - 1)
            j += 1
            continue
        step = 1
        # A repeat starting at j needs keys[j] among the max_period keys before
        # it: test that at C speed before trying each period.
        if not (eligible[j] and keys[j] in keys[max(0, j - max_period) : j]):
            j += 1
            continue
        for p in range(1, min(max_period, j, n - j) + 1):
            if all(eligible[k] and keys[k] == keys[k - p] for k in range(j, j + p)):
                for k in range(j, j + p):
                    first = k - p
                    orig[k] = orig.get(first, first)
                step = p
                break
        j += step
    return orig


def _close(
    cluster: Sequence[tuple[int, int, float]], keys: Sequence[str], n_copies: dict[int, int], out: Analysis
) -> None:
    """Settle a cluster of near-identical survivors: a loop (at least
    ``MIN_LOOP`` units counting exact copies, and at least one exact repeat
    among them) collapses to its first member; anything else is kept and
    reported."""
    if len(cluster) < 2:
        return
    units = len(cluster) + sum(n_copies.get(j, 0) for j, _, _ in cluster)
    repeated = any(n_copies.get(j, 0) for j, _, _ in cluster) or any(
        keys[j] == keys[i] for j, i, _ in cluster[1:]
    )
    for j, i, score in cluster[1:]:
        if units >= MIN_LOOP and repeated:
            out.near[j] = Copy(j, i, score, exact=keys[i] == keys[j], loop=units)
        else:
            out.similar.append(Similar(i, j, score, WORDING))


def _recurs_within(keys: Sequence[str], period: int) -> bool:
    """Whether some key equals one of the ``period`` keys before it: what an
    exact copy of period at most ``period`` needs."""
    if len(set(keys)) == len(keys):
        return False  # no key recurs at all (the usual case, found at C speed)
    # Compared by distance with map, at C speed: the same pairs as a loop
    # over each key and its window.
    return any(any(map(operator.eq, keys, keys[d:])) for d in range(1, period + 1))


def _may_copy(
    keys: Sequence[str],
    threshold: float,
    max_period: int,
    window: int,
    near: Sequence[bool] | None = None,
) -> bool:
    """Whether ``analyse`` could find anything among ``keys`` whatever the
    units eligible, asked before counting their Han characters: a necessary
    condition. An exact copy needs a key equal to one of the ``max_period``
    keys before it; a near copy, when there is none, needs a pair of units at
    most ``window`` apart that scores ``threshold``, both of them ``near``
    when that is given (units that may be near copies, or more)."""
    if _recurs_within(keys, max_period):
        return True
    ratio = fuzz.ratio
    flags = near if near is not None else [True] * len(keys)
    for d in range(1, window + 1):
        # each key with the one d after it
        for a, b, near_a, near_b in zip(keys, keys[d:], flags, flags[d:], strict=False):
            if near_a and near_b and ratio(a, b, score_cutoff=threshold):
                return True
    return False


def analyse(
    keys: Sequence[str],
    eligible: Sequence[bool],
    threshold: float,
    max_period: int = MAX_ITEM_PERIOD,
    near: Sequence[bool] | None = None,
    near_window: int = NEAR_WINDOW,
) -> Analysis:
    """Decide which units are copies. ``eligible`` units may be copies at all
    (long enough); ``near`` units may be near copies (default: the eligible)."""
    near = near if near is not None else eligible
    exact = _exact_copies(keys, eligible, max_period)
    out = Analysis(exact)
    survivors = [j for j in range(len(keys)) if j not in exact] if exact else range(len(keys))
    # The near pairs first: survivor (by position) -> (earlier survivor at
    # most ``near_window`` survivors back, score), oldest first. Scored by
    # distance in a tight loop, since nearly every pair is below threshold;
    # the walk below then visits only the survivors that have one.
    ratio = fuzz.ratio
    hits: dict[int, list[tuple[int, float]]] = {}
    for d in range(near_window, 0, -1):
        for k, i, j in zip(itertools.count(d), survivors, survivors[d:]):
            if near[i] and near[j]:
                score = ratio(keys[i], keys[j], score_cutoff=threshold)
                if score:
                    hits.setdefault(k, []).append((i, score))
    if not hits:
        return out  # the usual case: every cluster would be a single unit
    n_copies: dict[int, int] = {}
    for orig in exact.values():
        n_copies[orig] = n_copies.get(orig, 0) + 1
    # A cluster is a run of consecutive survivors each of which matches an
    # earlier member in wording only: (unit, matched unit, score), the first
    # member matching nothing. A survivor without a near pair closes the
    # cluster and starts its own, which only the next survivor can join.
    cluster: list[tuple[int, int, float]] = []
    members: set[int] = set()
    last = -1  # the position of the last survivor visited
    for k in sorted(hits):
        if k - 1 != last:  # the survivor before had no near pair
            _close(cluster, keys, n_copies, out)
            before = survivors[k - 1]
            cluster, members = [(before, -1, 0.0)], {before}
        last = k
        j = survivors[k]
        joined: tuple[float, int] | None = None
        other: tuple[float, int, str] | None = None
        for i, score in hits[k]:
            kind = difference(keys[i], keys[j])
            if kind == WORDING and i in members:
                if joined is None or score > joined[0]:
                    joined = (score, i)
            elif kind != NUMBERS and (other is None or score > other[0]):
                other = (score, i, kind)
        if joined is not None:
            cluster.append((j, joined[1], joined[0]))
            members.add(j)
        else:
            _close(cluster, keys, n_copies, out)
            if other is not None:
                out.similar.append(Similar(other[1], j, other[0], other[2]))
            cluster, members = [(j, -1, 0.0)], {j}
    _close(cluster, keys, n_copies, out)
    return out


# ---------------------------------------------------------------------------
# Lines of the document.
# ---------------------------------------------------------------------------


def _blank(line: Line) -> bool:
    # Any whitespace, not only the spaces ``Line.blank`` knows: a line of
    # no-break spaces is blank between items too.
    return not line.text.strip()


def removal_edits(text: str, lines: Sequence[Line], removals: Sequence[tuple[int, int, str]]) -> list[Edit]:
    """One edit per removal ``(first_line, last_line, note)``, each taking its
    lines and the blank lines after them, so blank-separated lists stay
    blank-separated; a removal with nothing kept after it takes the blank
    lines before it instead, so the text keeps its final newline.

    ``lines`` are ``parse_lines(text)``. Only the lines around a removal are
    looked at, so a removal costs the same in a text of any length."""
    removed: set[int] = set()
    for first, last, _ in removals:
        removed.update(range(first, last + 1))
    n = len(lines)
    # Some kept non-blank line is at or after line i exactly when i <= last_kept.
    last_kept = n - 1
    while last_kept >= 0 and (last_kept in removed or _blank(lines[last_kept])):
        last_kept -= 1
    edits: list[Edit] = []
    for first, last, note in sorted(removals):
        nxt = last + 1
        while nxt < n and _blank(lines[nxt]):
            nxt += 1
        if nxt <= last_kept:
            start, end = lines[first].start, lines[nxt].start
        else:
            prev = first - 1
            while prev >= 0 and _blank(lines[prev]):
                prev -= 1
            if prev >= 0:
                start, end = (
                    lines[prev].start + len(lines[prev].text),
                    lines[last].start + len(lines[last].text),
                )
            else:
                start, end = lines[first].start, lines[nxt].start if nxt < n else len(text)
        edits.append(Edit(start, end, "", note, removed=True))
    return edits


def _excerpt(s: str, width: int = 16) -> str:
    return s if len(s) <= width else s[:width] + "…"


# ---------------------------------------------------------------------------
# D101 / D201 on list items.
# ---------------------------------------------------------------------------
#
# An item is ``group[pos]``, a line with a marker; its key (normalized body,
# the number left out) is ``keys[pos]``. What lies below an item is only
# asked of copies, so nothing else is built per item: a list of 100,000
# items costs a key and a few comparisons each.


def _below(
    lines: Sequence[Line], group: Sequence[Line], numbered: Sequence[int], pos: int
) -> tuple[int, bool]:
    """Where the lines of item ``pos`` end (the index of the next numbered
    line, or of the end), and whether the item is a leaf: no numbered line
    below it before its next sibling or a higher item.

    Whether an item has items under it is read from the numbers, not from
    the rank of the markers, because documents write the hierarchy upside
    down (``（1）`` sections holding ``1.`` lists): an item is a leaf when
    the next numbered line is its next sibling, or, for the last item,
    when the next numbered line does not start a list (a child list starts
    at 1, a section after the list goes on counting: ``（三）`` after the
    ``1.`` list of ``（二）``).

    ``numbered`` holds the indices of the lines with a marker, in order."""
    after = bisect.bisect_right(numbered, group[pos].index)
    k = numbered[after] if after < len(numbered) else len(lines)
    if pos + 1 < len(group):
        return k, k == group[pos + 1].index
    nxt = lines[k].marker if k < len(lines) else None
    return k, nxt is None or nxt.number != 1


def _tail(lines: Sequence[Line], first: int, below_end: int) -> list[int]:
    """The unnumbered lines under an item (its content, or the parent's text after it)."""
    return [k for k in range(first + 1, below_end) if not lines[k].blank]


def _og_tail(lines: Sequence[Line], group: Sequence[Line], numbered: Sequence[int], orig: int) -> list[int]:
    """The unnumbered lines under item ``orig``, to compare its copies' with."""
    return _tail(lines, group[orig].index, _below(lines, group, numbered, orig)[0])


def _tail_key(lines: Sequence[Line], tail: Sequence[int]) -> str:
    return normalize("".join(lines[t].text for t in tail))


def _item_extent(
    lines: Sequence[Line],
    group: Sequence[Line],
    numbered: Sequence[int],
    result: Analysis,
    dup: int,
    og_tail: Sequence[int],
) -> tuple[int, int] | None:
    """Lines to remove with item ``dup``, or None when it cannot be removed
    safely: an item with items under it, or one whose text below differs
    from its original's. The last copy of a loop may have unnumbered text
    below it that its original lacks: the loop was written between an item
    and its text (``1.将引言修改为：``, copies, then the quoted new text), or
    the list ends and the parent's text follows; either way only the copy's
    own line goes, and the text then follows the original again.

    ``og_tail`` is ``_og_tail`` of the original."""
    below_end, leaf = _below(lines, group, numbered, dup)
    if not leaf:
        return None
    first = group[dup].index
    it_tail = _tail(lines, first, below_end)
    if not it_tail and not og_tail:
        return first, first  # a copy of one line, of an item of one line (a loop's usual shape)
    if _tail_key(lines, it_tail) == _tail_key(lines, og_tail):
        return first, it_tail[-1] if it_tail else first
    if not og_tail and not result.is_copy(dup + 1):
        return first, first
    return None


def _root(result: Analysis, k: int) -> int:
    """The item that stays for a copy of a copy."""
    while result.is_copy(k):
        k = result.copy(k).orig
    return k


def _label(line: Line) -> str:
    assert line.marker is not None
    return line.marker.text


@dataclass(slots=True)
class _ItemVerdicts:
    renumber: list[Edit] = field(default_factory=list)
    own: list[Finding] = field(
        default_factory=list
    )  # D101's: copies it had to keep, numbering it could not fix
    # What D101 removes, reported by D201 when D101 is off (only built then).
    copies: list[Finding] = field(default_factory=list)
    similar: list[Finding] = field(default_factory=list)  # D201's: near-identical items kept


def _group_verdicts(
    lines: Sequence[Line],
    group: Sequence[Line],
    numbered: Sequence[int],
    keys: Sequence[str],
    result: Analysis,
    report_copies: bool,
    out: _ItemVerdicts,
    removals: list[tuple[int, int, str]],
) -> None:
    """Add to ``out`` what ``result`` (the analysis of ``group``) calls for,
    and to ``removals`` the lines to remove (not kept in ``out``, which is
    cached: only the edits made of them are read)."""
    gone: set[int] = set()
    # The copies of one item in one loop share one description (and one string).
    descs: dict[tuple[int, bool, float, int], str] = {}
    og_tails: dict[int, list[int]] = {}  # by original: a loop has one original for all its copies
    for dup in result.dups():
        c = result.copy(dup)
        it = group[dup]
        desc = descs.get((c.orig, c.exact, c.score, c.loop))
        if desc is None:
            og = group[c.orig]
            what = "duplicate" if c.exact else "near-duplicate"
            desc = f"{what} of item {_label(og)} “{_excerpt(keys[c.orig])}”, score {c.score:.1f}"
            if not c.exact:
                desc += f" (loop of {c.loop} items)"
            if result.is_copy(c.orig):  # a copy of a copy: name the item that stays
                root = group[_root(result, c.orig)]
                desc += f"; item {_label(og)} is itself a copy of item {_label(root)}"
            descs[c.orig, c.exact, c.score, c.loop] = desc
        og_tail = og_tails.get(c.orig)
        if og_tail is None:
            og_tail = og_tails[c.orig] = _og_tail(lines, group, numbered, c.orig)
        extent = _item_extent(lines, group, numbered, result, dup, og_tail)
        if extent is None:
            out.own.append(
                Finding(it.start, f"item {_label(it)} {desc}; kept: it has items or other text under it")
            )
            continue
        if report_copies:
            out.copies.append(Finding(it.start, f"item {_label(it)} is a {desc}"))
        removals.append((extent[0], extent[1], desc))
        gone.add(dup)
    for s in result.similar:
        if len(keys[s.b]) < MIN_WARN_LEN:
            continue
        a, b = group[s.a], group[s.b]
        out.similar.append(
            Finding(
                b.start,
                f"items {_label(a)} and {_label(b)} are near-identical (score {s.score:.1f}) "
                "but not a repeat loop: kept, check whether one repeats the other",
            )
        )
    if gone:
        irregular = _renumber(group, gone, out.renumber)
        if irregular is not None:
            out.own.append(irregular)


def _renumber(group: Sequence[Line], gone: set[int], out: list[Edit]) -> Finding | None:
    """Renumber the survivors of a list that lost items, when its numbering
    was consecutive before: each item one more than the item before it, or
    equal to it for a removed copy (a line written twice keeps its number)."""
    nums = [ln.marker.number if ln.marker else 0 for ln in group]
    sound = all(
        nums[k] == nums[k - 1] + 1 or (nums[k] == nums[k - 1] and k in gone) for k in range(1, len(nums))
    )
    if not sound:
        return Finding(
            group[min(gone)].start,
            "duplicates removed from a list numbered irregularly: numbers left as they are",
        )
    expected = nums[0]
    for k, line in enumerate(group):
        if k in gone:
            continue
        m = line.marker
        assert m is not None
        if m.number != expected:
            start, end = line.marker_span()
            out.append(
                Edit(
                    start, end, write_form(m.form, m.level, expected), "renumbered after removing duplicates"
                )
            )
        expected += 1
    return None


# The lists of a document come back unchanged in each version of its text
# the pipeline makes (a third of the lists D101 reads in the benchmark), so
# the verdicts on lists of up to this many items are kept (the cache holds
# their keys: 256 lists of any length could hold a whole corpus of LLM loops).
# Callers only read the Analysis returned.
_CACHED_LIST_ITEMS = 1000


def _list_analysis(keys: tuple[str, ...], threshold: float) -> Analysis | None:
    """``analyse`` of a list whose items have these keys, or None when it
    finds nothing (the usual list); the Han characters are only counted when
    ``_may_copy`` says there could be something to find."""
    if len(keys) <= _CACHED_LIST_ITEMS:
        return _cached_list_analysis(keys, threshold)
    return _analyse_list(keys, threshold)


@lru_cache(maxsize=256)
def _cached_list_analysis(keys: tuple[str, ...], threshold: float) -> Analysis | None:
    return _analyse_list(keys, threshold)


def _analyse_list(keys: tuple[str, ...], threshold: float) -> Analysis | None:
    if not _may_copy(keys, threshold, MAX_ITEM_PERIOD, NEAR_WINDOW):
        return None
    han = _han_counts("\n".join(keys))
    result = analyse(keys, [h >= MIN_HAN_ITEM for h in han], threshold)
    return result if result else None


# D101 and D201 ask for the same verdicts on the same text (D102 and D201 for
# the paragraphs): each pass is computed once per text. Callers only read
# the lists returned.
@lru_cache(maxsize=1)
def _item_pass(text: str, threshold: float, report_copies: bool) -> tuple[list[Edit], _ItemVerdicts]:
    verdicts = _ItemVerdicts()
    groups = [group for group in groups_of(text) if len(group) >= 2]
    if not groups:
        return [], verdicts
    # The keys of all the items of the text, normalized in one pass over
    # their bodies joined by newlines (as for the lines of D102).
    all_keys = _normalize_lines("\n".join(line.body for group in groups for line in group)).split("\n")
    found: list[tuple[tuple[Line, ...], tuple[str, ...], Analysis]] = []
    end = 0
    for group in groups:
        start, end = end, end + len(group)
        keys = tuple(all_keys[start:end])
        result = _list_analysis(keys, threshold)
        if result is not None:  # not the usual list: something to remove, renumber or report
            found.append((group, keys, result))
    if not found:
        return [], verdicts
    lines = parse_lines(text)
    numbered = [ln.index for ln in numbered_lines(text)]
    removals: list[tuple[int, int, str]] = []
    for group, keys, result in found:
        _group_verdicts(lines, group, numbered, keys, result, report_copies, verdicts, removals)
    edits = removal_edits(text, lines, removals) if removals else []
    return edits + verdicts.renumber, verdicts


@rule(
    "D101",
    "repeated-item",
    "Remove list items that repeat the item before them (LLM loops); renumber the list",
    "3.推进集团建设。 4.支持集团建设。 5.支持集团建设。 6.支持集团建设。",
    "3.推进集团建设。",
    order=20,
)
def repeated_item(text: str, config: Config) -> Sequence[Edit | Finding]:
    edits, verdicts = _item_pass(text, config.dedupe_threshold, False)
    return [*edits, *verdicts.own]


# ---------------------------------------------------------------------------
# D102 on paragraphs (any line).
# ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _paragraph_pass(text: str, threshold: float, report_copies: bool) -> tuple[list[Edit], list[Finding]]:
    lines = parse_lines(text)
    units = [ln for ln in lines if not ln.blank]
    # The whole line is compared, marker included: items that repeat a body
    # under the next number are D101's, with its renumbering.
    line_keys = _keys_by_line(text)
    keys = [line_keys[ln.index] for ln in units]
    unnumbered = [ln.marker is None for ln in units]
    # An exact copy needs a key recurring within MAX_PARAGRAPH_PERIOD units; a
    # near one, two adjacent unnumbered units scoring threshold.
    if not _may_copy(keys, threshold, MAX_PARAGRAPH_PERIOD, 1, near=unnumbered):
        return [], []  # the usual text: no line repeats, none is near the one before it
    # The Han counts only now: some pair of lines could be a repeat (rarely).
    line_han = _han_counts("\n".join(line_keys))
    eligible = [line_han[ln.index] >= MIN_HAN_PARAGRAPH for ln in units]
    near = [e and u for e, u in zip(eligible, unnumbered, strict=True)]
    # A paragraph recurring a few lines later is how tables and forms are
    # written (``指标来源：医院填报。`` every fourth line): only a line repeating
    # the line right before it, or a block of lines repeating the block right
    # before it, counts.
    result = analyse(keys, eligible, threshold, max_period=MAX_PARAGRAPH_PERIOD, near=near, near_window=1)
    boilerplate = _recurring_elsewhere(keys, result.exact)
    removals: list[tuple[int, int, str]] = []
    findings: list[Finding] = []
    for dup in result.dups():
        if dup in boilerplate:
            continue
        c = result.copy(dup)
        what = "repeats the paragraph before it" if c.exact else "near-repeat of the paragraph before it"
        desc = f"{what} “{_excerpt(keys[c.orig])}”, score {c.score:.1f}"
        if not c.exact:
            desc += f" (loop of {c.loop} paragraphs)"
        if report_copies:
            findings.append(Finding(units[dup].start, f"paragraph {desc}"))
        removals.append((units[dup].index, units[dup].index, desc))
    for s in result.similar:
        if len(keys[s.b]) >= MIN_WARN_LEN:
            findings.append(
                Finding(
                    units[s.b].start,
                    f"paragraph is near-identical to the one before it (score {s.score:.1f}): kept, "
                    "check whether it repeats it",
                )
            )
    return (removal_edits(text, lines, removals) if removals else []), findings


def _recurring_elsewhere(keys: Sequence[str], exact: dict[int, int]) -> set[int]:
    """The exact copies whose line also stands elsewhere in the document, away
    from the run of copies they belong to: a figure's or table's source line
    (``数据来源：中国人民银行。`` under two charts set side by side, and under
    many more), a chart title a Word export writes above every chart, a header
    cell. Such a line is part of the document's form, written wherever it
    belongs; two of them meeting is no loop, and removing one loses a cell. An
    LLM loop repeats a paragraph in one place only."""
    if not exact:
        return set()
    runs: dict[int, list[int]] = {}
    for dup, orig in exact.items():
        runs.setdefault(orig, [orig]).append(dup)
    counts = Counter(keys[orig] for orig in runs)
    if not counts:
        return set()
    # how often each copied key stands in the whole document (one pass, only those keys)
    total = Counter(key for key in keys if key in counts)
    out: set[int] = set()
    for orig, run in runs.items():
        # several runs of one key, or the key outside its run: it recurs elsewhere
        if counts[keys[orig]] > 1 or total[keys[orig]] > len(run):
            out.update(run[1:])
    return out


@rule(
    "D102",
    "repeated-paragraph",
    "Remove a paragraph that repeats the paragraph right before it",
    "各地要加强组织领导。 各地要加强组织领导。",
    "各地要加强组织领导。",
    order=10,
)
def repeated_paragraph(text: str, config: Config) -> Sequence[Edit | Finding]:
    edits, _ = _paragraph_pass(text, config.dedupe_threshold, False)
    return edits


@rule(
    "D201",
    "similar-kept",
    "Report near-identical items and paragraphs that were kept (lint), and repeats left in place",
    "1.遴选建设一批职业本科专业群。 2.遴选建设一批职业专科专业群。",
    "warning: items 1. and 2. are near-identical (score 94.1) …",
    order=100,
)
def similar_kept(text: str, config: Config) -> Sequence[Edit | Finding]:
    # With D101/D102 ignored, the copies they would remove are reported too
    # (built only then: with them on, these calls are the ones they made).
    d101, d102 = config.enabled("D101"), config.enabled("D102")
    _, verdicts = _item_pass(text, config.dedupe_threshold, not d101)
    items = verdicts.similar if d101 else [*verdicts.copies, *verdicts.own, *verdicts.similar]
    _, paragraphs = _paragraph_pass(text, config.dedupe_threshold, not d102)
    return [*items, *paragraphs]
