"""``SKLearnProcessor``: run a script on SageMaker's scikit-learn image."""

from __future__ import annotations

from typing import Any

from dagmaker._sdk.session_facts import session_region
from dagmaker.image_uris import retrieve
from dagmaker.network import NetworkConfig
from dagmaker.processing import ScriptProcessor
from dagmaker.session import Session


class SKLearnProcessor(ScriptProcessor):
    """A script processor whose image is the scikit-learn image of ``framework_version``.

    The script runs with ``command`` (default ``["python3"]``).
    """

    def __init__(
        self,
        framework_version: str,
        role: Any = None,
        instance_count: Any = None,
        instance_type: Any = None,
        command: list[str] | None = None,
        volume_size_in_gb: Any = 30,
        volume_kms_key: Any = None,
        output_kms_key: Any = None,
        max_runtime_in_seconds: Any = None,
        base_job_name: str | None = None,
        sagemaker_session: Any = None,
        env: dict[str, Any] | None = None,
        tags: Any = None,
        network_config: NetworkConfig | None = None,
    ) -> None:
        session = sagemaker_session or Session()
        image_uri = retrieve(
            "sklearn",
            session_region(session),
            version=framework_version,
            instance_type=instance_type,
        )
        super().__init__(
            role=role,
            image_uri=image_uri,
            instance_count=instance_count,
            instance_type=instance_type,
            command=command or ["python3"],
            volume_size_in_gb=volume_size_in_gb,
            volume_kms_key=volume_kms_key,
            output_kms_key=output_kms_key,
            max_runtime_in_seconds=max_runtime_in_seconds,
            base_job_name=base_job_name,
            sagemaker_session=session,
            env=env,
            tags=tags,
            network_config=network_config,
        )
