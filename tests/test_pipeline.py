"""The pipeline applies edits, maps them back to the original input, and can
replay them: independent of what the real rules do, with rules made here."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from cleandoc import rules as rules_mod
from cleandoc.config import Config
from cleandoc.model import Edit, Finding
from cleandoc.pipeline import RuleBug, apply_edits, clean, replay


@pytest.fixture
def only_rules(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, rules_mod.Rule]]:
    """An empty registry that a test fills with its own rules."""
    registry: dict[str, rules_mod.Rule] = {}
    monkeypatch.setattr(rules_mod, "_REGISTRY", registry)
    monkeypatch.setattr(rules_mod, "all_rules", lambda: sorted(registry.values(), key=lambda r: r.sort_key))
    import cleandoc.pipeline

    monkeypatch.setattr(cleandoc.pipeline, "all_rules", rules_mod.all_rules)
    yield registry


def _replace_all(old: str, new: str):  # type: ignore[no-untyped-def]
    def fix(text: str, config: Config) -> Sequence[Edit | Finding]:
        out: list[Edit | Finding] = []
        i = text.find(old)
        while i != -1:
            out.append(Edit(i, i + len(old), new, note=f"{old}->{new}"))
            i = text.find(old, i + len(old))
        return out

    return fix


def test_apply_edits_and_overlap_detection() -> None:
    text, _ = apply_edits("abcdef", [Edit(1, 2, "X"), Edit(4, 6, "")])
    assert text == "aXcd"
    with pytest.raises(RuleBug):
        apply_edits("abcdef", [Edit(1, 3, "X"), Edit(2, 4, "Y")])


def test_changes_are_located_in_the_original_input(only_rules: dict[str, rules_mod.Rule]) -> None:
    # L-rule joins the first two lines; a later P-rule edits text on the
    # third line, which has moved up one line in the text it sees.
    rules_mod.rule("L901", "test-join", "join", "a\nb", "ab")(_replace_all("甲\n乙", "甲乙"))
    rules_mod.rule("P901", "test-colon", "colon", ":", "：")(_replace_all(":", "："))
    original = "甲\n乙丙\n会议:一\n"
    result = clean(original)
    assert result.text == "甲乙丙\n会议：一\n"
    by_code = {c.code: c for c in result.changes}
    assert (by_code["L901"].line, by_code["L901"].col) == (1, 1)
    assert (by_code["P901"].line, by_code["P901"].col) == (3, 3)
    assert replay(original, result.changes) == result.text


def test_runs_until_nothing_changes_and_records_nothing_when_clean(
    only_rules: dict[str, rules_mod.Rule],
) -> None:
    # The second rule's output feeds the first one: a second pass is needed.
    rules_mod.rule("C901", "test-a", "a->b", "a", "b")(_replace_all("a", "b"))
    rules_mod.rule("S901", "test-c", "c->a", "c", "a")(_replace_all("c", "a"))
    result = clean("cc")
    assert result.text == "bb"
    assert clean(result.text).changes == ()


def test_findings_become_warnings_with_positions(only_rules: dict[str, rules_mod.Rule]) -> None:
    def lint(text: str, config: Config) -> Sequence[Edit | Finding]:
        i = text.find("?")
        return [Finding(i, "question")] if i >= 0 else []

    rules_mod.rule("H901", "test-lint", "lint", "?", "?")(lint)
    result = clean("一\n二?\n")
    assert [(w.code, w.line, w.col, w.message) for w in result.warnings] == [("H901", 2, 2, "question")]
    assert result.text == "一\n二?\n"


def test_select_and_ignore(only_rules: dict[str, rules_mod.Rule]) -> None:
    rules_mod.rule("C901", "test-a", "a->b", "a", "b")(_replace_all("a", "b"))
    rules_mod.rule("P901", "test-x", "x->y", "x", "y")(_replace_all("x", "y"))
    assert clean("ax", Config(select=frozenset({"C901"}))).text == "bx"
    assert clean("ax", Config(ignore=frozenset({"C901"}))).text == "ay"


def test_a_layout_rule_rewrites_indented_markdown_lines_but_no_verbatim_block(
    only_rules: dict[str, rules_mod.Rule],
) -> None:
    # L106 sets a page's lines anew: in a Markdown source the indentation of
    # those lines (a protected inline span) does not keep it out, a verbatim
    # block (here an HTML comment) does; another rule is kept out of both
    rules_mod.rule("L106", "test-layout", "layout", "a", "b")(_replace_all("  左栏    右栏", "左栏\n右栏"))
    rules_mod.rule("P901", "test-other", "other", "a", "b")(_replace_all("  甲", "乙"))
    text = "<!-- 注  左栏    右栏 -->\n  左栏    右栏\n  甲\n"
    result = clean(text, Config(markdown=True))
    assert result.text == "<!-- 注  左栏    右栏 -->\n左栏\n右栏\n  甲\n"
    assert replay(text, result.changes) == result.text


def test_what_a_layout_edit_leaves_of_a_protected_span_stays_protected(
    only_rules: dict[str, rules_mod.Rule],
) -> None:
    # the comment and the list marker under it are one protected span; a
    # layout rule removes the marker's line, and the comment must still not
    # be joined with the line that now follows it
    rules_mod.rule("L106", "test-layout", "layout", "a", "b")(_replace_all("- 1 -\n", ""))
    rules_mod.rule("L902", "test-join", "join", "a", "b")(_replace_all("-->\n", "-->"))
    text = "<!-- 注 -->\n- 1 -\n正文\n"
    assert clean(text, Config(markdown=True)).text == "<!-- 注 -->\n正文\n"
