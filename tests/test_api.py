"""The Python API means what the command line means: ``Config`` validates
and resolves its values as ``cleandoc.toml`` and the flags do,
``load_config`` reads a settings file, and ``clean`` keeps the text's own
ending and refuses what is not text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import cleandoc
from cleandoc import Config, ConfigError, clean, load_config
from cleandoc.pipeline import enabled_rules
from cleandoc.rules import all_rules


def _codes(config: Config) -> set[str]:
    return {r.code for r in enabled_rules(config)}


def test_selectors_resolve_as_on_the_command_line() -> None:
    every = {r.code for r in all_rules()}
    assert _codes(Config()) == every
    assert _codes(Config(ignore=["D"])) == {c for c in every if not c.startswith("D")}
    assert _codes(Config(select=["P"])) == {c for c in every if c.startswith("P")}
    assert _codes(Config(select="P101,S101")) == {"P101", "S101"}
    assert _codes(Config(select=["halfwidth-paren", "deduplication"])) == {"P102"} | {
        c for c in every if c.startswith("D")
    }
    assert _codes(Config(select=["P"], ignore=["P"])) == set()
    # what the API selects is what actually runs
    assert clean("（一）标题,正文\n", Config(select=["P"])).text == "（一）标题，正文\n"
    assert clean("委员会:\n", Config(ignore=["punctuation"])).text == "委员会:\n"


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"select": 5}, "select"),
        ({"select": [1, 2]}, "select"),
        ({"include": 3}, "include"),
        ({"encoding": 5}, "encoding"),
        ({"encoding": "nosuch"}, "encoding"),
        ({"output_encoding": "nosuch"}, "output_encoding"),
        ({"spacing": "kep"}, "spacing"),
        ({"indent": 1}, "indent"),
        ({"heading_style": "html"}, "heading_style"),
        ({"dedupe": "yes"}, "dedupe"),
        ({"dedupe_threshold": 101}, "dedupe_threshold"),
        ({"dedupe_threshold": True}, "dedupe_threshold"),
    ],
)
def test_bad_values_are_value_errors_naming_the_key(kwargs: dict[str, Any], key: str) -> None:
    with pytest.raises(ValueError, match=f"'{key}'"):
        Config(**kwargs)


def test_an_unknown_selector_is_a_value_error_naming_it() -> None:
    with pytest.raises(ValueError, match="'ignore' names no rule: nosuch"):
        clean("x\n", Config(ignore=["nosuch"]))


def test_load_config_reads_a_settings_file(tmp_path: Path) -> None:
    path = tmp_path / "cleandoc.toml"
    path.write_text('ignore = ["D"]\nspacing = "keep"\nheading-style = "plain"\n', encoding="utf-8")
    assert load_config(path) == Config(ignore=frozenset({"D"}), spacing="keep", heading_style="plain")
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.cleandoc]\nselect = "P"\n', encoding="utf-8")
    assert load_config(str(pyproject)).select == frozenset({"P"})


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"select = 5\n", r"cleandoc.toml: 'select' must be"),
        (b"include = 3\n", r"cleandoc.toml: 'include' must be"),
        (b'encoding = "nosuch"\n', r"cleandoc.toml: 'encoding' unknown encoding 'nosuch'"),
        (b'spacing = "kep"\n', r"cleandoc.toml: 'spacing' must be one of"),
        (b"spacing = \n", r"cleandoc.toml: invalid TOML"),
        ('ignore = ["去重"]\n'.encode("gb18030"), r"cleandoc.toml: not UTF-8"),
    ],
)
def test_a_bad_settings_file_is_one_error_naming_it(tmp_path: Path, content: bytes, match: str) -> None:
    path = tmp_path / "cleandoc.toml"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match=match) as info:
        load_config(path)
    assert "\n" not in str(info.value)


def test_clean_adds_no_final_newline() -> None:
    assert clean("标题").text == "标题"
    assert clean("委员会:").text == "委员会："
    assert clean("委员会:\n").text == "委员会：\n"
    assert clean("委员会:\n\n\n").text == "委员会：\n"


@pytest.mark.parametrize("value", [b"\xe6\xa0\x87", None, 5, ["a"]])
def test_clean_refuses_what_is_not_a_str(value: Any) -> None:
    with pytest.raises(TypeError, match="as str, not"):
        clean(value)


def test_clean_refuses_a_config_that_is_not_one() -> None:
    with pytest.raises(TypeError, match=r"cleandoc\.Config"):
        clean("x", {"spacing": "keep"})  # type: ignore[arg-type]


def test_public_names() -> None:
    for name in ("clean", "Config", "ConfigError", "load_config", "Result", "Change", "Diagnostic"):
        assert name in cleandoc.__all__


@pytest.mark.parametrize("selectors", [["nosuch"], ["punctuatoin"], ["X101"], ["P", "halfwidth-puncts"]])
def test_a_selector_that_names_no_rule_is_refused_where_the_config_is_made(selectors: list[str]) -> None:
    with pytest.raises(ValueError, match="names no rule"):
        Config(select=frozenset(selectors))
    with pytest.raises(ValueError, match="'ignore' names no rule"):
        Config(ignore=frozenset(selectors))
