"""dagmaker's AutoML image: what its processing, training and serving containers run.

Programs (run inside jobs as ``python -m ...``): `split` (a processing job: analyse the
data, infer the problem, split it), `train` (a training job: one candidate pipeline, or
the ensemble of the best ones), `reports` (a processing job: model insights and
explainability of the best candidate). Serving: `serving`, loaded through the scripts
each model carries in ``code/``. Pure tables read by the AutoML runner: `objectives`,
`space`.
"""
