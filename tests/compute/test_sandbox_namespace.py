"""Namespace mode with real processes: the job sees its workspace as /opt/ml."""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

from dagmaker.compute import ProcessSpec, tail

TRAIN_SCRIPT = """
    import os, sys
    rows = open("/opt/ml/input/data/train/x.csv").read().splitlines()
    total = sum(int(value) for row in rows[1:] for value in row.split(","))
    os.makedirs("/opt/ml/model", exist_ok=True)
    with open("/opt/ml/model/out.txt", "w") as out:
        out.write(f"sum={total} cwd={os.getcwd()}\\n")
        out.write(open(os.environ["HOST_FILE"]).read())
    # Anything else under /opt stays inside the job's private overlay.
    open("/opt/" + os.environ["STRAY_NAME"], "w").write("not for the host")
    print("trained", len(rows) - 1, "rows")
"""


def test_job_reads_inputs_and_writes_model_under_opt_ml(runner, area, script):
    workspace, logs = area / "work space", area / "logs"
    train = workspace / "input/data/train"
    train.mkdir(parents=True)
    (train / "x.csv").write_text("a,b\n1,2\n3,4\n")
    (area / "host.txt").write_text("the host's /tmp is visible\n")
    script(workspace, "code/train.py", TRAIN_SCRIPT)
    stray = f"dagmaker-stray-{area.name}"
    runner.own(area)
    spec = ProcessSpec(
        ["python3", "/opt/ml/code/train.py"],
        workspace,
        logs,
        env={"HOST_FILE": str(area / "host.txt"), "STRAY_NAME": stray},
    )

    outcome = runner.run(spec)

    assert outcome.info.exit_code == 0, tail(logs / "stderr.log")
    assert outcome.info.signal is None
    assert not outcome.info.timed_out and not outcome.info.stopped
    assert (workspace / "model/out.txt").read_text() == (
        "sum=10 cwd=/opt/ml\nthe host's /tmp is visible\n"
    )
    assert (logs / "stdout.log").read_text() == "trained 2 rows\n"
    assert (logs / "exit_code").read_text() == "0\n"
    # Inside a user namespace the job is root, but what it writes belongs to the real user.
    assert (workspace / "model/out.txt").stat().st_uid == runner.uid
    assert outcome.handle["mode"] == "namespace" and outcome.handle["warning"] == ""
    assert not Path("/opt", stray).exists()


ENV_SCRIPT = """
    import json, os
    names = ["GREETING", "TRICKY", "DAGMAKER_OPT_ML", "DAGMAKER_HOST", "PYTHONUNBUFFERED",
             "SM_MODEL_DIR", "DAGMAKER_TEST_LEAK", "VIRTUAL_ENV", "LANG"]
    json.dump({name: os.environ.get(name) for name in names}, open("/opt/ml/env.json", "w"))
"""


def test_environment_is_clean_and_carries_spec_env(runner, area, script, monkeypatch):
    monkeypatch.setenv("DAGMAKER_TEST_LEAK", "engine-only")
    workspace = area / "ws"
    script(workspace, "code/env.py", ENV_SCRIPT)
    runner.own(area)
    env = {
        "GREETING": "hello world",
        "TRICKY": "a'b\"c $HOME\nline",
        "SM_MODEL_DIR": "/opt/ml/model",
    }
    spec = ProcessSpec(
        ["python", "/opt/ml/code/env.py"], workspace, area / "logs", env=env, hostname="algo-2"
    )

    outcome = runner.run(spec)

    assert outcome.info.exit_code == 0, tail(area / "logs/stderr.log")
    seen = json.loads((workspace / "env.json").read_text())
    assert seen["GREETING"] == "hello world"
    assert seen["TRICKY"] == "a'b\"c $HOME\nline"
    assert seen["SM_MODEL_DIR"] == "/opt/ml/model"  # not rewritten in namespace mode
    assert seen["DAGMAKER_OPT_ML"] == "/opt/ml"
    assert seen["DAGMAKER_HOST"] == "algo-2"
    assert seen["PYTHONUNBUFFERED"] == "1"
    assert seen["DAGMAKER_TEST_LEAK"] is None
    assert seen["VIRTUAL_ENV"] is None
    assert seen["LANG"]


ARGV_SCRIPT = """
    import json, sys
    json.dump(sys.argv[1:], open("/opt/ml/argv.json", "w"))
"""

AWKWARD_ARGS = [
    "plain",
    "with space",
    "it's",
    'say "hi"',
    "line1\nline2",
    "$HOME",
    "`touch /opt/ml/pwned`",
    "$(touch /opt/ml/pwned)",
    "*",
    "; exit 9",
    "",
    "--flag=/opt/ml/model",
]


def test_argv_survives_the_shell_wrapper_verbatim(runner, area, script):
    workspace, logs = area / "ws 'quoted' dir", area / "log $dir"
    script(workspace, "code/argv.py", ARGV_SCRIPT)
    runner.own(area)
    spec = ProcessSpec(["python3", "/opt/ml/code/argv.py", *AWKWARD_ARGS], workspace, logs)

    outcome = runner.run(spec)

    assert outcome.info.exit_code == 0, tail(logs / "stderr.log")
    assert json.loads((workspace / "argv.json").read_text()) == AWKWARD_ARGS
    assert not (workspace / "pwned").exists()


