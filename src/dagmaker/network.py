"""Network settings of a job: isolation, inter-container encryption and VPC.

Locally, jobs run as sandboxed processes: these settings are written into the job
request as SageMaker would receive them, and are otherwise accepted and ignored.
"""

from __future__ import annotations

from typing import Any

__all__ = ["NetworkConfig"]


class NetworkConfig:
    """The ``NetworkConfig`` of a processing job (and the VPC part of other jobs).

    Attributes:
        enable_network_isolation: Whether the job may reach the network.
        security_group_ids: VPC security group ids.
        subnets: VPC subnet ids.
        encrypt_inter_container_traffic: Whether traffic between instances is encrypted.
    """

    def __init__(
        self,
        enable_network_isolation: Any = None,
        security_group_ids: list[Any] | None = None,
        subnets: list[Any] | None = None,
        encrypt_inter_container_traffic: Any = None,
    ) -> None:
        self.enable_network_isolation = enable_network_isolation
        self.security_group_ids = security_group_ids
        self.subnets = subnets
        self.encrypt_inter_container_traffic = encrypt_inter_container_traffic

    def _to_request_dict(self) -> dict[str, Any]:
        """The ``NetworkConfig`` request structure; isolation defaults to ``False``."""
        isolation = self.enable_network_isolation
        request: dict[str, Any] = {
            "EnableNetworkIsolation": False if isolation is None else isolation
        }
        if self.encrypt_inter_container_traffic is not None:
            request["EnableInterContainerTrafficEncryption"] = self.encrypt_inter_container_traffic
        vpc: dict[str, Any] = {}
        if self.security_group_ids is not None:
            vpc["SecurityGroupIds"] = self.security_group_ids
        if self.subnets is not None:
            vpc["Subnets"] = self.subnets
        if self.security_group_ids is not None or self.subnets is not None:
            request["VpcConfig"] = vpc
        return request

    def __repr__(self) -> str:
        return f"NetworkConfig({self._to_request_dict()!r})"
