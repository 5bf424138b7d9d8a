"""A long local fuzz campaign (not part of the test suite).

    python -m tests.fuzz.campaign --count 20000 --seed 1

Prints each input that breaks the oracle (with the seed that rebuilds it) and a summary.
"""

from __future__ import annotations

import argparse
import random
import traceback

from tests.fuzz.mutate import corpus, mutated
from tests.fuzz.oracle import issues_of


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    bases = corpus()
    failures = 0
    invalid = 0
    for n in range(args.count):
        rng = random.Random(args.seed * 1_000_003 + n)
        source = mutated(rng.choice(bases), rng)
        try:
            invalid += bool(issues_of(source))
        except Exception:  # a finding: report it and keep going
            failures += 1
            print(f"--- case {n} (seed {args.seed}) ---")
            print(traceback.format_exc(limit=6))
    print(f"{args.count} cases, {invalid} reported invalid, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
