"""The file a Clarify job's runner writes for the program: the staged model and inputs.

It sits at ``/opt/ml/config/clarify.json`` beside ``processingjobconfig.json``; paths in
it are relative to ``/opt/ml`` so that it reads the same whether or not the job has a
mount namespace.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from dagmaker.runners.builtin.inference.job_config import ContainerConfig

# Where a Clarify job's analysis configuration is, in its workspace.
CONFIG = "processing/input/config/analysis_config.json"

CONFIG_FILE = "config/clarify.json"


@dataclass(frozen=True)
class ClarifyJobConfig:
    """What the runner staged for the Clarify program.

    Attributes:
        model_name: The model ``predictor.model_name`` named ("" when none).
        containers: Its containers, unpacked in the workspace, in request order.
        dataset_uri: Where ``dataset_uri``'s files were staged ("" when not given).
        shap_baseline: Where a ``methods.shap.baseline`` URI's files were staged ("").
    """

    model_name: str = ""
    containers: tuple[ContainerConfig, ...] = field(default_factory=tuple)
    dataset_uri: str = ""
    shap_baseline: str = ""

    def write(self, base: Path) -> Path:
        """Write the file under ``base`` (the job's ``/opt/ml`` on the host)."""
        path = base / CONFIG_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(self), indent=2))
        return path

    @classmethod
    def read(cls, base: Path) -> ClarifyJobConfig:
        """Read the file (an empty configuration when there is none)."""
        path = base / CONFIG_FILE
        if not path.is_file():
            return cls()
        document: dict[str, Any] = json.loads(path.read_text())
        containers = tuple(ContainerConfig(**c) for c in document.pop("containers", []))
        return cls(**document, containers=containers)
