"""The settings of a QualityCheck or ClarifyCheck step, read from its resolved top-level keys.

``SkipCheck``, ``FailOnViolation`` and ``RegisterNewBaseline`` may be JSON ``null``
(the SDK writes the keys even when nothing was given): ``null`` means the default.
Supplied baselines that are ``null`` or empty strings (a parameter's usual default) are
not supplied.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dagmaker.errors import JobFailure

QUALITY_CHECK_TYPES = ("DATA_QUALITY", "MODEL_QUALITY")
CLARIFY_CHECK_TYPES = ("DATA_BIAS", "MODEL_BIAS", "MODEL_EXPLAINABILITY")
_DEFAULTS = {"SkipCheck": False, "FailOnViolation": True, "RegisterNewBaseline": False}
_TRUE = ("true", "True", "TRUE", "1")
_FALSE = ("false", "False", "FALSE", "0")


@dataclass(frozen=True)
class CheckSettings:
    """What a check step was asked to do.

    Attributes:
        check_type: ``DATA_QUALITY``, ``MODEL_QUALITY``, ``DATA_BIAS``, ``MODEL_BIAS`` or
            ``MODEL_EXPLAINABILITY``.
        skip_check: Compute the baseline only, without a drift check.
        fail_on_violation: Fail the step when the check finds violations.
        register_new_baseline: Report the new baseline as the one used for drift checks.
        model_package_group_name: Where the previous baseline is looked up, if anywhere.
        supplied_statistics: A statistics file to check against (QualityCheck only).
        supplied_constraints: A constraints file to check against.
        model_name: The model a model bias or explainability check queries.
    """

    check_type: str
    skip_check: bool
    fail_on_violation: bool
    register_new_baseline: bool
    model_package_group_name: str | None
    supplied_statistics: str | None
    supplied_constraints: str | None
    model_name: str | None = None


def read_settings(extra: dict[str, Any], step_type: str) -> CheckSettings:
    """The settings of a check step from its resolved top-level keys.

    Raises:
        JobFailure: (a client error) naming the key with a value that makes no sense.
    """
    allowed = QUALITY_CHECK_TYPES if step_type == "QualityCheck" else CLARIFY_CHECK_TYPES
    check_type = extra.get("CheckType")
    if check_type not in allowed:
        raise JobFailure(
            f"ClientError: CheckType {check_type!r} is not a {step_type} check type; use one "
            f"of {', '.join(allowed)}",
            field="CheckType",
        )
    return CheckSettings(
        check_type=str(check_type),
        skip_check=_flag(extra, "SkipCheck"),
        fail_on_violation=_flag(extra, "FailOnViolation"),
        register_new_baseline=_flag(extra, "RegisterNewBaseline"),
        model_package_group_name=_text(extra, "ModelPackageGroupName"),
        supplied_statistics=_uri(extra, "SuppliedBaselineStatistics"),
        supplied_constraints=_uri(extra, "SuppliedBaselineConstraints"),
        model_name=_text(extra, "ModelName"),
    )


def _flag(extra: dict[str, Any], key: str) -> bool:
    value = extra.get(key)
    if value is None:
        return _DEFAULTS[key]
    if isinstance(value, bool):
        return value
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise JobFailure(
        f"ClientError: {key} must be a boolean (true or false), got {value!r}", field=key
    )


def _text(extra: dict[str, Any], key: str) -> str | None:
    value = extra.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise JobFailure(f"ClientError: {key} must be a string, got {value!r}", field=key)
    return value


def _uri(extra: dict[str, Any], key: str) -> str | None:
    value = _text(extra, key)
    if value is not None and not value.startswith("s3://"):
        raise JobFailure(
            f"ClientError: {key} must be the s3:// URI of a baseline file, got {value!r}",
            field=key,
        )
    return value
