"""Helpers for the analyzer tests: captured traffic, job layouts, running the program."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

SEED_SCRIPTS = Path(__file__).parent / "seed_scripts"
START = datetime(2024, 5, 1, 13, 0, tzinfo=UTC)


def stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def features(rng: np.random.Generator, shift: float) -> list[str]:
    """Twelve features: six integers then six decimals, some optional ones -1."""
    ints = [str(int(v)) for v in rng.integers(0, 50, 6)]
    floats = [f"{v:.3f}" for v in rng.normal(5 + shift, 1, 6)]
    return ints + floats


def capture_records(
    count: int, seed: int, shift: float = 0.0, every: int = 3
) -> list[dict[str, Any]]:
    """Captured CSV requests and responses, one every ``every`` seconds from START."""
    rng = np.random.default_rng(seed)
    records = []
    for i in range(count):
        output = f"{rng.uniform():.6f}\n"
        records.append(
            {
                "captureData": {
                    "endpointInput": {
                        "observedContentType": "text/csv",
                        "mode": "INPUT",
                        "data": ",".join(features(rng, shift)),
                        "encoding": "CSV",
                    },
                    "endpointOutput": {
                        "observedContentType": "text/csv; charset=utf-8",
                        "mode": "OUTPUT",
                        "data": output,
                        "encoding": "CSV",
                    },
                },
                "eventMetadata": {
                    "eventId": f"00000000-0000-4000-8000-{seed:04d}{i:08d}",
                    "inferenceTime": stamp(START + timedelta(seconds=every * i)),
                },
                "eventVersion": "0",
            }
        )
    return records


def write_capture(folder: Path, records: list[dict[str, Any]]) -> Path:
    """Capture files laid out as ``<endpoint>/<variant>/yyyy/mm/dd/hh/*.jsonl``."""
    by_hour: dict[str, list[str]] = {}
    for record in records:
        when = datetime.fromisoformat(
            record["eventMetadata"]["inferenceTime"].replace("Z", "+00:00")
        )
        by_hour.setdefault(when.strftime("%Y/%m/%d/%H"), []).append(json.dumps(record))
    for hour, lines in by_hour.items():
        target = folder / "my-endpoint" / "AllTraffic" / hour / "00-00-000-capture.jsonl"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(lines) + "\n")
    return folder


def seed_script(name: str, target: Path) -> Path:
    """Copy one of the seed's scripts into a job as a ``.py`` file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SEED_SCRIPTS / f"{name}.py.txt", target)
    return target


def run_analyzer(base: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the analyzer program as a job would, in its own process."""
    full = {**os.environ, "DAGMAKER_OPT_ML": str(base), **env}
    return subprocess.run(
        [sys.executable, "-m", "dagmaker.runners.builtin.model_monitor.analyzer"],
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def read_output(base: Path, name: str) -> Any:
    return json.loads((base / "processing" / "output" / name).read_text())


def layout(base: Path) -> dict[str, str]:
    """The common environment: where the output goes."""
    (base / "processing" / "output").mkdir(parents=True, exist_ok=True)
    return {"output_path": str(base / "processing" / "output")}
