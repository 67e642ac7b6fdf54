"""What a user of the repository gets besides the code: a LICENSE matching
pyproject's, and pre-commit hooks whose commands work."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIRTY = "关于做好 2025 年工作的通知\n各区、县(市)人民政府:\n"


def test_license_is_the_one_pyproject_names() -> None:
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["license"] == "MIT"
    assert license_text.startswith("MIT License")
    assert "the cleandoc developers" in license_text


def _hooks() -> dict[str, str]:
    """id -> entry of .pre-commit-hooks.yaml (a flat list of mappings)."""
    hooks: dict[str, str] = {}
    current = ""
    for line in (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8").splitlines():
        if m := re.match(r"- id: (\S+)", line):
            current = m.group(1)
        elif m := re.match(r"\s+entry: (.+)", line):
            hooks[current] = m.group(1)
    return hooks


def test_pre_commit_hooks_run(tmp_path: Path) -> None:
    hooks = _hooks()
    assert set(hooks) == {"cleandoc-fix", "cleandoc-check"}
    (tmp_path / "cleandoc.toml").write_text('exclude = ["skip.txt"]\n', encoding="utf-8")
    for name in ("a.txt", "skip.txt"):
        (tmp_path / name).write_text(DIRTY, encoding="utf-8")

    def hook(hook_id: str) -> int:
        argv = shlex.split(hooks[hook_id])
        assert argv[0] == "cleandoc"
        cmd = [sys.executable, "-m", "cleandoc", *argv[1:], "a.txt", "skip.txt"]
        return subprocess.run(cmd, cwd=tmp_path, capture_output=True, timeout=120).returncode

    assert hook("cleandoc-check") == 1
    assert hook("cleandoc-fix") == 0
    assert hook("cleandoc-check") == 0
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") != DIRTY
    assert (tmp_path / "skip.txt").read_text(encoding="utf-8") == DIRTY  # excluded, though named
