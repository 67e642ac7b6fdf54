"""Settings: defaults < ``[tool.cleandoc]`` in the nearest pyproject.toml or a
cleandoc.toml < command-line flags. Unknown keys and bad values are errors
that name the key and the file."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

Spacing = Literal["remove", "keep"]
Indent = Literal["drop", "keep"]
HeadingStyle = Literal["plain", "markdown"]

CHOICES: dict[str, tuple[str, ...]] = {
    "spacing": ("remove", "keep"),
    "indent": ("drop", "keep"),
    "heading_style": ("plain", "markdown"),
    "paren_style": ("standard", "house"),
}


class ConfigError(ValueError):
    """A setting that cannot be used; the message names the key and source."""


@dataclass(frozen=True)
class Config:
    spacing: Spacing = "remove"  # spaces between Han and digits/Latin
    indent: Indent = "drop"  # leading indentation of lines
    heading_style: HeadingStyle = "plain"
    dedupe: bool = True
    dedupe_threshold: float = 90.0  # rapidfuzz ratio (0-100) for near-duplicates
    select: frozenset[str] = field(default_factory=frozenset)  # empty: all rules
    ignore: frozenset[str] = field(default_factory=frozenset)
    include: tuple[str, ...] = ("*.txt", "*.md")
    exclude: tuple[str, ...] = ()
    encoding: str | None = None  # force the input encoding
    output_encoding: str | None = None  # default: the input's own
    paren_style: Literal["standard", "house"] = "standard"  # "house": keep all-half-width () documents

    def enabled(self, code: str) -> bool:
        """Whether rule ``code`` runs (select/ignore hold resolved codes)."""
        if code.startswith("D") and not self.dedupe:
            return False
        if self.select and code not in self.select:
            return False
        return code not in self.ignore


FILE_KEYS = {f.name for f in fields(Config)} | {"dedupe-threshold", "heading-style", "output-encoding"}


def _normalize_key(key: str) -> str:
    return key.replace("-", "_")


def from_mapping(data: dict[str, Any], source: str, base: Config | None = None) -> Config:
    """Build a Config from a mapping (a TOML table or CLI values)."""
    from cleandoc.rules import resolve

    cfg = base or Config()
    known = {f.name: f for f in fields(Config)}
    updates: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = _normalize_key(raw_key)
        if key not in known:
            raise ConfigError(f"{source}: unknown key '{raw_key}'")
        if key in CHOICES and value not in CHOICES[key]:
            allowed = ", ".join(CHOICES[key])
            raise ConfigError(f"{source}: '{raw_key}' must be one of {allowed}, not {value!r}")
        if key in ("select", "ignore"):
            items = [value] if isinstance(value, str) else list(value)
            try:
                value = frozenset(resolve(items))
            except KeyError as err:
                raise ConfigError(f"{source}: '{raw_key}' names no rule: {err.args[0]}") from None
        elif key in ("include", "exclude"):
            value = (value,) if isinstance(value, str) else tuple(value)
        elif key == "dedupe_threshold":
            if not isinstance(value, int | float) or not 0 <= value <= 100:
                raise ConfigError(f"{source}: '{raw_key}' must be a number from 0 to 100")
            value = float(value)
        elif key == "dedupe" and not isinstance(value, bool):
            raise ConfigError(f"{source}: '{raw_key}' must be true or false")
        updates[key] = value
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
    except OSError as err:
        raise ConfigError(f"{path}: cannot read: {err.strerror or err}") from None


def load_file(path: Path) -> Config:
    data = _load_toml(path)
    table = data.get("tool", {}).get("cleandoc", {}) if path.name == "pyproject.toml" else data
    if path.name != "pyproject.toml" and "tool" in table and "cleandoc" in table["tool"]:
        table = table["tool"]["cleandoc"]
    return from_mapping(table, str(path))
