"""Time the deduplicator (D family) on one long list, to show its cost grows
linearly with the number of items, and on a folder's worth of small documents.

    python3 bench/bench_dedup.py            # 10k/20k/40k/80k items, 10,000 documents
    python3 bench/bench_dedup.py --sizes 1000 2000 --docs 100

Shapes (lists of 500 items each, one under each ``（n）`` heading, because
markers.py reads at most three digits):
- loop:       one item repeated (the LLM loop; exact copies, found by comparing
              each item with the few before it)
- near:       an item, a near copy (进一步 inserted), then exact copies (the harness's loop)
- distinct:   items that differ in a number (near-identical, all kept: every item is
              compared with a bounded window of earlier ones, never with all of them)
- one-list:   one list of N items numbered 1..N (past 999 they are paragraphs)
- paragraphs: one paragraph repeated N times
The time per item should stay flat as N doubles; ``ratio`` is time(N) / time(N/2).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from cleandoc import clean
from cleandoc.config import Config
from cleandoc.rules import resolve

D_ONLY = Config(select=frozenset(resolve(["D"])))
ITEM = "支持“楚怡”职教集团（联盟）建设，促进职业教育与产业融合发展。"
NEAR = "支持“楚怡”职教集团（联盟）进一步建设，促进职业教育与产业融合发展。"


SECTION = 500  # items per list: markers.py reads at most three digits, so no list passes 999


def _sections(n: int, body: Callable[[int], str]) -> str:
    out: list[str] = []
    for k in range(n):
        if k % SECTION == 0:
            out.append(f"（{k // SECTION + 1}）建设“楚怡”高水平专业群。")  # (1) (2) …: a parent for each list
        out.append(f"{k % SECTION + 1}.{body(k)}")
    return "\n".join(out) + "\n"


def loop(n: int) -> str:
    return _sections(n, lambda k: ITEM)


def near(n: int) -> str:
    return _sections(n, lambda k: NEAR if k % SECTION == 1 else ITEM)


def distinct(n: int) -> str:
    return _sections(n, lambda k: f"支持第{k}批“楚怡”职教集团建设，促进职业教育与产业融合发展。")


def one_list(n: int) -> str:
    """One list of ``n`` items: past 999 the numbers are no markers, so the
    items become paragraphs that differ in their number (D102 compares each
    with the one before it)."""
    return "（三）建设“楚怡”高水平专业群。\n" + "".join(f"{k}.{ITEM}\n" for k in range(1, n + 1))


def paragraphs(n: int) -> str:
    return "".join(f"{ITEM}\n" for _ in range(n))


SHAPES: dict[str, Callable[[int], str]] = {
    "loop": loop,
    "near": near,
    "distinct": distinct,
    "one-list": one_list,
    "paragraphs": paragraphs,
}


def timed(text: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    result = clean(text, D_ONLY)
    return time.perf_counter() - t0, sum(1 for c in result.changes if c.removed)


def small_doc(i: int) -> str:
    copies = 3 + i % 5
    items = [f"{k}.加强第{k}项工作，明确责任分工。" for k in range(1, 6)]
    loop_items = [f"{k}.{ITEM}" for k in range(6, 6 + copies)]
    return "\n".join(
        ["关于做好有关工作的通知", "一、工作要求", *items, *loop_items, "二、保障措施", "特此通知。"]
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 20_000, 40_000, 80_000])
    ap.add_argument("--docs", type=int, default=10_000)
    args = ap.parse_args()
    print(f"{'shape':<10}{'items':>8}{'chars':>11}{'seconds':>10}{'us/item':>10}{'ratio':>8}{'removed':>9}")
    for name, make in SHAPES.items():
        prev: float | None = None
        for n in args.sizes:
            text = make(n)
            secs, removed = timed(text)
            ratio = f"{secs / prev:.2f}" if prev else "-"
            print(
                f"{name:<10}{n:>8}{len(text):>11}{secs:>10.2f}{secs / n * 1e6:>10.1f}{ratio:>8}{removed:>9}"
            )
            prev = secs
    if args.docs:
        docs = [small_doc(i) for i in range(args.docs)]
        t0 = time.perf_counter()
        removed = sum(sum(1 for c in clean(d, D_ONLY).changes if c.removed) for d in docs)
        secs = time.perf_counter() - t0
        per_doc = secs / args.docs * 1e3
        print(f"\n{args.docs} documents: {secs:.2f} s, {per_doc:.2f} ms/doc, {removed} items removed")


if __name__ == "__main__":
    main()
