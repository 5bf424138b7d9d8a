"""Small helpers for the data-quality tests: write generated data, run analyses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dagmaker.quality.dq_analysis import (
    BaselineResult,
    CheckOutcome,
    DatasetFormat,
    open_dataset,
    run_baseline,
    run_check,
)

FIXTURES = Path(__file__).parent / "dq_fixtures"


def write_csv(path: Path, header: list[str] | None, rows: list[list[Any]]) -> Path:
    lines = [",".join(header)] if header else []
    lines += [",".join("" if v is None else str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def baseline_csv(path: Path, header: bool = True) -> BaselineResult:
    return run_baseline(open_dataset(path, DatasetFormat("csv", header=header)))


def check_csv(path: Path, baseline: BaselineResult, header: bool = True) -> CheckOutcome:
    source = open_dataset(path, DatasetFormat("csv", header=header))
    return run_check(source, baseline.constraints, baseline.statistics)


def fixture_json(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def violations(outcome: CheckOutcome) -> list[tuple[str, str]]:
    return [(v.feature_name, v.constraint_check_type) for v in outcome.result.violations]
