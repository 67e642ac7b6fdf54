"""--jobs spreads the documents of a single large bundle over worker
processes; the output is byte-identical to one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleandoc import runner
from cleandoc.config import Config
from cleandoc.reader import iter_sources

SEEDS = sorted((Path(__file__).resolve().parent.parent / "samples").glob("seed-00?.txt"))


def _bundle(path: Path, copies: int) -> bytes:
    parts = ["outside text stays\n"]
    for i in range(copies):
        for seed in SEEDS:
            parts.append(f"<<<FILE>>> {i:03d}/{seed.name}\n{seed.read_text(encoding='utf-8')}<<<END>>>\n")
    data = "".join(parts).encode("utf-8")
    path.write_bytes(data)
    return data


def _fix(path: Path, jobs: int) -> tuple[bytes, int]:
    sources = [s for s in iter_sources([str(path)], ("*.txt",), ()) if not isinstance(s, Exception)]
    reports = list(runner.run(sources, runner.Job(Config(), write=True), jobs))
    return path.read_bytes(), sum(len(r.outcomes) for r in reports)


def test_documents_of_one_bundle_spread_over_workers_give_the_same_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, many = tmp_path / "one.txt", tmp_path / "many.txt"
    original = _bundle(one, 6)
    _bundle(many, 6)
    monkeypatch.setattr(runner, "DOC_POOL_MIN_BYTES", 0)
    used: list[int] = []
    real = runner._cleaned_segments

    def spy(segments, config, display, pool):  # type: ignore[no-untyped-def]
        used.append(pool.workers if pool else 1)
        return real(segments, config, display, pool)

    monkeypatch.setattr(runner, "_cleaned_segments", spy)
    out_one, docs_one = _fix(one, 1)
    out_many, docs_many = _fix(many, 2)
    assert used == [1, 2]
    assert out_one != original
    assert out_many == out_one
    assert docs_one == docs_many == 12
