"""A local campaign that *runs* mutated definitions (not part of the test suite).

    python -m tests.fuzz.run_campaign --count 2000 --seed 1 [--home DIR]

Every mutation that validates is created, started and driven to its end in one home,
with every ``s3://`` URI it names filled with something a job can read (a script, a
tarball, a CSV). What must hold: a definition that validates never ends with an
internal error (no KeyError, TypeError… in a failure reason or in the API's answers),
and every execution ends. Callback steps wait for an answer by design: the campaign
answers them with a failure so they end too.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import re
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any

from dagmaker.definition import validation
from dagmaker.errors import DagmakerError, InternalError
from tests.fuzz.fill import fill_uris, map_images
from tests.fuzz.mutate import corpus, mutated
from tests.fuzz.tweak import tweaked

FINISHED = {"Succeeded", "Failed", "Stopped"}
# What a failure reason says when dagmaker, not the definition or the job, went wrong.
INTERNAL = re.compile(
    r"Internal error|InternalServerError: dagmaker failed|Traceback|"
    r"\b(KeyError|TypeError|AttributeError|IndexError|ValueError|RecursionError|"
    r"UnboundLocalError|AssertionError|ZeroDivisionError|OverflowError)\b"
)
VALUES = {"String": "s3://dagmaker-default-bucket/campaign/x", "Integer": 1, "Float": 0.5}


def _valid(source: Any) -> dict[str, Any] | None:
    if not isinstance(source, dict):
        return None
    try:
        _, issues = validation.check(source)
    except DagmakerError:
        return None
    return None if issues else source


def _answer_callbacks(client: Any, arn: str) -> None:
    steps = client.list_pipeline_execution_steps(PipelineExecutionArn=arn)
    for step in steps["PipelineExecutionSteps"]:
        token = step.get("Metadata", {}).get("Callback", {}).get("CallbackToken")
        if step["StepStatus"] == "Executing" and token:
            with contextlib.suppress(DagmakerError):
                client.send_pipeline_execution_step_failure(
                    CallbackToken=token, FailureReason="answered by the campaign"
                )


def run_one(client: Any, name: str, definition: dict[str, Any], limit: float) -> list[str]:
    """Create, start and drive one definition; return what went wrong (empty: nothing)."""
    problems: list[str] = []
    fill_uris(client.services.artifacts, definition)
    map_images(client, definition)
    try:
        client.create_pipeline(PipelineName=name, PipelineDefinition=json.dumps(definition))
        arn = client.start_pipeline_execution(
            PipelineName=name, PipelineParameters=_required(definition)
        )["PipelineExecutionArn"]
    except InternalError as exc:
        return [f"internal error before running: {exc}"]
    except DagmakerError as exc:
        return [f"a valid definition was refused: {exc}"]
    deadline = time.monotonic() + limit
    stopped = False
    while True:
        described = client.describe_pipeline_execution(PipelineExecutionArn=arn)
        if described["PipelineExecutionStatus"] in FINISHED:
            break
        _answer_callbacks(client, arn)
        if time.monotonic() > deadline:
            if stopped:
                return [f"hang: still {described['PipelineExecutionStatus']} after a stop"]
            problems.append(f"slow: not finished after {limit:.0f}s; stopping it")
            client.stop_pipeline_execution(PipelineExecutionArn=arn)
            stopped, deadline = True, time.monotonic() + 60
        time.sleep(0.2)
    reasons = [described.get("FailureReason") or ""]
    steps = client.list_pipeline_execution_steps(PipelineExecutionArn=arn)
    reasons += [s.get("FailureReason") or "" for s in steps["PipelineExecutionSteps"]]
    problems += [f"internal: {r}" for r in reasons if INTERNAL.search(r)]
    return problems


def _required(definition: dict[str, Any]) -> list[dict[str, Any]]:
    """Values for the parameters that have no default."""
    return [
        {"Name": p["Name"], "Value": str(VALUES.get(p.get("Type"), "true"))}
        for p in definition.get("Parameters") or []
        if "DefaultValue" not in p
    ]


def main() -> int:
    """Run the campaign; exit 1 when anything broke."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per execution")
    parser.add_argument("--home", default="")
    parser.add_argument("--mode", choices=["mutate", "tweak", "both"], default="both")
    args = parser.parse_args()
    home = Path(args.home or tempfile.mkdtemp(prefix="dagmaker-run-campaign-"))
    from dagmaker.api import connect
    from dagmaker.settings import Settings

    settings = Settings.from_env({"DAGMAKER_HOME": str(home), "DAGMAKER_WORKER_IDLE_SECONDS": "5"})
    client = connect(settings=settings)
    bases = corpus()
    ran = failures = 0
    for n in range(args.count):
        rng = random.Random(args.seed * 1_000_003 + n)
        mutate = tweaked if args.mode == "tweak" or (args.mode == "both" and n % 2) else mutated
        definition = _valid(mutate(rng.choice(bases), rng))
        if definition is None:
            continue
        ran += 1
        try:
            problems = run_one(client, f"case-{args.seed}-{n}", definition, args.limit)
        except Exception:  # a finding: report it and keep going
            problems = [traceback.format_exc(limit=8)]
        if problems:
            failures += 1
            print(f"--- case {n} (seed {args.seed}) ---", *problems, sep="\n", flush=True)
    print(f"{args.count} cases, {ran} valid and run, {failures} with problems; home {home}")
    print("threads left:", [t.name for t in threading.enumerate()], file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
