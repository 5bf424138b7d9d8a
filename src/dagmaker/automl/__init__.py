"""AutoML jobs, with the modules of SageMaker's SDK.

``dagmaker.automl.automl`` (``AutoML``, ``AutoMLInput``), ``dagmaker.automl.automlv2``
(``AutoMLV2`` and its configs) and ``dagmaker.automl.candidate_estimator``
(``CandidateEstimator``).

Like ``sagemaker.automl``, the package itself exports nothing; import from the modules
(or from ``dagmaker``: ``from dagmaker import AutoML, AutoMLInput``).
"""

from __future__ import annotations

__all__: list[str] = []
