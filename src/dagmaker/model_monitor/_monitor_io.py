"""The inputs and output of a monitoring job: an endpoint's or a batch transform's capture.

Public through :mod:`dagmaker.model_monitor`. Each turns into the API structure of a
monitoring job definition (``EndpointInput``, ``BatchTransformInput``,
``MonitoringOutputs[]``).
"""

from __future__ import annotations

from typing import Any

# Optional attributes every monitoring input may carry, as (attribute, API key).
_OPTIONAL = (
    ("start_time_offset", "StartTimeOffset"),
    ("end_time_offset", "EndTimeOffset"),
    ("features_attribute", "FeaturesAttribute"),
    ("inference_attribute", "InferenceAttribute"),
    ("probability_attribute", "ProbabilityAttribute"),
    ("probability_threshold_attribute", "ProbabilityThresholdAttribute"),
    ("exclude_features_attribute", "ExcludeFeaturesAttribute"),
)


class MonitoringInput:
    """What every monitoring input may say about the records it reads.

    Attributes:
        start_time_offset: Start of the analysis window relative to the run, e.g. ``-PT1H``.
        end_time_offset: End of the analysis window relative to the run.
        features_attribute: JSONPath or index of the features in a record.
        inference_attribute: JSONPath or index of the prediction in a record.
        probability_attribute: JSONPath or index of the probability in a record.
        probability_threshold_attribute: Threshold turning probabilities into labels.
        exclude_features_attribute: Features to leave out.
    """

    def __init__(
        self,
        start_time_offset: Any = None,
        end_time_offset: Any = None,
        features_attribute: Any = None,
        inference_attribute: Any = None,
        probability_attribute: Any = None,
        probability_threshold_attribute: Any = None,
        exclude_features_attribute: Any = None,
    ) -> None:
        self.start_time_offset = start_time_offset
        self.end_time_offset = end_time_offset
        self.features_attribute = features_attribute
        self.inference_attribute = inference_attribute
        self.probability_attribute = probability_attribute
        self.probability_threshold_attribute = probability_threshold_attribute
        self.exclude_features_attribute = exclude_features_attribute

    def _optional_fields(self) -> dict[str, Any]:
        return {
            key: getattr(self, attribute)
            for attribute, key in _OPTIONAL
            if getattr(self, attribute) is not None
        }


class EndpointInput(MonitoringInput):
    """The captured requests and responses of an endpoint.

    Attributes:
        endpoint_name: The endpoint.
        destination: Where the capture files appear in the monitoring container.
        s3_input_mode: ``File`` or ``Pipe``.
        s3_data_distribution_type: ``FullyReplicated`` or ``ShardedByS3Key``.
    """

    def __init__(
        self,
        endpoint_name: Any,
        destination: str,
        s3_input_mode: str = "File",
        s3_data_distribution_type: str = "FullyReplicated",
        start_time_offset: Any = None,
        end_time_offset: Any = None,
        features_attribute: Any = None,
        inference_attribute: Any = None,
        probability_attribute: Any = None,
        probability_threshold_attribute: Any = None,
        exclude_features_attribute: Any = None,
    ) -> None:
        super().__init__(
            start_time_offset,
            end_time_offset,
            features_attribute,
            inference_attribute,
            probability_attribute,
            probability_threshold_attribute,
            exclude_features_attribute,
        )
        self.endpoint_name = endpoint_name
        self.destination = destination
        self.s3_input_mode = s3_input_mode
        self.s3_data_distribution_type = s3_data_distribution_type

    def _to_request_dict(self) -> dict[str, Any]:
        """``{"EndpointInput": {...}}``."""
        request = {
            "EndpointName": self.endpoint_name,
            "LocalPath": self.destination,
            "S3InputMode": self.s3_input_mode,
            "S3DataDistributionType": self.s3_data_distribution_type,
            **self._optional_fields(),
        }
        return {"EndpointInput": request}

    def __repr__(self) -> str:
        return f"EndpointInput(endpoint_name={self.endpoint_name!r})"


class BatchTransformInput(MonitoringInput):
    """The captured inputs and outputs of batch transform jobs.

    Attributes:
        data_captured_destination_s3_uri: The transform's data capture destination.
        destination: Where the data appears in the monitoring container.
        dataset_format: The captured data's format (``MonitoringDatasetFormat``).
        s3_input_mode: ``File`` or ``Pipe``.
        s3_data_distribution_type: ``FullyReplicated`` or ``ShardedByS3Key``.
    """

    def __init__(
        self,
        data_captured_destination_s3_uri: Any,
        destination: str,
        dataset_format: dict[str, Any],
        s3_input_mode: str = "File",
        s3_data_distribution_type: str = "FullyReplicated",
        start_time_offset: Any = None,
        end_time_offset: Any = None,
        features_attribute: Any = None,
        inference_attribute: Any = None,
        probability_attribute: Any = None,
        probability_threshold_attribute: Any = None,
        exclude_features_attribute: Any = None,
    ) -> None:
        super().__init__(
            start_time_offset,
            end_time_offset,
            features_attribute,
            inference_attribute,
            probability_attribute,
            probability_threshold_attribute,
            exclude_features_attribute,
        )
        self.data_captured_destination_s3_uri = data_captured_destination_s3_uri
        self.destination = destination
        self.dataset_format = dataset_format
        self.s3_input_mode = s3_input_mode
        self.s3_data_distribution_type = s3_data_distribution_type

    def _to_request_dict(self) -> dict[str, Any]:
        """``{"BatchTransformInput": {...}}``."""
        request = {
            "DataCapturedDestinationS3Uri": self.data_captured_destination_s3_uri,
            "LocalPath": self.destination,
            "S3InputMode": self.s3_input_mode,
            "S3DataDistributionType": self.s3_data_distribution_type,
            "DatasetFormat": self.dataset_format,
            **self._optional_fields(),
        }
        return {"BatchTransformInput": request}

    def __repr__(self) -> str:
        return (
            "BatchTransformInput(data_captured_destination_s3_uri="
            f"{self.data_captured_destination_s3_uri!r})"
        )


class MonitoringOutput:
    """Where a monitoring job's results go.

    Attributes:
        source: The results folder in the container (``/opt/ml/processing/output``).
        destination: The S3 URI the results are uploaded to.
        s3_upload_mode: ``Continuous`` (default) or ``EndOfJob``.
    """

    def __init__(
        self, source: str, destination: Any = None, s3_upload_mode: str = "Continuous"
    ) -> None:
        self.source = source
        self.destination = destination
        self.s3_upload_mode = s3_upload_mode

    def _to_request_dict(self) -> dict[str, Any]:
        """``{"S3Output": {"S3Uri", "LocalPath", "S3UploadMode"}}``."""
        return {
            "S3Output": {
                "S3Uri": self.destination,
                "LocalPath": self.source,
                "S3UploadMode": self.s3_upload_mode,
            }
        }

    def __repr__(self) -> str:
        return f"MonitoringOutput(source={self.source!r}, destination={self.destination!r})"
