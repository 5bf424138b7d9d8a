"""DAGMAKER_HOME and the database: private to their owner, and clear errors when unusable."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest

from dagmaker.api.services import build_services
from dagmaker.errors import StorageProblem
from dagmaker.settings import Settings


def _settings(home: Path) -> Settings:
    return Settings.from_env({"DAGMAKER_HOME": str(home)})


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_home_is_0700_and_the_database_0600(tmp_path: Path) -> None:
    home = tmp_path / "new-home"
    build_services(_settings(home))
    assert _mode(home) == 0o700
    assert _mode(home / "dagmaker.db") == 0o600


def test_an_existing_open_home_is_made_private(tmp_path: Path) -> None:
    home = tmp_path / "old-home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    build_services(_settings(home))
    assert _mode(home) == 0o700


def test_a_home_that_is_a_file_is_named_in_the_error(tmp_path: Path) -> None:
    home = tmp_path / "not-a-dir"
    home.write_text("oops")
    with pytest.raises(StorageProblem, match="not-a-dir exists but is not a directory"):
        build_services(_settings(home))


def test_a_corrupt_database_says_which_file_and_what_to_do(tmp_path: Path) -> None:
    home = tmp_path / "corrupt"
    home.mkdir()
    (home / "dagmaker.db").write_bytes(b"this is not an SQLite database" * 100)
    with pytest.raises(StorageProblem) as caught:
        build_services(_settings(home))
    assert str(home / "dagmaker.db") in caught.value.message
    assert "move it aside" in (caught.value.hint or "")


@pytest.mark.parametrize("problem", ["file-home", "corrupt-db"])
def test_the_cli_reports_storage_problems_without_a_traceback(tmp_path: Path, problem: str) -> None:
    home = tmp_path / "h"
    if problem == "file-home":
        home.write_text("x")
    else:
        home.mkdir()
        (home / "dagmaker.db").write_bytes(b"garbage" * 1000)
    done = subprocess.run(
        [sys.executable, "-m", "dagmaker.cli", "executions", "list"],
        capture_output=True,
        text=True,
        env={"DAGMAKER_HOME": str(home), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "Storage problem" in done.stderr and "Traceback" not in done.stderr
