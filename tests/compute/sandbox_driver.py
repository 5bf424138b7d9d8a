"""Runs one sandbox operation and prints the outcome as JSON (used by the tests).

The tests start this script as an unprivileged user to exercise namespace mode through
a user namespace, and as the invoking user to launch jobs from a process that exits
before the job does. Usage: ``python sandbox_driver.py '<json request>'``.

Operations:
    probe   print ``namespace_available()``.
    run     launch the spec and wait for it.
    stop    launch, wait for the ``ready`` file, stop with ``grace``, then wait.
    launch  launch and print the handle without waiting (the job outlives us).
"""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from pathlib import Path
from typing import Any

from dagmaker.compute import LocalSandbox, ProcessSpec, namespace_available


def spec_from(doc: dict[str, Any]) -> ProcessSpec:
    return ProcessSpec(
        command=doc["command"],
        workspace=Path(doc["workspace"]),
        log_dir=Path(doc["log_dir"]),
        env=doc.get("env", {}),
        cwd=doc.get("cwd", "/opt/ml"),
        timeout_seconds=doc.get("timeout_seconds"),
        python=doc.get("python"),
        hostname=doc.get("hostname", "algo-1"),
    )


def wait_for_file(path: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path} did not appear within {seconds} s")
        time.sleep(0.01)


def main(request: dict[str, Any]) -> dict[str, Any]:
    if request["op"] == "probe":
        available, reason = namespace_available()
        return {"available": available, "reason": reason}
    sandbox = LocalSandbox(request["mode"], kill_grace_seconds=request.get("kill_grace", 5.0))
    handle = sandbox.launch(spec_from(request["spec"]))
    outcome: dict[str, Any] = {"handle": handle.to_dict()}
    if request["op"] == "launch":
        return outcome
    if request["op"] == "stop":
        wait_for_file(Path(request["ready"]), 20.0)
        began = time.monotonic()
        sandbox.stop(handle, grace_seconds=request["grace"])
        outcome["stop_seconds"] = time.monotonic() - began
    info = sandbox.wait(handle)
    assert info is not None
    outcome["exit"] = dataclasses.asdict(info)
    return outcome


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
