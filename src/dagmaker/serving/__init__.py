"""Local real-time endpoints: SageMaker's inference contract, with data capture."""
