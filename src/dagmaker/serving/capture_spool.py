"""Moving completed capture files from serving processes' spools to the artifact store.

A generation's spool root holds one directory per serving process; below it the layout
is SageMaker's (``<variant>/<yyyy>/<mm>/<dd>/<hh>/<file>.jsonl``), so a file is published
to ``<DestinationS3Uri>/<endpoint>/<same path>``. The store writes each object atomically;
the local file is removed only after that, so a crash in between publishes it again
rather than losing it.
"""

from __future__ import annotations

from pathlib import Path

from dagmaker.serving.capture_writer import PARTIAL, SUFFIX
from dagmaker.storage.artifacts.protocol import ArtifactStore


def complete_partials(process_spool: Path) -> int:
    """Complete the open files of a serving process that has ended; returns how many.

    Every record in them was written whole before its response was sent, so the file is
    a valid capture file as it is.
    """
    count = 0
    if not process_spool.is_dir():
        return 0
    for partial in sorted(process_spool.rglob(f"*{SUFFIX}{PARTIAL}")):
        if partial.stat().st_size == 0:
            partial.unlink()
            continue
        partial.replace(partial.with_name(partial.name.removesuffix(PARTIAL)))
        count += 1
    return count


def completed_files(spool_root: Path) -> list[tuple[Path, str]]:
    """Completed files under a spool root, with their key below ``<destination>/<endpoint>/``."""
    found: list[tuple[Path, str]] = []
    if not spool_root.is_dir():
        return found
    for process_spool in sorted(p for p in spool_root.iterdir() if p.is_dir()):
        for path in sorted(process_spool.rglob(f"*{SUFFIX}")):
            found.append((path, path.relative_to(process_spool).as_posix()))
    return found


def publish(store: ArtifactStore, spool_root: Path, destination: str, endpoint: str) -> list[str]:
    """Upload every completed file and remove it locally; returns the URIs written."""
    written = []
    prefix = f"{destination.rstrip('/')}/{endpoint}"
    for path, relative in completed_files(spool_root):
        uri = f"{prefix}/{relative}"
        store.upload_file(path, uri)
        path.unlink()
        written.append(uri)
    return written
