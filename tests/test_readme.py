"""The README's quickstart is real: its files run and exit as it says."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"<!-- file: (?P<name>[\w.]+) -->\n```python\n(?P<code>.*?)```", re.DOTALL)


def test_readme_shows_the_two_commands() -> None:
    text = README.read_text()
    assert "make demo" in text and "make test" in text


def test_quickstart_runs_and_fails_as_documented(home: Path, tmp_path: Path) -> None:
    files = {m["name"]: m["code"] for m in BLOCK.finditer(README.read_text())}
    assert set(files) == {"count.py", "pipeline.py"}
    for name, code in files.items():
        (tmp_path / name).write_text(code)
    assert len(files["pipeline.py"].strip().splitlines()) <= 25

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "dagmaker", "run", "pipeline.py", "--quiet", *extra],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )

    ok = run()
    assert ok.returncode == 0, ok.stdout + ok.stderr
    failed = run("-p", "MinRows=50")
    assert failed.returncode == 1
    assert "not enough rows" in failed.stdout
