"""Generate an abalone-like data set (the UCI abalone columns, synthetic values).

Nothing is downloaded: rings grow with size and weight plus noise, as in the real data.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

COLUMNS = [
    "sex",
    "length",
    "diameter",
    "height",
    "whole_weight",
    "shucked_weight",
    "viscera_weight",
    "shell_weight",
    "rings",
]


def generate(path: Path, rows: int = 4177, seed: int = 7) -> Path:
    """Write ``rows`` records (no header, like the UCI file) to ``path``."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        for _ in range(rows):
            writer.writerow(_record(rng))
    return path


def _record(rng: random.Random) -> list[object]:
    sex = rng.choice("MFI")
    age = rng.gammavariate(6.0, 1.6) + 1.0
    length = min(0.8, 0.08 + 0.045 * age + rng.gauss(0, 0.03))
    diameter = length * rng.uniform(0.74, 0.82)
    height = length * rng.uniform(0.22, 0.30)
    whole = max(0.01, 2.2 * length**3 * rng.uniform(0.85, 1.15) + 0.02 * age)
    shucked = whole * rng.uniform(0.38, 0.48)
    viscera = whole * rng.uniform(0.18, 0.25)
    shell = whole * rng.uniform(0.25, 0.33) + 0.004 * age
    rings = max(1, round(age * 1.5 + (0.8 if sex == "F" else 0.0) + rng.gauss(0, 1.2)))
    values = [length, diameter, height, whole, shucked, viscera, shell]
    return [sex, *(round(v, 4) for v in values), rings]


if __name__ == "__main__":
    generate(Path("abalone-dataset.csv"))
