"""What AutoML and AutoMLV2 share: the job they read and its best candidate."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any


class _BestCandidateReader(ABC):
    """Reads the best candidate of the latest AutoML job (V1 or V2 describe)."""

    current_job_name: str | None
    _auto_ml_job_desc: dict[str, Any] | None
    _best_candidate: dict[str, Any] | None

    @abstractmethod
    def describe_auto_ml_job(self, job_name: str | None = None) -> dict[str, Any]:
        """The job's Describe response (each API version answers its own)."""

    def _job_name(self, job_name: str | None) -> str:
        name = job_name or self.current_job_name
        if not name:
            raise ValueError("No AutoML job available: call fit() or attach() first")
        return name

    def best_candidate(self, job_name: str | None = None) -> dict[str, Any]:
        """The job's ``BestCandidate``.

        Raises:
            ValueError: when the job has no best candidate (yet).
        """
        if self._best_candidate:
            return self._best_candidate
        name = self._job_name(job_name)
        described = self._auto_ml_job_desc
        if described is None or described.get("AutoMLJobName") != name:
            described = self.describe_auto_ml_job(name)
        best: dict[str, Any] | None = described.get("BestCandidate")
        if not best:
            raise ValueError(
                f"AutoML job {name!r} has no best candidate (status "
                f"{described.get('AutoMLJobStatus')}); wait for it to complete"
            )
        self._best_candidate = best
        return best
