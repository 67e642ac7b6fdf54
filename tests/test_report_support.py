"""Stand-in rules and outcomes for the report tests (no tests here).

The report must be testable whatever rules are registered at the time, so
these tests run the real pipeline with a few small rules of their own
(codes in the 9xx range, which real rules do not use), installed by
replacing ``pipeline.enabled_rules``. The seed end-to-end tests use the real
rules through ``cleandoc.clean``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
from shared_data import SAMPLES

import cleandoc
from cleandoc import pipeline
from cleandoc.config import Config
from cleandoc.model import Edit, Finding, Outcome
from cleandoc.rules import Rule

SEEDS = SAMPLES  # seed-000.txt and seed-004.txt: the seeds, shipped
DATA = Path(__file__).parent / "data" / "report"
HAN = "\u4e00-\u9fff"


def _comma(text: str, config: Config) -> Sequence[Edit | Finding]:
    return [
        Edit(m.start(), m.end(), "，", "half-width comma between Han")
        for m in re.finditer(f"(?<=[{HAN}]),(?=[{HAN}])", text)
    ]


def _colon(text: str, config: Config) -> Sequence[Edit | Finding]:
    return [Edit(m.start(), m.end(), "：") for m in re.finditer(f"(?<=[{HAN}]):", text)]


def _space(text: str, config: Config) -> Sequence[Edit | Finding]:
    pat = f"(?<=[{HAN}]) +(?=[0-9])|(?<=[0-9]) +(?=[{HAN}])"
    return [Edit(m.start(), m.end(), "") for m in re.finditer(pat, text)]


def _join(text: str, config: Config) -> Sequence[Edit | Finding]:
    # a line broken in mid-sentence: Han + newline(s) + Han, the first line long
    pat = f"(?<=[{HAN}])\n\n?(?=[{HAN}])"
    out: list[Edit | Finding] = []
    for m in re.finditer(pat, text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if m.start() - line_start >= 24:
            out.append(Edit(m.start(), m.end(), "", "sentence broken across lines"))
    return out


def _dedupe(text: str, config: Config) -> Sequence[Edit | Finding]:
    seen: dict[str, int] = {}
    out: list[Edit | Finding] = []
    pos = 0
    for n, line in enumerate(text.split("\n"), 1):
        key = line.strip()
        if len(key) >= 8 and key in seen:
            out.append(
                Edit(
                    pos, pos + len(line) + 1, "", f"duplicate of line {seen[key]}, score 100.0", removed=True
                )
            )
        elif len(key) >= 8:
            seen[key] = n
        pos += len(line) + 1
    return [e for e in out if isinstance(e, Edit) and e.end <= len(text)]


def _lint(text: str, config: Config) -> Sequence[Edit | Finding]:
    return [Finding(m.start(), "markdown heading marker kept") for m in re.finditer(r"^#+ ", text, re.M)]


FAKE_RULES = [
    Rule("L901", "test-join-lines", "join broken lines", "a\nb", "ab", _join, 1),
    Rule("S901", "test-han-digit-space", "no space Han/digit", "第 1", "第1", _space, 1),
    Rule("P901", "test-comma", "full-width comma", "甲,乙", "甲，乙", _comma, 1),
    Rule("P902", "test-colon", "full-width colon", "甲:", "甲：", _colon, 2),
    Rule("H901", "test-markdown-heading", "lint markdown", "## 一", "## 一", _lint, 1),
    Rule("D901", "test-duplicate-line", "drop repeated lines", "甲\n甲", "甲", _dedupe, 1),
]


@contextmanager
def fake_rules(mp: pytest.MonkeyPatch) -> Iterator[None]:
    with mp.context() as m:
        m.setattr(pipeline, "enabled_rules", lambda config: list(FAKE_RULES))
        yield


def outcome(name: str, text: str, source: str | None = None) -> Outcome:
    return Outcome(source or name, name, text, cleandoc.clean(text))


def seed_outcomes() -> list[Outcome]:
    return [outcome(p.name, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("seed-00?.txt"))]


SAMPLE = (
    "湖南省教育厅文件\n"
    "\n"
    "各市州教育局,各有关学校:\n"
    "根据《湖南省普通高中学业水平考试办法》精神,现就做好2020年普通高中学业水平考试工作\n"
    "\n"
    "有关事项通知如下。考试时间为 6 月 28 日。\n"
    "## 一、工作目标\n"
    "紧紧围绕立德树人根本任务,坚持育人为本。\n"
    "紧紧围绕立德树人根本任务,坚持育人为本。\n"
    "文档包含</script><script>alert(1)</script>与<!--注释-->和&amp;,不能破坏页面\n"
    "结尾没有换行"
)
