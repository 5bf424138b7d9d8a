"""Many executions at once, from several processes, on one SQLite file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from dagmaker.api import connect
from dagmaker.records.fold import fold_steps
from tests.e2e.defs import pipeline, processing, upload_code

STARTER = """
import sys, threading
from dagmaker.api import connect
client = connect(inline=True)
count = int(sys.argv[1])
errors = []

def one(i):
    try:
        value = f"{sys.argv[2]}-{i}"
        client.start_pipeline_execution(
            PipelineName="many", PipelineParameters=[{"Name": "Label", "Value": value}])
    except Exception as exc:
        errors.append(repr(exc))

threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
for t in threads:
    t.start()
for t in threads:
    t.join()
if errors:
    sys.exit("\\n".join(errors))
"""


def test_fifty_executions_from_four_processes_stay_consistent(home: Path, monkeypatch) -> None:
    monkeypatch.setenv("DAGMAKER_JOB_SLOTS", "256")
    code = upload_code("echo.py", "import sys\nprint(sys.argv[1])\n")
    label = {"Get": "Parameters.Label"}
    definition = pipeline(
        processing("One", code, arguments=[label]),
        processing("Two", code, arguments=[label], DependsOn=["One"]),
        {
            "Name": "Check",
            "Type": "Condition",
            "DependsOn": ["Two"],
            "Arguments": {
                "Conditions": [{"Type": "Equals", "LeftValue": label, "RightValue": label}],
                "IfSteps": [],
                "ElseSteps": [],
            },
        },
        parameters=[{"Name": "Label", "Type": "String", "DefaultValue": "x"}],
    )
    client = connect()
    client.create_pipeline(PipelineName="many", PipelineDefinition=json.dumps(definition))
    counts = [13, 13, 12, 12]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", STARTER, str(n), f"p{i}"], stderr=subprocess.PIPE, text=True
        )
        for i, n in enumerate(counts)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    executions = client.services.executions.list("many", limit=1000)
    assert len(executions) == 50
    labels = set()
    for record in executions:
        assert record.status.value == "Succeeded", record.failure_reason
        events = client.services.event_log.load(record.arn)
        steps = fold_steps(events)
        assert {n: v.status.value for n, v in steps.items()} == {
            "One": "Succeeded",
            "Two": "Succeeded",
            "Check": "Succeeded",
        }
        assert [e.kind for e in events].count("ExecutionFinished") == 1
        labels.add(record.parameters["Label"])
    assert len(labels) == 50
    jobs = client.services.jobs.list("Processing", limit=1000)
    assert len(jobs) == 100 and all(j.status.value == "Completed" for j in jobs)
