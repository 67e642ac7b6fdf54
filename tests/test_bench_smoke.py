"""The benchmark still works: its generator is reproducible and round-trips
through the bundle reader, and one tiny measurement of each kind runs.
No wall-clock limits are asserted (the machine is shared)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import corpus_gen as gen  # noqa: E402
import proc  # noqa: E402

from cleandoc.reader import split_bundle  # noqa: E402


@pytest.fixture(scope="module")
def sources() -> gen.Sources:
    return gen.Sources.load()


def test_generator_is_reproducible_and_sized(sources: gen.Sources) -> None:
    a = gen.take(sources, 60_000, seed=7)
    b = gen.take(sources, 60_000, seed=7)
    assert a == b
    size = sum(len(d.text.encode()) for d in a)
    assert size >= 60_000
    assert size - len(a[-1].text.encode()) < 60_000  # stops at the first document past the target


def test_bundle_round_trips_through_the_reader(sources: gen.Sources, tmp_path: Path) -> None:
    docs = gen.take(sources, 30_000, seed=3)
    path = tmp_path / "b.txt"
    gen.write_bundle(docs, path)
    segs = [s for s in split_bundle(path.read_text(encoding="utf-8"), "b.txt") if s.name is not None]
    assert [s.name for s in segs] == [d.name for d in docs]
    assert [s.text.rstrip("\n") for s in segs] == [d.text.rstrip("\n") for d in docs]


def test_degenerate_documents(sources: gen.Sources) -> None:
    listing = gen.repeated_list(100)
    assert listing.count("加强组织领导") == 100 and "100.加强组织领导" in listing
    flat = gen.no_newline(sources, 20_000, seed=1)
    assert "\n" not in flat and 19_990 <= len(flat.encode()) <= 20_000
    doc = gen.long_line(sources, 20_000, seed=1)
    assert max(len(line.encode()) for line in doc.split("\n")) >= 19_990


def test_cli_measurement_on_a_folder(sources: gen.Sources, tmp_path: Path) -> None:
    docs = gen.take(sources, 20_000, seed=5)
    gen.write_folder(docs, tmp_path / "in")
    run = proc.run(
        [sys.executable, "-m", "cleandoc", "fix", "-q", "--jobs", "1", str(tmp_path / "in")], timeout=300
    )
    assert run.returncode == 0, run.stderr
    assert not run.timed_out and run.seconds > 0 and run.max_rss_mb > 0


def test_timeout_kills_and_reports(tmp_path: Path) -> None:
    run = proc.run([sys.executable, "-c", "import time; time.sleep(60)"], timeout=0.5)
    assert run.timed_out and run.returncode is None


def test_worker_measures_clean_and_rules(sources: gen.Sources, tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    gen.write_bundle(gen.take(sources, 20_000, seed=9), path)
    for args in (["clean", str(path)], ["rules", str(path)]):
        run = proc.run([sys.executable, str(BENCH / "worker.py"), *args], timeout=300)
        assert run.returncode == 0, run.stderr
        data = json.loads(run.stdout.strip().splitlines()[-1])
        assert data["docs"] > 0 and data["bytes"] >= 20_000 and data["seconds"] > 0


def test_worker_rechecks_its_own_output(sources: gen.Sources, tmp_path: Path) -> None:
    """The "already clean" measurement times documents cleandoc has cleaned:
    none of them changes again (if one did, cleaning would not be idempotent
    and the figure would not be the cost of checking alone)."""
    path = tmp_path / "b.txt"
    gen.write_bundle(gen.take(sources, 20_000, seed=9), path)
    run = proc.run([sys.executable, str(BENCH / "worker.py"), "recheck", str(path)], timeout=300)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout.strip().splitlines()[-1])
    assert data["docs"] > 0 and data["cpu_seconds"] > 0
    assert data["docs_changed"] == 0


def test_defect_audit_sorts_every_counted_defect() -> None:
    """The audit places each defect the shared counter counts and names the
    counter's misreadings: a table row's cell gap, a heading followed by its
    text. A real miss (a single wrap space, a cut mid-word) stays ``left``."""
    import defect_audit
    from shared_data import shared_path

    defects = defect_audit.load_defects(shared_path("eval"))
    text = (
        "（一）持续提升首都功能，推动京津冀协同发展取得新的更大进展\n"
        "牢牢牵住疏解非首都功能这个牛鼻子，推进现代化首都都市圈建设。\n"
        "全州总户籍人口        4899310      100.0\n"
        "怀疑客户为恐怖组织、恐怖分子以及恐怖活动犯罪 募集或者企图募集资金的，\n"
        "全年全市粮食种植面积744.8万亩，其中小麦种植面\n"
        "积347.7万亩，玉米种植面积301.2万亩。\n"
        "2023年周口市国民经济和社会发展统计公报\n"
        "周口市统计局\n"
    )
    findings = defect_audit.audit_text("t.txt", text, defects)
    assert len(findings) == sum(defects.count(text).values())
    verdicts = {(f.kind, f.verdict) for f in findings}
    assert ("space-cjk-digit", "cell gap") in verdicts
    assert ("broken-line", "heading then text") in verdicts
    assert ("space-in-cjk", "left") in verdicts
    assert ("broken-line", "label follows") in verdicts
    left_breaks = [f.line for f in findings if f.kind == "broken-line" and f.verdict == "left"]
    assert left_breaks == [
        "全年全市粮食种植面积744.8万亩，其中小麦种植面 ⏎ 积347.7万亩，玉米种植面积301.2万亩。"
    ]


def test_defect_audit_reads_the_input_as_it_is_with_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--input`` audits the file itself, so the defects before cleaning are
    sorted the same way as those after it."""
    import defect_audit
    from shared_data import shared_path

    eval_dir = shared_path("eval")
    doc = tmp_path / "doc.txt"
    doc.write_text(
        "全州总户籍人口        4899310\n"
        "金融消费者应当依法通过正当途径客观、理性反映诉 求，不扰乱正常的金融秩序。\n",
        encoding="utf-8",
    )
    assert defect_audit.main([str(doc), "--input", "--eval", str(eval_dir)]) == 0
    assert "2 counted, 1 misread by the counter, 1 left" in capsys.readouterr().out
    assert defect_audit.main([str(doc), "--eval", str(eval_dir)]) == 0
    assert "1 counted, 1 misread by the counter, 0 left" in capsys.readouterr().out
