"""``dagmaker server``: SageMaker's, S3's and STS's wire protocols and the web UI on one port."""
