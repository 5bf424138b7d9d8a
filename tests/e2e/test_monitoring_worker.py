"""A schedule outlives the process that created it: the background worker drives it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dagmaker.api import connect
from dagmaker.records.statuses import ExecutionStatus
from tests.api.test_monitoring_api import _batch_capture, _wait

CREATOR = """
import sys
sys.path.insert(0, sys.argv[1])
from dagmaker.api import connect
from tests.api.test_monitoring_api import _batch_definition

client = connect()
_batch_definition(client)
client.create_monitoring_schedule(
    MonitoringScheduleName="outlives",
    MonitoringScheduleConfig={
        "MonitoringJobDefinitionName": "batch-def",
        "MonitoringType": "DataQuality",
        "ScheduleConfig": {"ScheduleExpression": "cron(0 * ? * * *)"},
    },
)
import os
print("created and leaving", os.getpid())
"""


def test_the_worker_drives_a_schedule_after_its_creator_exits(home: Path) -> None:
    root = str(Path(__file__).parents[2])
    done = subprocess.run(
        [sys.executable, "-c", CREATOR, root], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "created and leaving" in done.stdout
    client = connect()
    arn = client.services.schedules.get("outlives").execution_arn
    _wait(lambda: client.services.executions.owned_by(arn) not in ("",), timeout=60)
    _batch_capture(client, [1.0, 2.0])
    client.run_monitoring_schedule_now(MonitoringScheduleName="outlives")

    def completed() -> bool:
        runs = client.list_monitoring_executions(MonitoringScheduleName="outlives")
        summaries = runs["MonitoringExecutionSummaries"]
        return bool(summaries) and summaries[0]["MonitoringExecutionStatus"] == "Completed"

    _wait(completed, timeout=120)
    creator = done.stdout.split()[-1]
    owner = client.services.executions.owned_by(arn)
    assert owner and not owner.endswith(f":{creator}")  # the worker, not the creator
    client.delete_monitoring_schedule(MonitoringScheduleName="outlives")
    _wait(lambda: client.services.executions.status(arn).terminal, timeout=60)
    assert client.services.executions.status(arn) == ExecutionStatus.STOPPED
