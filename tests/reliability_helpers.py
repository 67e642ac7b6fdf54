"""Shared by the I/O reliability tests (reader, writer, runner, fuzz): a test
rule whose output is known exactly, so the tests do not depend on what the
real rules (written in parallel) do, and ways to run the CLI with it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from shared_data import clean_corpus_docs

from cleandoc import rules as rules_mod
from cleandoc.config import Config
from cleandoc.model import Edit, Finding

CODE = "P990"
# Only the test rule runs, so cleaning is exactly: "@" -> "＠" (U+FF20 FULLWIDTH COMMERCIAL AT).
SELECT = ("--select", CODE)
CONFIG = Config(select=frozenset({CODE}))


def at_rule(text: str, config: Config) -> list[Edit | Finding]:
    return [Edit(i, i + 1, "\uff20", note="test") for i, c in enumerate(text) if c == "@"]


def expected(text: str) -> str:
    return text.replace("@", "\uff20")


SLOW_CODE = "P991"
SLOW_MARK = "慢"  # a document holding it keeps its worker busy for about 25 s...
# ...inside one regular expression (catastrophic backtracking), i.e. in C, where
# no Python signal handler runs: like a worker deep inside one huge document.
_SLOW_PATTERN, _SLOW_SUBJECT = re.compile(r"(?:x+x+)+y"), "x" * 29


def slow_rule(text: str, config: Config) -> list[Edit | Finding]:
    if SLOW_MARK in text:
        _SLOW_PATTERN.match(_SLOW_SUBJECT)
    return []


def register() -> None:
    if CODE not in rules_mod._REGISTRY:
        rules_mod.rule(CODE, "io-test-at", "test rule: @ to full width", "@", "\uff20")(at_rule)
    if SLOW_CODE not in rules_mod._REGISTRY:
        rules_mod.rule(SLOW_CODE, "io-test-slow", "test rule: slow on 慢", "慢", "慢")(slow_rule)


def unregister() -> None:
    rules_mod._REGISTRY.pop(CODE, None)
    rules_mod._REGISTRY.pop(SLOW_CODE, None)


_BOOT = (
    "import sys; sys.path.insert(0, {tests!r}); import reliability_helpers as h; h.register(); "
    "from cleandoc.cli import run_cli; sys.exit(run_cli(sys.argv[1:]))"
)


# As the console script runs: entry() installs the signal handlers.
_ENTRY = (
    "import sys; sys.path.insert(0, {tests!r}); import reliability_helpers as h; h.register(); "
    "from cleandoc.cli import entry; entry()"
)


def cli_argv(*args: str) -> list[str]:
    """A subprocess command line running ``cleandoc ARGS`` with the test rule."""
    return [sys.executable, "-c", _BOOT.format(tests=str(Path(__file__).parent)), *args]


def entry_argv(*args: str) -> list[str]:
    """Like :func:`cli_argv`, through the console script's entry point."""
    return [sys.executable, "-c", _ENTRY.format(tests=str(Path(__file__).parent)), *args]


def cli(
    *args: str, stdin: bytes = b"", prefix: Sequence[str] = (), timeout: float = 300
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [*prefix, *cli_argv(*args)], input=stdin, capture_output=True, env=env, timeout=timeout, check=False
    )


def corpus_docs() -> Iterator[tuple[str, str]]:
    """Real clean documents: ../shared's corpus, or the quarter of it shipped in tests/data/real."""
    yield from clean_corpus_docs()
