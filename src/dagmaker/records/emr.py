"""EMR clusters as the runtime knows them: which Spark an EMR cluster id runs on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class EmrCluster:
    """One mapped cluster (``dagmaker emr clusters map``).

    Attributes:
        cluster_id: The EMR cluster id (``j-…``) that steps name.
        master: The Spark master its steps run on (``local[2]``, ``spark://host:7077``).
        state: The EMR cluster state steps see (``WAITING``, ``TERMINATED`` …).
        created_at: When the mapping was made.
    """

    cluster_id: str
    master: str
    state: str
    created_at: datetime
