"""What SageMaker's framework inference containers do with a model, for batch transform.

A model's container (scikit-learn, XGBoost, PyTorch, or SageMaker's built-in XGBoost
algorithm) loads the model and answers requests through four functions — ``model_fn``,
``input_fn``, ``predict_fn`` and ``output_fn`` (or one ``transform_fn``) — taken from the
user's inference script (``SAGEMAKER_PROGRAM``) where it defines them, and from the
framework's defaults otherwise. `batch_transform` is the program a transform job runs.
"""
