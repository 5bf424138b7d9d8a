"""The sandbox's small parts: log tails, statuses, handles, specs, argv and paths."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest

import dagmaker.compute as compute
from dagmaker.compute import ExitInfo, JobHandle, LocalSandbox, ProcessSpec, tail
from dagmaker.compute.environment import map_python, rewrite_opt_ml
from dagmaker.compute.exit_status import ending, mark_ending, split_status
from dagmaker.compute.wrapper import fstab_text, wrapper_script
from dagmaker.errors import InvalidRequest


def test_public_names_are_complete_and_sorted():
    assert compute.__all__ == sorted(compute.__all__)
    assert all(hasattr(compute, name) for name in compute.__all__)


def test_tail_of_missing_file_is_empty(tmp_path):
    assert tail(tmp_path / "nope.log") == ""


@pytest.mark.parametrize(
    ("content", "lines", "expected"),
    [
        ("a\nb\nc\n", 2, "b\nc"),
        ("a\nb\nc", 2, "b\nc"),
        ("a\nb\n", 5, "a\nb"),
        ("only\n", 1, "only"),
        ("a\nb\n", 0, ""),
        ("", 3, ""),
    ],
)
def test_tail_keeps_the_last_lines(tmp_path, content, lines, expected):
    path = tmp_path / "x.log"
    path.write_text(content)
    assert tail(path, lines) == expected


def test_tail_reads_across_blocks_and_tolerates_bad_bytes(tmp_path):
    path = tmp_path / "big.log"
    body = "".join(f"line {n} " + "x" * 100 + "\n" for n in range(2000))
    path.write_bytes(body.encode() + b"bad \xff byte\nlast\n")
    result = tail(path, 3).split("\n")
    assert result[0].startswith("line 1999 ")
    assert result[1:] == ["bad \ufffd byte", "last"]
    assert tail(path, 500).split("\n")[0].startswith("line 1502 ")


@pytest.mark.parametrize(
    ("status", "expected"),
    [(0, (0, None)), (3, (3, None)), (128, (128, None)), (137, (None, 9)), (143, (None, 15))],
)
def test_shell_status_splits_into_exit_code_or_signal(status, expected):
    assert split_status(status) == expected


def test_status_beyond_the_signal_range_is_an_exit_code():
    assert split_status(255) == (255, None)


def test_first_end_reason_wins(tmp_path):
    assert mark_ending(tmp_path, "stop")
    assert not mark_ending(tmp_path, "timeout")
    recorded = ending(tmp_path)
    assert recorded is not None and recorded[0] == "stop"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ended_by"]


def test_handle_round_trips_through_its_dict(tmp_path):
    handle = JobHandle(10, 10, 123.5, tmp_path, "rewrite", "careful", 777, 30.0)
    assert JobHandle.from_dict(handle.to_dict()) == handle


def test_exit_info_success_needs_a_clean_zero():
    assert ExitInfo(0, None, False, False, 1.0).succeeded
    assert not ExitInfo(0, None, False, True, 1.0).succeeded
    assert not ExitInfo(None, signal.SIGKILL, True, False, 1.0).succeeded


def test_spec_needs_a_command(tmp_path):
    with pytest.raises(InvalidRequest) as caught:
        ProcessSpec([], tmp_path / "ws", tmp_path / "logs")
    assert caught.value.field == "ProcessSpec.command"


def test_spec_timeout_must_be_positive(tmp_path):
    with pytest.raises(InvalidRequest) as caught:
        ProcessSpec(["true"], tmp_path / "ws", tmp_path / "logs", timeout_seconds=0)
    assert caught.value.field == "ProcessSpec.timeout_seconds"


def test_spec_cwd_must_be_absolute(tmp_path):
    with pytest.raises(InvalidRequest) as caught:
        ProcessSpec(["true"], tmp_path / "ws", tmp_path / "logs", cwd="code")
    assert caught.value.field == "ProcessSpec.cwd"


def test_log_dir_inside_the_workspace_is_rejected(tmp_path):
    spec = ProcessSpec(["true"], tmp_path / "ws", tmp_path / "ws" / "logs")
    with pytest.raises(InvalidRequest) as caught:
        LocalSandbox("rewrite").launch(spec)
    assert caught.value.field == "ProcessSpec.log_dir"
    assert "outside its workspace" in caught.value.message


@pytest.mark.parametrize("name", ["python", "python3", "python3.11", "python3.9"])
def test_python_names_are_mapped(name):
    assert map_python([name, "x.py", "python3"], "/venv/bin/python") == [
        "/venv/bin/python",
        "x.py",
        "python3",
    ]


@pytest.mark.parametrize("name", ["python2", "python3x", "/usr/bin/python3", "pythonw", "bash"])
def test_other_programs_are_not_mapped(name):
    assert map_python([name, "-c", "1"], "/venv/bin/python") == [name, "-c", "1"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/opt/ml", "/W"),
        ("/opt/ml/model", "/W/model"),
        ("--model-dir=/opt/ml/model", "--model-dir=/W/model"),
        ("a:/opt/ml/code:b", "a:/W/code:b"),
        ('{"train": "/opt/ml/input"}', '{"train": "/W/input"}'),
        ("/opt/ml/a /opt/ml/b", "/W/a /W/b"),
        ("/opt/mlflow", "/opt/mlflow"),
        ("/x/opt/ml", "/x/opt/ml"),
        ("s3://b/opt/ml/k", "s3://b/opt/ml/k"),
        ("plain", "plain"),
    ],
)
def test_opt_ml_prefixes_are_rewritten(text, expected):
    assert rewrite_opt_ml(text, Path("/W")) == expected


def test_fstab_escapes_whitespace_and_backslashes():
    rows = [line.split(" ") for line in fstab_text(Path("/data/my ws\\x\ty\nz")).splitlines()]
    assert all(len(row) == 6 for row in rows)
    binds = [row for row in rows if row[3].startswith("bind")]
    assert binds[0][0] == "/data/my\\040ws\\134x\\011y\\012z"
    assert binds[-1][1] == "/opt/ml"


def test_wrapper_records_status_and_quotes_every_argument(tmp_path):
    argv = ["/bin/sh", "-c", 'printf "%s|" "$@"; exit 6', "sh", "a b", "'q'", "$X", "\n"]
    script = wrapper_script(argv, str(tmp_path))

    done = subprocess.run(
        ["/bin/sh", "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False
    )

    assert done.returncode == 6
    assert done.stdout == "a b|'q'|$X|\n|"
    assert (tmp_path / "exit_code").read_text() == "6\n"
    assert not (tmp_path / "exit_code.tmp").exists()


def test_wrapper_does_not_start_a_job_stopped_during_setup(tmp_path):
    script = wrapper_script(["touch", "started"], str(tmp_path), setup="kill -TERM $$")

    done = subprocess.run(["/bin/sh", "-c", script], cwd=tmp_path, check=False)

    assert done.returncode == 143
    assert (tmp_path / "exit_code").read_text() == "143\n"
    assert not (tmp_path / "started").exists()


def test_wrapper_reports_a_failed_setup(tmp_path):
    script = wrapper_script(["touch", "started"], str(tmp_path), setup="false")

    done = subprocess.run(
        ["/bin/sh", "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False
    )

    assert done.returncode == 125
    assert "could not give the job its /opt/ml mount namespace" in done.stderr
    assert (tmp_path / "exit_code").read_text() == "125\n"
    assert not (tmp_path / "started").exists()
