"""samples/: every dirty input comes out as the hand-written expected output,
and the expected outputs themselves are clean (cleandoc leaves them alone)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cleandoc.cli import run_cli

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PAIRS = sorted(p for p in SAMPLES.glob("*.txt") if not p.name.endswith(".expected.txt"))


def expected_for(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(".txt") + ".expected.txt")


def test_every_sample_has_an_expected_output() -> None:
    assert PAIRS
    for p in PAIRS:
        assert expected_for(p).is_file(), p


@pytest.mark.parametrize("sample", PAIRS, ids=lambda p: p.name)
def test_sample_is_cleaned_as_a_careful_editor_would(sample: Path, tmp_path: Path) -> None:
    work = tmp_path / sample.name
    shutil.copyfile(sample, work)
    assert run_cli(["fix", "--quiet", "--jobs", "1", str(work)]) == 0
    assert work.read_bytes().decode("utf-8", "replace") == expected_for(sample).read_bytes().decode(
        "utf-8", "replace"
    )
    assert work.read_bytes() == expected_for(sample).read_bytes()


@pytest.mark.parametrize("sample", PAIRS, ids=lambda p: p.name)
def test_expected_output_is_left_alone(sample: Path) -> None:
    assert run_cli(["check", "--quiet", "--jobs", "1", str(expected_for(sample))]) == 0
