"""The transform job's configuration file, written by the runner and read inside the job.

It sits at ``/opt/ml/input/config/transformjob.json``; paths in it are relative to
``/opt/ml`` so that it reads the same whether or not the job has a mount namespace.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

CONFIG_FILE = "input/config/transformjob.json"
INPUT_DIR = "input/data"
OUTPUT_DIR = "output/data"
FAILURE_FILE = "output/failure"


@dataclass(frozen=True)
class ContainerConfig:
    """One model container (an inference pipeline has several, applied in order).

    Attributes:
        framework: Which defaults apply (see ``defaults.FRAMEWORKS``).
        model_dir: The unpacked model, relative to ``/opt/ml``.
        code_dir: The directory holding the inference script, relative to ``/opt/ml``
            (empty when there is none).
        program: The script's file name (``SAGEMAKER_PROGRAM``), empty when none.
        image: The container's image URI (for messages).
    """

    framework: str
    model_dir: str
    code_dir: str = ""
    program: str = ""
    image: str = ""


@dataclass(frozen=True)
class TransformJobConfig:
    """How the job reads, sends and writes records (CreateTransformJob, resolved).

    Attributes:
        content_type: ``TransformInput.ContentType`` (may be empty).
        accept: ``TransformOutput.Accept`` (empty: the container's default).
        split_type: ``None`` or ``Line``.
        batch_strategy: ``SingleRecord`` or ``MultiRecord``.
        max_payload_bytes: Largest request; 0 for no limit.
        assemble_with: ``None`` or ``Line``.
        compression: ``None`` or ``Gzip`` (input files).
        input_filter: ``DataProcessing.InputFilter``.
        output_filter: ``DataProcessing.OutputFilter``.
        join_source: ``None`` or ``Input``.
        containers: The model's containers, in order.
    """

    content_type: str = ""
    accept: str = ""
    split_type: str = "None"
    batch_strategy: str = "MultiRecord"
    max_payload_bytes: int = 6 * 1024 * 1024
    assemble_with: str = "None"
    compression: str = "None"
    input_filter: str = "$"
    output_filter: str = "$"
    join_source: str = "None"
    containers: tuple[ContainerConfig, ...] = field(default_factory=tuple)

    def write(self, base: Path) -> Path:
        """Write the file under ``base`` (the job's ``/opt/ml`` on the host)."""
        path = base / CONFIG_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(self), indent=2))
        return path

    @classmethod
    def read(cls, base: Path) -> TransformJobConfig:
        """Read the file the runner wrote."""
        document: dict[str, Any] = json.loads((base / CONFIG_FILE).read_text())
        containers = tuple(ContainerConfig(**c) for c in document.pop("containers", []))
        return cls(**document, containers=containers)
