"""Importing dagmaker is cheap and side-effect free; public names resolve."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("sqlalchemy", "numpy", "pandas", "sklearn", "xgboost", "typer", "rich", "optuna")


def _loaded_after(statement: str) -> list[str]:
    code = f"import sys\n{statement}\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return [m for m in done.stdout.strip().split(",") if m]


def test_import_dagmaker_loads_no_heavy_dependency() -> None:
    assert _loaded_after("import dagmaker") == []


def test_building_a_pipeline_does_not_load_the_engine_stack() -> None:
    loaded = _loaded_after(
        "import dagmaker.workflow.pipeline, dagmaker.workflow.steps, dagmaker.processing"
    )
    assert loaded == []


def test_import_reads_no_settings(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DAGMAKER_HOME", str(tmp_path / "never-created"))
    subprocess.run(
        [sys.executable, "-c", "import dagmaker, dagmaker.workflow"], check=True, timeout=60
    )
    assert not (tmp_path / "never-created").exists()


def test_lazy_top_level_names() -> None:
    import dagmaker

    assert dagmaker.get_execution_role().startswith("arn:aws:iam::")
    assert callable(dagmaker.Session)
    assert sorted(dagmaker.__all__) == dagmaker.__all__
