"""One log per endpoint instance, although its serving processes come and go.

Each serving process writes ``stdout.log`` / ``stderr.log`` in its own log directory
(the sandbox needs one per process for its exit status). The supervisor copies their
complete lines, as they appear, into ``<endpoint>/algo-<n>/logs/`` — where
``dagmaker logs <endpoint>`` looks, as for a job — and adds its own notes (restarts,
updates). Copy offsets are kept in a small file, so a restarted supervisor continues
where the last one stopped.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from dagmaker.runners.workspace import log_dir

STREAMS = ("stdout.log", "stderr.log")
_STATE = "log-offsets.json"


class LogMerger:
    """Copies serving processes' logs into their instance's log.

    Args:
        jobs_root: Where job folders live.
        endpoint: The endpoint (its folder name).
    """

    def __init__(self, jobs_root: Path, endpoint: str) -> None:
        self.jobs_root = jobs_root
        self.endpoint = endpoint
        self._state_path = jobs_root / endpoint / _STATE
        self._sources: dict[str, dict[str, object]] = self._load()

    def follow(self, process: str, source: Path, instance: int) -> None:
        """Start copying the logs in ``source`` into instance ``instance``'s log."""
        if process not in self._sources:
            self._sources[process] = {"dir": str(source), "instance": instance, "offsets": {}}
            self._save()

    def forget(self, process: str) -> None:
        """Copy what is left of an ended process's log, then stop following it."""
        self.pump(only=process)
        if self._sources.pop(process, None) is not None:
            self._save()

    def pump(self, only: str | None = None) -> None:
        """Copy every followed process's new complete lines."""
        changed = False
        for process, source in self._sources.items():
            if only is None or process == only:
                changed = self._copy(source) or changed
        if changed:
            self._save()

    def note(self, message: str, instance: int = 1) -> None:
        """Add a supervisor line to an instance's stdout log."""
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
        self._append(instance, "stdout.log", f"[{stamp}:ENDPOINT] {message}\n".encode())

    def _copy(self, source: dict[str, object]) -> bool:
        offsets = source["offsets"]
        assert isinstance(offsets, dict)
        changed = False
        for stream in STREAMS:
            path = Path(str(source["dir"])) / stream
            start = int(offsets.get(stream, 0))
            try:
                with path.open("rb") as handle:
                    handle.seek(start)
                    data = handle.read()
            except FileNotFoundError:
                continue
            complete = data[: data.rfind(b"\n") + 1]
            if complete:
                self._append(int(str(source["instance"])), stream, complete)
                offsets[stream] = start + len(complete)
                changed = True
        return changed

    def _append(self, instance: int, stream: str, data: bytes) -> None:
        target = log_dir(self.jobs_root, self.endpoint, f"algo-{instance}") / stream
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("ab") as handle:
            handle.write(data)

    def _load(self) -> dict[str, dict[str, object]]:
        try:
            document = json.loads(self._state_path.read_text())
        except (OSError, ValueError):
            return {}
        return document if isinstance(document, dict) else {}

    def _save(self) -> None:
        self._state_path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._state_path.with_name(f".{_STATE}.tmp")
        temporary.write_text(json.dumps(self._sources))
        temporary.replace(self._state_path)
