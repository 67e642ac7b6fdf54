"""cleandoc inside the engines corpus builders run (issue 15): a datatrove
step under datatrove's local executor, and Ray Data's task-based
map_batches, each compared with what the CLI writes for the same records."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.shared_data import real_clean_docs

TEXTS = [
    "关于做好 2025 年工作的通知\n各区、县(市)人民政府:\n现就有关事项通知如下.",
    "已经干净。",
    "一、总则\n（一）目的.为了规范管理,制定本办法。",
]


def corpus() -> list[dict[str, Any]]:
    """A few dirty records and the real documents shipped with the tests."""
    rows: list[dict[str, Any]] = [{"id": f"d{i}", "text": t} for i, t in enumerate(TEXTS)]
    rows += [{"id": name, "text": text.rstrip("\n")} for name, text in real_clean_docs()]
    return rows


def cli_cleaned(tmp_path: Path, rows: list[dict[str, Any]]) -> dict[str, str]:
    """id -> text as ``cleandoc fix`` writes a JSONL file of ``rows``."""
    src = tmp_path / "cli" / "in.jsonl"
    src.parent.mkdir(parents=True)
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "cleandoc", "fix", "-q", str(src)], capture_output=True, timeout=300
    )
    assert r.returncode == 0, r.stderr
    return {d["id"]: d["text"] for d in map(json.loads, src.read_text(encoding="utf-8").splitlines())}


def test_datatrove_step_under_the_local_executor(tmp_path: Path) -> None:
    pytest.importorskip("datatrove", reason="needs datatrove (pip install 'cleandoc[datatrove]')")
    pytest.importorskip("orjson", reason="datatrove's JSONL reader needs orjson")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from cleandoc.integrations.datatrove import CleandocStep

    rows = corpus()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "part.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    pipeline = [
        JsonlReader(str(tmp_path / "in")),
        CleandocStep(changes_key="cleandoc"),
        JsonlWriter(str(tmp_path / "out"), compression=None),
    ]
    LocalPipelineExecutor(pipeline, tasks=1, logging_dir=str(tmp_path / "logs")).run()
    docs = [
        json.loads(x) for p in sorted((tmp_path / "out").glob("*.jsonl")) for x in p.read_text().splitlines()
    ]
    assert [d["id"] for d in docs] == [r["id"] for r in rows]  # nothing dropped, order kept
    assert {d["id"]: d["text"] for d in docs} == cli_cleaned(tmp_path, rows)
    assert docs[0]["metadata"]["cleandoc"]["P103"] >= 1 and docs[1]["metadata"]["cleandoc"] == {}
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    step = next(s for s in stats if "cleandoc" in s["name"])["stats"]

    def total(name: str) -> int:  # datatrove saves a plain count as a number
        value = step[name]
        return int(value if isinstance(value, int) else value["total"])

    changed = sum(d["text"] != r["text"] for d, r in zip(docs, rows, strict=True))
    assert total("changed") == changed and total("unchanged") == len(rows) - changed
    assert total("P103") == sum(d["metadata"]["cleandoc"].get("P103", 0) for d in docs)


def test_datatrove_step_keeps_a_document_it_cannot_clean() -> None:
    pytest.importorskip("datatrove", reason="needs datatrove (pip install 'cleandoc[datatrove]')")
    from datatrove.data import Document

    from cleandoc.integrations.datatrove import CleandocStep

    step = CleandocStep()
    docs = [Document(text=None, id="a"), Document(text="委员会:", id="b")]  # type: ignore[arg-type]
    out = list(step.run(iter(docs)))
    assert [d.text for d in out] == [None, "委员会："]
    assert step.stats["failed"].total == 1 and step.stats["changed"].total == 1


@pytest.mark.slow
def test_ray_data_task_based_map_batches(tmp_path: Path) -> None:
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'cleandoc[ray]')")
    pytest.importorskip("ray.data", reason="Ray Data is not installed (pip install 'cleandoc[ray]')")
    from cleandoc.integrations.ray import clean_dataset

    rows = corpus()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    try:
        ds = clean_dataset(ray.data.from_items(rows), changes_field="cleandoc", batch_size=4)
        out = ds.take_all()
    finally:
        ray.shutdown()
    assert sorted(r["id"] for r in out) == sorted(r["id"] for r in rows)
    assert {r["id"]: r["text"] for r in out} == cli_cleaned(tmp_path, rows)
    assert {r["id"]: dict(r["cleandoc"]) for r in out}["d1"] == {}
