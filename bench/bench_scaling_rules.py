"""Scaling of single rules on the degenerate inputs of issue 17: CPU time at n
and at 10n, and their ratio (10 for a linear rule, 100 for a quadratic one).

    python3 bench/bench_scaling_rules.py            # every case
    python3 bench/bench_scaling_rules.py --scale 0.1 S106 P103-run

Each case times one rule's ``fix`` (or the whole ``clean()`` where the cost is
in settling across pipeline passes), in-process, best of three runs in turn
(this machine is shared: single runs move by ±20%). The cases' sizes are
chosen so that the 10n step takes a second or less on a linear rule.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import cleandoc
from cleandoc.config import Config
from cleandoc.rules import all_rules

RUNS = 3


@dataclass(frozen=True)
class Case:
    name: str
    code: str  # the rule timed, or "" for the whole clean()
    make: Callable[[int], str]
    n: int


CASES = (
    Case("S106", "S106", lambda n: "通 1 " * n, 40_000),
    Case("C105", "C105", lambda n: ("通" * 20 + "\ua3ae") * n, 4_000),  # U+A3AE: faulty period
    Case("P107", "P107", lambda n: "通." * n, 20_000),
    Case("P102-deep", "P102", lambda n: "(" * n + "测" + ")" * n, 10_000),
    Case("P102-open", "P102", lambda n: "(" * n + "测", 10_000),
    Case("clean-open-parens", "", lambda n: "(" * n + "测", 2_000),
    Case("P103-run", "P103", lambda n: "中" + "?" * n, 20_000),
    Case("clean-numbered-parens", "", lambda n: "".join(f"({i})" for i in range(n)) + "中", 2_000),
    # the rules this branch adds, on one long line each
    Case("S107", "S107", lambda n: "中国 " * n, 40_000),
    Case("C108", "C108", lambda n: "中中华华人人 " * n, 20_000),
    Case("C109", "C109", lambda n: "二OO四年" * n, 20_000),
)


def seconds(case: Case, text: str) -> float:
    """The best CPU time of RUNS runs of the case on ``text``."""
    config = Config()
    rules = {r.code: r for r in all_rules()}
    best = float("inf")
    for _ in range(RUNS):
        start = time.process_time()
        if case.code:
            rules[case.code].fix(text, config)
        else:
            cleandoc.clean(text, config)
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases", nargs="*", help="case names (default: all)")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every n by this")
    args = ap.parse_args(argv)
    chosen = [c for c in CASES if not args.cases or c.name in args.cases]
    if not chosen:
        print(f"no such case; cases: {', '.join(c.name for c in CASES)}", file=sys.stderr)
        return 2
    print(f"{'case':<24}{'n':>10}{'chars':>12}{'s at n':>10}{'s at 10n':>10}{'ratio':>8}")
    for case in chosen:
        n = max(1, int(case.n * args.scale))
        small, large = case.make(n), case.make(10 * n)
        t1, t10 = seconds(case, small), seconds(case, large)
        ratio = t10 / t1 if t1 > 0 else float("inf")
        print(f"{case.name:<24}{n:>10}{len(small):>12}{t1:>10.3f}{t10:>10.3f}{ratio:>8.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
