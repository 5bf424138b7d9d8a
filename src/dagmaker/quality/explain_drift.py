"""Feature attribution drift: NDCG of the current global SHAP ranking against a baseline.

For each label both ``analysis.json`` files explain: F lists the features by baseline
attribution, F′ by current attribution (highest first), and a(f) is a feature's
*baseline* attribution. Then

    DCG = Σᵢ a(F′ᵢ) / log₂(i + 1),  iDCG = Σᵢ a(Fᵢ) / log₂(i + 1),  NDCG = DCG / iDCG

(1 when the baseline attributes nothing). An NDCG below 0.9 is a violation::

    {"version": "1.0", "violations": [{"label": "label0", "metric_name": "shap",
      "constraint_check_type": "feature_attribution_drift_check",
      "description": "Feature attribution drift 0.69 exceeds threshold 0.9"}]}
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

THRESHOLD = 0.9


def ndcg(baseline: Mapping[str, float], current: Mapping[str, float]) -> float:
    """The NDCG of ``current``'s feature ranking, scored with ``baseline``'s attributions."""
    ideal = _ranked(baseline)
    live = _ranked(current)
    ideal_gain = _gain([baseline[f] for f in ideal])
    if ideal_gain == 0.0:
        return 1.0
    return _gain([baseline.get(f, 0.0) for f in live]) / ideal_gain


def check_explainability_drift(
    current: Mapping[str, Any], baseline: Mapping[str, Any], threshold: float = THRESHOLD
) -> dict[str, Any]:
    """The violations of ``current`` against ``baseline`` (both ``analysis.json``)."""
    now, before = _global_values(current), _global_values(baseline)
    violations = []
    for label, values in now.items():
        if label not in before:
            continue
        score = ndcg(before[label], values)
        if score < threshold:
            violations.append(
                {
                    "label": label,
                    "metric_name": "shap",
                    "constraint_check_type": "feature_attribution_drift_check",
                    "description": f"Feature attribution drift {score!r} exceeds threshold "
                    f"{threshold!r}",
                }
            )
    return {"version": "1.0", "violations": violations}


def _global_values(document: Mapping[str, Any]) -> dict[str, dict[str, float]]:
    labels = ((document.get("explanations") or {}).get("kernel_shap")) or {}
    return {
        str(label): {str(k): float(v) for k, v in (entry.get("global_shap_values") or {}).items()}
        for label, entry in labels.items()
    }


def _ranked(values: Mapping[str, float]) -> list[str]:
    return sorted(values, key=lambda feature: (-values[feature], feature))


def _gain(attributions: list[float]) -> float:
    return sum(a / math.log2(i + 1) for i, a in enumerate(attributions, start=1))
