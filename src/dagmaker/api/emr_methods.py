"""EMR cluster-map methods of the client (dagmaker's own operations, not SageMaker's)."""

from __future__ import annotations

from typing import Any

from dagmaker.api.services import Services
from dagmaker.runners.emr_clusters import (
    DEFAULT_MASTER,
    DEFAULT_STATE,
    check_cluster_id,
    check_master,
    check_state,
)

JSON = Any


class EmrMethods:
    """Mixed into the client: which Spark master each EMR cluster id runs on."""

    services: Services

    def list_emr_clusters(self, **_: Any) -> dict[str, JSON]:
        """Mapped clusters by id, and the master that unmapped ids run on."""
        return {
            "Clusters": [
                {
                    "ClusterId": c.cluster_id,
                    "Master": c.master,
                    "State": c.state,
                    "CreationTime": c.created_at.isoformat(),
                }
                for c in self.services.emr_clusters.all()
            ],
            "DefaultMaster": DEFAULT_MASTER,
        }

    def map_emr_cluster(
        self, ClusterId: str, Master: str, State: str = DEFAULT_STATE, **_: Any
    ) -> dict[str, JSON]:
        """Make EMR steps naming ``ClusterId`` run on the Spark at ``Master``.

        Raises:
            InvalidRequest: for a malformed id, master or state.
        """
        self.services.emr_clusters.put(
            check_cluster_id(ClusterId), check_master(Master), check_state(State)
        )
        return {"ClusterId": ClusterId, "Master": Master, "State": State}

    def unmap_emr_cluster(self, ClusterId: str, **_: Any) -> dict[str, JSON]:
        """Forget a mapping; ``Removed`` says whether there was one."""
        return {"Removed": self.services.emr_clusters.delete(ClusterId)}
