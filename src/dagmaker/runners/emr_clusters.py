"""EMR cluster ids and the Spark each one runs on; the seed's limits on submitting steps.

A step names a cluster by id (``j-…``). ``dagmaker emr clusters map`` says which Spark
master that id is (``local[2]``, ``spark://host:7077``); an id nobody mapped runs on a
local Spark (``local[*]``). As on EMR, a step may only be added to a cluster that is
STARTING, BOOTSTRAPPING, RUNNING or WAITING, and a cluster holds at most 256 PENDING
steps: steps run one at a time per cluster, and one beyond the cap fails.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import string

from dagmaker.errors import InvalidRequest, JobFailure
from dagmaker.records.statuses import FailureKind

DEFAULT_MASTER = "local[*]"
DEFAULT_STATE = "WAITING"
ACTIVE_STATES = ("STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING")
STATES = (*ACTIVE_STATES, "TERMINATING", "TERMINATED", "TERMINATED_WITH_ERRORS")
PENDING_STEP_CAP = 256
_CLUSTER_ID = re.compile(r"j-[A-Za-z0-9]{1,254}")
_MASTER = re.compile(r"local(\[(\*|\d+)(,\d+)?\])?|spark://[\w.\-]+:\d+(,[\w.\-]+:\d+)*")
_ID_ALPHABET = string.ascii_uppercase + string.digits


def check_cluster_id(cluster_id: str, field: str = "ClusterId") -> str:
    """An EMR cluster id, ``j-`` and letters or digits.

    Raises:
        InvalidRequest: naming the field and the value.
    """
    if not isinstance(cluster_id, str) or not _CLUSTER_ID.fullmatch(cluster_id):
        raise InvalidRequest(
            "An EMR cluster id is 'j-' followed by letters and digits, such as j-1YONHTCP3YZKC.",
            field=field,
            value=cluster_id,
        )
    return cluster_id


def check_master(master: str) -> str:
    """A Spark master URL this runner can submit to.

    Raises:
        InvalidRequest: for anything but ``local``, ``local[N]``, ``local[*]`` or ``spark://``.
    """
    if not isinstance(master, str) or not _MASTER.fullmatch(master):
        raise InvalidRequest(
            "A cluster maps to a Spark master: local, local[N], local[*] or "
            "spark://host:port (a Spark standalone cluster).",
            field="Master",
            value=master,
        )
    return master


def check_state(state: str) -> str:
    """An EMR cluster state.

    Raises:
        InvalidRequest: naming the valid states.
    """
    if state not in STATES:
        raise InvalidRequest(
            f"An EMR cluster state is one of {', '.join(STATES)}.", field="State", value=state
        )
    return state


def check_active(cluster_id: str, state: str) -> None:
    """Refuse a step on a cluster that is not running, as EMR does.

    Raises:
        JobFailure: a client error (not retried) naming the cluster and its state.
    """
    if state not in ACTIVE_STATES:
        raise JobFailure(
            f"ValidationException: cluster {cluster_id} is {state}; EMR steps can only be "
            f"added to a cluster that is {', '.join(ACTIVE_STATES)} (map the id to a running "
            "Spark: dagmaker emr clusters map ID --to local[2])",
        )


def check_pending(cluster_id: str, pending: int, cap: int = PENDING_STEP_CAP) -> None:
    """Refuse a step that would exceed the cluster's PENDING steps.

    Raises:
        JobFailure: kind ``SageMaker.RESOURCE_LIMIT``, retried only by a policy naming it.
    """
    if pending >= cap:
        raise JobFailure(
            f"ResourceLimitExceeded: cluster {cluster_id} already has {pending} PENDING steps, "
            f"the most EMR allows is {cap}; retry later (a retry policy for "
            "SageMaker.RESOURCE_LIMIT does so)",
            kind=FailureKind.RESOURCE_LIMIT,
        )


def new_cluster_id() -> str:
    """A fresh id for a cluster that a step's ClusterConfig creates."""
    return "j-" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(13))


def step_id(job_name: str) -> str:
    """The EMR step id of a step attempt: stable for one attempt, so a re-attach keeps it."""
    number = int.from_bytes(hashlib.sha256(job_name.encode()).digest()[:9], "big")
    letters = []
    for _ in range(13):
        number, rest = divmod(number, len(_ID_ALPHABET))
        letters.append(_ID_ALPHABET[rest])
    return "s-" + "".join(letters)
