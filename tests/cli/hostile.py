"""Every CLI command with bad arguments (a local campaign, not part of the test suite).

    python -m tests.cli.hostile [--only GROUP] [--timeout SECONDS]

Each command is run with one argument replaced by a hostile value (unknown names, empty
and huge strings, bytes that are not UTF-8, bad URIs, missing files, directories, files
that are not UTF-8, devices), the others plausible, against a home holding a pipeline,
an execution, a job, a model package, a function and an image mapping. Findings: a
traceback, exit 3, a run longer than the timeout, or exit 0 for a value that can only be
wrong. Cases run in a child process with a watchdog, so a hang is reported, not waited on.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.cli.hostile_cases import cases, prepare_files, prepare_home

CHILD = """
import faulthandler, json, os, sys
from typer.testing import CliRunner
from dagmaker.cli import context
from dagmaker.cli.main import app
runner = CliRunner()
for line in sys.stdin:
    case = json.loads(line)
    args = [
        a.encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")
        for a in case["argv"]
    ]
    faulthandler.dump_traceback_later(float(os.environ["HOSTILE_TIMEOUT"]), exit=True)
    context.settings.cache_clear(); context.client.cache_clear(); context.s3_client.cache_clear()
    result = runner.invoke(app, args, input="")
    faulthandler.cancel_dump_traceback_later()
    out = (result.output or "")[-3000:]
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback
        out += "".join(traceback.format_exception(result.exception))[-3000:]
    print(json.dumps({"id": case["id"], "code": result.exit_code, "out": out}), flush=True)
"""


def run_batch(batch: list[dict[str, Any]], env: dict[str, str]) -> list[dict[str, Any]]:
    """Run cases in one child; a case that hangs ends the child and is reported as a hang."""
    results: list[dict[str, Any]] = []
    remaining = list(batch)
    while remaining:
        child = subprocess.run(
            [sys.executable, "-c", CHILD],
            input="".join(json.dumps(c) + "\n" for c in remaining),
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        done = [json.loads(line) for line in child.stdout.splitlines() if line.startswith("{")]
        results += done
        remaining = remaining[len(done) :]
        if remaining:  # the watchdog fired (or the child died) on the first one left
            hung = remaining.pop(0)
            # faulthandler's watchdog writes "Timeout (h:mm:ss)!"; anything else is a child
            # that died (e.g. dagmaker failing to import), which is not the case's hang.
            code = "hang" if "Timeout (" in child.stderr else "child died"
            results.append({"id": hung["id"], "code": code, "out": child.stderr[-3000:]})
    return results


def judge(case: dict[str, Any], result: dict[str, Any]) -> str:
    """What is wrong with the outcome of a case, or "" when nothing is."""
    code, out = result["code"], result["out"]
    if code in ("hang", "child died"):
        return str(code)
    if "Traceback" in out:
        return "traceback"
    if code == 3:
        return "internal error (exit 3)"
    if code not in (0, 1, 2):
        return f"exit {code}"
    if code == 0 and case["bad"]:
        return "exit 0 for a bad value"
    return ""


def main() -> int:
    """Run every case; print the findings; exit 1 if there are any."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--all", action="store_true", help="print every outcome")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dagmaker-hostile-cli-"))
    home = work / "home"
    names = prepare_home(home)
    files = prepare_files(work / "files")
    env = dict(os.environ, DAGMAKER_HOME=str(home), HOSTILE_TIMEOUT=str(args.timeout))
    env["DAGMAKER_WORKER_IDLE_SECONDS"] = "3"
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    todo = [c for c in cases(names, files, work) if c["argv"][0].startswith(args.only)]
    results = {r["id"]: r for r in run_batch(todo, env)}
    findings = 0
    for case in todo:
        result = results[case["id"]]
        problem = judge(case, result)
        if problem or args.all:
            findings += bool(problem)
            shown = " ".join(repr(a) if (" " in a or not a) else a for a in case["argv"])
            print(f"--- {problem or 'ok'}: exit {result['code']}: {shown[:300]}")
            print(result["out"].strip()[-1500:])
    print(f"{len(todo)} cases, {findings} findings; work dir {work}")
    return 1 if findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