FAILING_SCRIPT = """
    import sys
    print("starting")
    for n in range(30):
        print(f"progress line {n}", file=sys.stderr)
    print("ValueError: the label column is missing", file=sys.stderr)
    sys.exit(3)
"""


def test_non_zero_exit_code_and_stderr_tail(runner, area, script):
    workspace, logs = area / "ws", area / "logs"
    script(workspace, "code/fail.py", FAILING_SCRIPT)
    runner.own(area)
    spec = ProcessSpec(["python3", "/opt/ml/code/fail.py"], workspace, logs)

    first = runner.run(spec)
    second = runner.run(spec)

    for outcome in (first, second):
        assert outcome.info.exit_code == 3
        assert outcome.info.signal is None
        assert not outcome.info.succeeded
    assert tail(logs / "stderr.log", 2) == (
        "progress line 29\nValueError: the label column is missing"
    )
    # Logs are appended across runs that share a log directory.
    assert (logs / "stdout.log").read_text() == "starting\nstarting\n"


SLEEPER = """
    import signal, sys, time
    if sys.argv[1] == "ignore":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    open("/opt/ml/ready", "w").close()
    time.sleep(60)
"""


def test_timeout_terminates_the_job(runner, area, script):
    workspace, logs = area / "ws", area / "logs"
    script(workspace, "code/sleep.py", SLEEPER)
    runner.own(area)
    spec = ProcessSpec(
        ["python3", "/opt/ml/code/sleep.py", "default"], workspace, logs, timeout_seconds=1.0
    )

    outcome = runner.run(spec, kill_grace=5.0)

    assert outcome.info.timed_out and not outcome.info.stopped
    assert outcome.info.exit_code is None
    assert outcome.info.signal == signal.SIGTERM
    assert 1.0 <= outcome.info.duration_seconds < 5.0
    assert (logs / "ended_by").read_text() == "timeout\n"


def test_timeout_kills_a_job_that_ignores_sigterm(runner, area, script):
    workspace, logs = area / "ws", area / "logs"
    script(workspace, "code/sleep.py", SLEEPER)
    runner.own(area)
    spec = ProcessSpec(
        ["python3", "/opt/ml/code/sleep.py", "ignore"], workspace, logs, timeout_seconds=0.5
    )

    outcome = runner.run(spec, kill_grace=0.5)

    assert outcome.info.timed_out
    assert outcome.info.signal == signal.SIGKILL
    assert 1.0 <= outcome.info.duration_seconds < 5.0


GRACEFUL = """
    import signal, sys, time

    def on_term(signum, frame):
        open("/opt/ml/model/checkpoint", "w").write("saved")
        sys.exit(7)

    signal.signal(signal.SIGTERM, on_term)
    open("/opt/ml/ready", "w").close()
    time.sleep(60)
"""


def test_stop_lets_a_job_handle_sigterm(runner, area, script):
    workspace, logs = area / "ws", area / "logs"
    script(workspace, "code/graceful.py", GRACEFUL)
    (workspace / "model").mkdir()
    runner.own(area)
    spec = ProcessSpec(["python3", "/opt/ml/code/graceful.py"], workspace, logs)

    outcome = runner.run_and_stop(spec, workspace / "ready", grace=10.0)

    assert outcome.info.stopped and not outcome.info.timed_out
    assert outcome.info.exit_code == 7
    assert (workspace / "model/checkpoint").read_text() == "saved"
    assert outcome.stop_seconds < 5.0


def test_stop_kills_a_job_that_ignores_sigterm(runner, area, script):
    workspace, logs = area / "ws", area / "logs"
    script(workspace, "code/sleep.py", SLEEPER)
    runner.own(area)
    spec = ProcessSpec(["python3", "/opt/ml/code/sleep.py", "ignore"], workspace, logs)

    outcome = runner.run_and_stop(spec, workspace / "ready", grace=0.5)

    assert outcome.info.stopped
    assert outcome.info.signal == signal.SIGKILL
    assert outcome.info.exit_code is None
    assert 0.5 <= outcome.stop_seconds < 5.0
    assert (logs / "ended_by").read_text() == "stop\n"


def test_python_names_map_to_the_chosen_interpreter(runner, area):
    workspace, logs = area / "ws", area / "logs"
    runner.own(area)
    python = runner.python or sys.executable
    probe = "import sys; print(sys.executable)"
    for name in ("python", "python3", f"python3.{sys.version_info.minor}"):
        spec = ProcessSpec([name, "-c", probe], workspace, logs, python=python)
        assert runner.run(spec).info.exit_code == 0, tail(logs / "stderr.log")
    assert (logs / "stdout.log").read_text().splitlines() == [python] * 3


def test_non_python_commands_run_as_given(runner, area):
    # Whitespace and backslashes in the workspace path must survive the mount table.
    workspace, logs = area / "odd\\ws\twith tab\nand newline", area / "logs"
    (workspace / "data").mkdir(parents=True)
    (workspace / "data/a.txt").write_text("alpha\n")
    runner.own(area)
    spec = ProcessSpec(["/bin/sh", "-c", "cat a.txt; pwd"], workspace, logs, cwd="/opt/ml/data")

    outcome = runner.run(spec)

    assert outcome.info.exit_code == 0, tail(logs / "stderr.log")
    assert (logs / "stdout.log").read_text() == "alpha\n/opt/ml/data\n"
