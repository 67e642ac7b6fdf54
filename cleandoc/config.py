"""Settings: defaults < ``[tool.cleandoc]`` in the nearest pyproject.toml or a
cleandoc.toml < command-line flags. Unknown keys and bad values are errors
that name the key and the file.

``Config(...)`` checks its own values, so the Python API accepts exactly what
the command line and the settings files accept: a wrong type or an unknown
choice is a ``ValueError`` (``ConfigError``) naming the key, whoever built it.
Rule selectors (``select``/``ignore``) are kept as the user wrote them (codes,
prefixes, family letters, rule or family names); they are resolved to codes
by the rule table (``rules.enabled_codes``), which is where the rules are
known. This module imports nothing of cleandoc, so the rules can import
``Config`` without an import circle.
"""

from __future__ import annotations

import codecs
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

Spacing = Literal["remove", "keep"]
Indent = Literal["drop", "keep"]
# "auto": Markdown headings for a Markdown source (a .md file), plain text otherwise.
HeadingStyle = Literal["auto", "plain", "markdown"]

CHOICES: dict[str, tuple[str, ...]] = {
    "spacing": ("remove", "keep"),
    "indent": ("drop", "keep"),
    "heading_style": ("auto", "plain", "markdown"),
    "paren_style": ("standard", "house"),
}


class ConfigError(ValueError):
    """A setting that cannot be used; the message names the key and source."""


