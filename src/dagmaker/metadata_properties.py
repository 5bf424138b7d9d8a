"""Where a registered model came from (``CreateModelPackage.MetadataProperties``)."""

from __future__ import annotations

from typing import Any

__all__ = ["MetadataProperties"]


class MetadataProperties:
    """Provenance of a model package: commit, repository, generator and project.

    Attributes:
        commit_id: The source commit.
        repository: The source repository.
        generated_by: What produced the model (e.g. a pipeline execution ARN).
        project_id: The project the model belongs to.
    """

    def __init__(
        self,
        commit_id: Any = None,
        repository: Any = None,
        generated_by: Any = None,
        project_id: Any = None,
    ) -> None:
        self.commit_id = commit_id
        self.repository = repository
        self.generated_by = generated_by
        self.project_id = project_id

    def _to_request_dict(self) -> dict[str, Any]:
        """The fields that are set, under their request names."""
        fields = {
            "CommitId": self.commit_id,
            "Repository": self.repository,
            "GeneratedBy": self.generated_by,
            "ProjectId": self.project_id,
        }
        return {key: value for key, value in fields.items() if not _blank(value)}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value)
