"""Publishing a finished job's outputs: checked first, then all of them or none.

A job's output directories are what its code left under ``/opt/ml``. Before anything
leaves the workspace, every symbolic link in them must lead to a place inside the job's
own workspace: a link to ``/etc/passwd`` or to a directory of the host fails the job
(naming the link) instead of copying the host's files into the store. If an upload
fails part way, what this job had already written is deleted again, so a failed job
never leaves half of its outputs behind.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from dagmaker.errors import JobFailure
from dagmaker.records.statuses import FailureKind
from dagmaker.runners.packaging import tar_directory
from dagmaker.storage.artifacts.protocol import ArtifactStore
from dagmaker.storage.artifacts.transfer import upload_directory

_log = logging.getLogger("dagmaker.runners")
OPT_ML = "/opt/ml"


class Outputs:
    """The outputs of one job attempt, published through :func:`publishing`.

    Args:
        store: Where outputs go.
        workspaces: The job's host workspaces (seen by the job as ``/opt/ml``).
    """

    def __init__(self, store: ArtifactStore, workspaces: list[Path]) -> None:
        self.store = store
        self.workspaces = [w.resolve() for w in workspaces]
        self.written: list[str] = []

    def directory(self, source: Path, uri: str) -> list[str]:
        """Upload every file below ``source`` to the prefix ``uri``.

        Raises:
            JobFailure: when a link in ``source`` leads outside the workspace.
        """
        if not source.exists():
            return []
        self.check(source)
        uploaded = upload_directory(self.store, source, uri.rstrip("/"))
        self.written.extend(uploaded)
        return uploaded

    def archive(self, source: Path, archive: Path, uri: str) -> str:
        """Upload ``source`` as a gzip tarball at ``uri`` (``archive`` is a scratch file).

        Raises:
            JobFailure: when a link in ``source`` leads outside the workspace.
        """
        self.check(source)
        try:
            tar_directory(source, archive)
            self.store.upload_file(archive, uri)
        finally:
            archive.unlink(missing_ok=True)
        self.written.append(uri)
        return uri

    def check(self, source: Path) -> None:
        """Refuse links that lead outside the job's workspace.

        Raises:
            JobFailure: naming the link and where it points.
        """
        if not source.exists():
            return
        for path in _walk(source):
            if not path.is_symlink():
                continue
            self._as_seen_on_the_host(path)
            target = path.resolve()
            if not any(target == w or w in target.parents for w in self.workspaces):
                shown = path.readlink()
                raise JobFailure(
                    f"ClientError: the output {path.name!r} is a symbolic link to {shown} "
                    f"({target}), outside the job's workspace /opt/ml; outputs may only "
                    "link to files the job wrote under /opt/ml. Copy the file instead."
                )

    def _as_seen_on_the_host(self, link: Path) -> None:
        # Inside the job /opt/ml is its workspace; an absolute link into /opt/ml would lead
        # somewhere else on the host, so it is rewritten relative to the workspace.
        raw = str(link.readlink())
        if not (raw == OPT_ML or raw.startswith(OPT_ML + "/")):
            return
        folder = link.parent.resolve()
        workspace = next((w for w in self.workspaces if w == folder or w in folder.parents), None)
        if workspace is None:
            return
        real = workspace / raw[len(OPT_ML) :].lstrip("/")
        link.unlink()
        link.symlink_to(os.path.relpath(real, link.parent))

    def roll_back(self) -> None:
        """Delete what this attempt uploaded (it failed before publishing everything)."""
        for uri in reversed(self.written):
            try:
                self.store.delete(uri)
            except Exception as exc:  # the original failure is what the user needs
                _log.warning("could not remove %s after a failed upload: %s", uri, exc)
        self.written.clear()


@contextlib.contextmanager
def publishing(store: ArtifactStore, workspaces: list[Path]) -> Iterator[Outputs]:
    """Publish outputs inside the block; on any failure, remove what was written.

    Raises:
        JobFailure: kind ``SageMaker.JOB_INTERNAL_ERROR`` when the store failed (a full
            disk, an I/O error); the job's own problems pass through as they are.
    """
    outputs = Outputs(store, workspaces)
    try:
        yield outputs
    except JobFailure:
        outputs.roll_back()
        raise
    except OSError as exc:
        outputs.roll_back()
        raise JobFailure(
            f"InternalServerError: uploading the job's outputs failed ({exc}); nothing of "
            "them was kept",
            kind=FailureKind.JOB_INTERNAL_ERROR,
        ) from exc
    except BaseException:
        outputs.roll_back()
        raise


def _walk(source: Path) -> Iterator[Path]:
    """Every entry below ``source`` (itself included), without following links."""
    yield source
    if source.is_dir() and not source.is_symlink():
        for root, dirs, files in os.walk(source, followlinks=False):
            for name in [*dirs, *files]:
                yield Path(root) / name