def _selectors(value: Any) -> frozenset[str]:
    """``"P101,S"``, ``["P101", "S"]`` or a set: the selectors, stripped."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple | set | frozenset) or not all(isinstance(v, str) for v in items):
        raise ValueError("must be a rule selector or a list of them (strings)")
    return frozenset(part.strip() for v in items for part in v.split(",") if part.strip())


def _globs(value: Any) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(v, str) for v in items):
        raise ValueError("must be a glob pattern or a list of them (strings)")
    return tuple(items)


def _encoding(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"must be an encoding name, not {value!r}")
    try:
        codecs.lookup(value)
    except LookupError:
        raise ValueError(f"unknown encoding '{value}'") from None
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, not {value!r}")
    return value


def _threshold(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ValueError(f"must be a number from 0 to 100, not {value!r}")
    return float(value)


def _choice(key: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or value not in CHOICES[key]:
            raise ValueError(f"must be one of {', '.join(CHOICES[key])}, not {value!r}")
        return value

    return check


# A rule code or code prefix: a family letter and up to three digits.
_CODE_SHAPE = re.compile(r"[A-Za-z]\d{0,3}")


def _unknown_names(selectors: frozenset[str]) -> list[str]:
    """The selectors that are neither shaped like a code nor the name of a
    rule or family: a misspelt name is an error where the Config is made, as
    on the command line. A code (``P101``) or prefix is checked when the rules
    are resolved (``rules.enabled_codes``): a rule may be registered later."""
    if not selectors:
        return []
    # imported on use: the rule table imports Config
    from cleandoc.rules import FAMILY_NAMES, all_rules

    names = [s for s in selectors if not _CODE_SHAPE.fullmatch(s)]
    unknown = [s for s in selectors if _CODE_SHAPE.fullmatch(s) and s[0].upper() not in FAMILY_NAMES]
    if names:
        known = {r.name for r in all_rules()} | set(FAMILY_NAMES.values())
        unknown += [s for s in names if s not in known]
    return sorted(unknown)


# Field name -> a function that returns the value in its stored form or
# raises ValueError saying what the value must be (without the key's name).
_CHECKS: dict[str, Callable[[Any], Any]] = {
    "spacing": _choice("spacing"),
    "indent": _choice("indent"),
    "heading_style": _choice("heading_style"),
    "paren_style": _choice("paren_style"),
    "dedupe": _bool,
    "markdown": _bool,
    "dedupe_threshold": _threshold,
    "select": _selectors,
    "ignore": _selectors,
    "include": _globs,
    "exclude": _globs,
    "encoding": _encoding,
    "output_encoding": _encoding,
}


@dataclass(frozen=True)
class Config:
    spacing: Spacing = "remove"  # spaces between Han and digits/Latin
    indent: Indent = "drop"  # leading indentation of lines
    heading_style: HeadingStyle = "auto"
    # Every document is a Markdown source: its headings and verbatim lines
    # (front matter, code, tables) are kept. The runner sets it for .md files.
    markdown: bool = False
    dedupe: bool = True
    dedupe_threshold: float = 90.0  # rapidfuzz ratio (0-100) for near-duplicates
    # Rule selectors as given: codes, prefixes, family letters, rule or family
    # names. Empty select: all rules. Resolved by rules.enabled_codes.
    select: frozenset[str] = field(default_factory=frozenset)
    ignore: frozenset[str] = field(default_factory=frozenset)
    include: tuple[str, ...] = ("*.txt", "*.md")
    exclude: tuple[str, ...] = ()
    encoding: str | None = None  # force the input encoding
    output_encoding: str | None = None  # default: the input's own
    paren_style: Literal["standard", "house"] = "standard"  # "house": keep all-half-width () documents

    def __post_init__(self) -> None:
        for name, check in _CHECKS.items():
            try:
                value = check(getattr(self, name))
            except ValueError as err:
                raise ConfigError(f"'{name}' {err}") from None
            object.__setattr__(self, name, value)  # frozen: the stored form, set once here
        for name in ("select", "ignore"):
            unknown = _unknown_names(getattr(self, name))
            if unknown:
                raise ConfigError(f"'{name}' names no rule: {', '.join(unknown)}")

    def enabled(self, code: str) -> bool:
        """Whether rule ``code`` runs under a *resolved* config, one whose
        ``select`` holds rule codes (the pipeline hands the rules such a config,
        see ``rules.resolved``)."""
        if code.startswith("D") and not self.dedupe:
            return False
        if self.select and code not in self.select:
            return False
        return code not in self.ignore


FILE_KEYS = {f.name for f in fields(Config)} | {"dedupe-threshold", "heading-style", "output-encoding"}


def _normalize_key(key: str) -> str:
    return key.replace("-", "_")


def from_mapping(data: dict[str, Any], source: str, base: Config | None = None) -> Config:
    """Build a Config from a mapping (a TOML table or CLI values); errors
    name ``source`` and the key as it was written there."""
    cfg = base or Config()
    known = {f.name for f in fields(Config)}
    updates: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = _normalize_key(raw_key)
        if key not in known:
            raise ConfigError(f"{source}: unknown key '{raw_key}'")
        try:
            updates[key] = _CHECKS[key](value)
        except ValueError as err:
            raise ConfigError(f"{source}: '{raw_key}' {err}") from None
    return replace(cfg, **updates)


def find_config_file(start: Path) -> Path | None:
    """The nearest cleandoc.toml, or pyproject.toml with [tool.cleandoc],
    in ``start`` or its parents."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        own = folder / "cleandoc.toml"
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "cleandoc" in _load_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: invalid TOML: {err}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text (TOML files are UTF-8)") from None
    except OSError as err:
        raise ConfigError(f"{path}: cannot read: {err.strerror or err}") from None


def load_file(path: Path) -> Config:
    data = _load_toml(path)
    table = data.get("tool", {}).get("cleandoc", {}) if path.name == "pyproject.toml" else data
    if path.name != "pyproject.toml" and "tool" in table and "cleandoc" in table["tool"]:
        table = table["tool"]["cleandoc"]
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.cleandoc] must be a table")
    return from_mapping(table, str(path))


def load_config(path: str | Path) -> Config:
    """The settings of a ``cleandoc.toml`` or of ``[tool.cleandoc]`` in a
    ``pyproject.toml``, as the command line reads them; a ``ConfigError``
    (a ``ValueError``) naming the file and the key when they cannot be used."""
    return load_file(Path(path))
