"""``DebugHookConfig`` and ``ProfilerConfig`` of training requests, as SageMaker's SDK sets them.

SageMaker's SDK adds a debugger hook and a profiler configuration writing to the
output path in every region that has SageMaker Debugger. dagmaker writes the same
fields so that definitions match; locally they are recorded and otherwise ignored.

A setting may be ``None`` (the default), ``True``/``False``, a request dict, or an object
with ``_to_request_dict()`` (for example SageMaker's ``DebuggerHookConfig``).
"""

from __future__ import annotations

import copy
import re
from typing import Any

_UNSUPPORTED_REGIONS = frozenset(
    {
        "us-iso-east-1",
        "us-isob-east-1",
        "ap-southeast-3",
        "ap-southeast-4",
        "eu-south-2",
        "me-central-1",
        "ap-south-2",
        "eu-central-2",
        "us-gov-east-1",
    }
)
_TRAINIUM = re.compile(r"^ml[._]trn")


def debugger_supported(region: str) -> bool:
    """Whether the region has SageMaker Debugger (and profiling)."""
    return region.lower() not in _UNSUPPORTED_REGIONS


def profiler_unsupported_instance(instance_type: Any) -> bool:
    """Whether the instance type turns profiling off (Trainium)."""
    return isinstance(instance_type, str) and bool(_TRAINIUM.match(instance_type))


def debug_hook_request(setting: Any, output_path: Any, region: str) -> dict[str, Any] | None:
    """The ``DebugHookConfig`` for a setting, or ``None`` when there is none.

    Raises:
        ValueError: when a hook is configured in a region without SageMaker Debugger.
    """
    if setting is False:
        return None
    if not debugger_supported(region):
        if setting not in (None, True, {}):
            raise ValueError(
                f"debugger_hook_config is set, but region {region!r} has no SageMaker "
                "Debugger; remove it or pass debugger_hook_config=False"
            )
        return None
    if setting in (None, True, {}):
        return {"S3OutputPath": output_path, "CollectionConfigurations": []}
    request = _as_request(setting, "debugger_hook_config")
    if not request.get("S3OutputPath"):
        request["S3OutputPath"] = output_path
    request.setdefault("CollectionConfigurations", [])
    return request


def profiler_request(setting: Any, disabled: bool, output_path: Any, region: str) -> dict[str, Any]:
    """The ``ProfilerConfig``: default, disabled, or the given one with an output path.

    Raises:
        ValueError: when a profiler configuration enables profiling that is disabled.
    """
    if disabled:
        if (
            setting is not None
            and _as_request(setting, "profiler_config").get("DisableProfiler", False) is not True
        ):
            raise ValueError(
                "profiler_config enables profiling but disable_profiler=True; drop one of them"
            )
        return {"DisableProfiler": True}
    if setting is None:
        if not debugger_supported(region):
            return {"DisableProfiler": True}
        return {"S3OutputPath": output_path, "DisableProfiler": False}
    request = _as_request(setting, "profiler_config")
    request.setdefault("DisableProfiler", False)
    if request["DisableProfiler"] is False and not request.get("S3OutputPath"):
        request = {"S3OutputPath": output_path, **request}
    return request


def _as_request(setting: Any, name: str) -> dict[str, Any]:
    if isinstance(setting, dict):
        return copy.deepcopy(setting)
    to_request = getattr(setting, "_to_request_dict", None)
    if callable(to_request):
        return dict(to_request())
    raise TypeError(
        f"{name} must be a bool, a request dict or a configuration object, got {setting!r}"
    )
