"""``ray start`` for a test node that stays on loopback.

Ray replaces an explicit 127.0.0.1 (as node address or cluster address) with the
machine's routable address, so that other machines can reach the node. The test cluster
is all on this machine and must stay on loopback, so that replacement is turned off
before the ordinary ``ray start`` command runs with this process's arguments.
"""

from __future__ import annotations

import sys

from ray._private import services
from ray.scripts import scripts


def _keep(host: str) -> str:
    return host


if __name__ == "__main__":
    services.resolve_ip_for_localhost = _keep
    sys.argv[0] = "ray"
    sys.exit(scripts.main())
