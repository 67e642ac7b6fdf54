"""The rule table: one pure function per rule, with a stable code and a name.

A rule is ``fix(text, config) -> Sequence[Edit | Finding]``: it reads the whole
document text and proposes non-overlapping edits in that text's coordinates
(and lint findings). It never mutates anything, and a rule that has nothing
to do returns an empty sequence. Codes are never reused: retire a rule by
deleting it, never by giving its code to another one.

Families (the first letter of the code):
  C  characters    S  spacing     P  punctuation   L  line repair
  H  headings      D  deduplication
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from cleandoc.config import Config, ConfigError
from cleandoc.model import Edit, Finding

RuleFn = Callable[[str, Config], Sequence[Edit | Finding]]

FAMILY_ORDER = "CLSPHD"
FAMILY_NAMES = {
    "C": "characters",
    "L": "line repair",
    "S": "spacing",
    "P": "punctuation",
    "H": "headings",
    "D": "deduplication",
}


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    summary: str
    before: str
    after: str
    fix: RuleFn
    order: int  # position inside its family; families run in FAMILY_ORDER

    @property
    def family(self) -> str:
        return FAMILY_NAMES[self.code[0]]

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (FAMILY_ORDER.index(self.code[0]), self.order, self.code)


_REGISTRY: dict[str, Rule] = {}


def rule(
    code: str, name: str, summary: str, before: str, after: str, order: int = 0
) -> Callable[[RuleFn], RuleFn]:
    """Register ``fn`` as the rule ``code``/``name`` (decorator)."""

    def register(fn: RuleFn) -> RuleFn:
        if code in _REGISTRY:
            raise ValueError(f"rule code {code} registered twice")
        if any(r.name == name for r in _REGISTRY.values()):
            raise ValueError(f"rule name {name} registered twice")
        if code[0] not in FAMILY_NAMES:
            raise ValueError(f"rule code {code} has no known family letter")
        _REGISTRY[code] = Rule(code, name, summary, before, after, fn, order)
        return fn

    return register


def all_rules() -> list[Rule]:
    """Every registered rule, in the order the pipeline runs them."""
    import cleandoc.deduplicator
    import cleandoc.normalizer  # noqa: F401

    return sorted(_REGISTRY.values(), key=lambda r: r.sort_key)


def resolve(selectors: Iterable[str]) -> set[str]:
    """Rule codes matching selectors: a code (``P101``), a code prefix
    (``P``, ``P1``), a rule name, or a family name. Unknown selectors raise
    ``KeyError`` naming them."""
    rules = all_rules()
    codes: set[str] = set()
    for raw in selectors:
        sel = raw.strip()
        if not sel:
            continue
        hit = {
            r.code
            for r in rules
            if r.code == sel.upper() or r.code.startswith(sel.upper()) or r.name == sel or r.family == sel
        }
        if not hit:
            raise KeyError(sel)
        codes |= hit
    return codes


@lru_cache(maxsize=64)
def _enabled(
    select: frozenset[str], ignore: frozenset[str], dedupe: bool, known: tuple[str, ...]
) -> frozenset[str]:
    """The resolution behind ``enabled_codes``, remembered per set of known
    codes (``known``), so a registry that changes (tests) is not answered from
    an older one."""

    def codes(key: str, selectors: frozenset[str]) -> set[str]:
        try:
            return resolve(sorted(selectors))
        except KeyError as err:
            raise ConfigError(f"'{key}' names no rule: {err.args[0]}") from None

    chosen = codes("select", select) if select else set(known)
    chosen -= codes("ignore", ignore)
    if not dedupe:
        chosen = {c for c in chosen if not c.startswith("D")}
    return frozenset(chosen)


def enabled_codes(config: Config) -> frozenset[str]:
    """The codes of the rules ``config`` runs: its selectors resolved as the
    command line resolves them (codes, prefixes, family letters, rule and
    family names). A selector that names no rule is a ``ConfigError``."""
    return _enabled(config.select, config.ignore, config.dedupe, tuple(r.code for r in all_rules()))


def resolved(config: Config) -> Config:
    """``config`` with its selectors replaced by the codes they name (what
    ``Config.enabled`` reads)."""
    codes = enabled_codes(config)
    if config.select == codes and not config.ignore:
        return config
    return replace(config, select=codes, ignore=frozenset())
