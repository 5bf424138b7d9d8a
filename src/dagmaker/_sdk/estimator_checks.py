"""Argument checks of estimators, done when they are created or prepared."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dagmaker.workflow.entities import is_pipeline_variable


def reject_unsupported(rules: Any, git_config: Any, extra: dict[str, Any]) -> None:
    """Refuse debugger rules, git checkouts and unknown keyword arguments."""
    if rules:
        raise ValueError(
            "Debugger and profiler rules are not supported by dagmaker; remove rules=..."
        )
    if git_config:
        raise ValueError(
            "git_config is not supported by dagmaker: clone the repository yourself and pass "
            "its local path as source_dir"
        )
    if extra:
        raise TypeError(f"unexpected estimator arguments: {', '.join(sorted(extra))}")


def check_vpc(subnets: Any, security_group_ids: Any) -> None:
    """A custom VPC needs both subnets and security groups."""
    if (subnets is None) != (security_group_ids is None):
        raise RuntimeError("when setting up a custom VPC, give both subnets and security_group_ids")


def check_source(entry_point: Any, source_dir: Any) -> None:
    """An entry point given as a pipeline variable needs code that is already in S3."""
    if not is_pipeline_variable(entry_point):
        return
    if not source_dir:
        raise TypeError("entry_point cannot be a pipeline variable when source_dir is missing")
    if not is_pipeline_variable(source_dir) and not str(source_dir).lower().startswith("s3://"):
        raise TypeError(
            "entry_point cannot be a pipeline variable when source_dir is a local path: the "
            "code is packaged when the pipeline definition is built"
        )


def validate_source_dir(entry_point: Any, source_dir: Any) -> None:
    """The entry point must be a file inside a local ``source_dir``."""
    if str(source_dir).lower().startswith("s3://"):
        return
    if not (Path(str(source_dir)) / str(entry_point)).is_file():
        raise ValueError(f'No file named "{entry_point}" was found in directory "{source_dir}".')
