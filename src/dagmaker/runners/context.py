"""What runners get from the API layer: stores, the job sandbox, the image table."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dagmaker.compute import LocalSandbox
from dagmaker.runners.images import ImageTable
from dagmaker.storage.artifacts.protocol import ArtifactStore
from dagmaker.storage.db.jobs import JobRepository


@dataclass
class RunnerContext:
    """Services a step runner needs.

    Attributes:
        artifacts: The artifact store behind ``s3://`` URIs.
        jobs: Where Describe* documents of jobs are kept.
        sandbox: Launches job processes with the ``/opt/ml`` layout.
        jobs_root: Host directory holding one folder per job (workspaces and logs).
        images: Image URI → runtime.
    """

    artifacts: ArtifactStore
    jobs: JobRepository
    sandbox: LocalSandbox
    jobs_root: Path
    images: ImageTable
