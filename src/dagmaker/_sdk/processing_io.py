"""Inputs and outputs of a processing job, and ``RunArgs`` for legacy steps.

They are public through :mod:`dagmaker.processing`. Any value may be a pipeline
variable; a local ``source`` is uploaded when the job request is built.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from dagmaker.dataset_definition.inputs import DatasetDefinition, S3Input


class ProcessingInput:
    """Data (or code) a processing job reads from S3 or from a dataset definition.

    Attributes:
        source: S3 URI or local path of the data (a local path is uploaded).
        destination: Where the data appears in the container.
        input_name: The input's name; ``input-N`` when not given.
        s3_data_type: ``S3Prefix`` or ``ManifestFile``.
        s3_input_mode: ``File``, ``Pipe`` or ``FastFile``.
        s3_data_distribution_type: ``FullyReplicated`` or ``ShardedByS3Key``.
        s3_compression_type: ``None`` or ``Gzip``.
        s3_input: The S3 part of the request; built from the fields above when not given.
        dataset_definition: An Athena or Redshift query instead of S3 data.
        app_managed: Whether the application, not SageMaker, manages the input.
    """

    def __init__(
        self,
        source: Any = None,
        destination: Any = None,
        input_name: Any = None,
        s3_data_type: Any = "S3Prefix",
        s3_input_mode: Any = "File",
        s3_data_distribution_type: Any = "FullyReplicated",
        s3_compression_type: Any = "None",
        s3_input: S3Input | None = None,
        dataset_definition: DatasetDefinition | None = None,
        app_managed: Any = False,
    ) -> None:
        self.source = source
        self.destination = destination
        self.input_name = input_name
        self.s3_data_type = s3_data_type
        self.s3_input_mode = s3_input_mode
        self.s3_data_distribution_type = s3_data_distribution_type
        self.s3_compression_type = s3_compression_type
        self.s3_input = s3_input
        self.dataset_definition = dataset_definition
        self.app_managed = app_managed
        self._create_s3_input()

    def _create_s3_input(self) -> None:
        # An explicit S3Input wins and its values are mirrored onto the flat fields;
        # otherwise the flat fields make one (only when both ends are known).
        if self.s3_input is not None:
            self.source = self.s3_input.s3_uri
            self.destination = self.s3_input.local_path
            self.s3_data_type = self.s3_input.s3_data_type
            self.s3_input_mode = self.s3_input.s3_input_mode
            self.s3_data_distribution_type = self.s3_input.s3_data_distribution_type
        elif self.source is not None and self.destination is not None:
            self.s3_input = S3Input(
                s3_uri=self.source,
                local_path=self.destination,
                s3_data_type=self.s3_data_type,
                s3_input_mode=self.s3_input_mode,
                s3_data_distribution_type=self.s3_data_distribution_type,
                s3_compression_type=self.s3_compression_type,
            )

    def _to_request_dict(self) -> dict[str, Any]:
        """The ``ProcessingInput`` request structure.

        Raises:
            ValueError: for Gzip compression outside Pipe mode.
        """
        request: dict[str, Any] = {"InputName": self.input_name, "AppManaged": self.app_managed}
        if self.s3_input is not None:
            if (
                self.s3_input.s3_compression_type == "Gzip"
                and self.s3_input.s3_input_mode != "Pipe"
            ):
                raise ValueError(
                    f"ProcessingInput {self.input_name!r}: Gzip-compressed data can only be "
                    "read in Pipe mode; set s3_input_mode='Pipe' or s3_compression_type='None'"
                )
            request["S3Input"] = S3Input.to_boto(self.s3_input)
        if self.dataset_definition is not None:
            request["DatasetDefinition"] = DatasetDefinition.to_boto(self.dataset_definition)
        return request

    @classmethod
    def _from_request_dict(cls, request: dict[str, Any]) -> ProcessingInput:
        """Rebuild an input from its request (or Describe*) structure."""
        return cls(
            input_name=request.get("InputName"),
            s3_input=S3Input.from_boto(request.get("S3Input")),
            dataset_definition=DatasetDefinition.from_boto(request.get("DatasetDefinition")),
            app_managed=request.get("AppManaged", False),
        )

    def _copy(self) -> ProcessingInput:
        """A copy whose S3 part can be changed without touching the caller's object."""
        duplicate = copy.copy(self)
        duplicate.s3_input = copy.copy(self.s3_input)
        return duplicate

    def __repr__(self) -> str:
        return f"ProcessingInput(input_name={self.input_name!r}, source={self.source!r})"


class FeatureStoreOutput:
    """Processing output written to a SageMaker Feature Store feature group.

    Attributes:
        feature_group_name: The feature group.
    """

    def __init__(self, feature_group_name: Any = None) -> None:
        self.feature_group_name = feature_group_name

    @classmethod
    def to_boto(cls, obj: FeatureStoreOutput) -> dict[str, Any]:
        """The ``FeatureStoreOutput`` request structure."""
        return (
            {} if obj.feature_group_name is None else {"FeatureGroupName": obj.feature_group_name}
        )

    @classmethod
    def from_boto(cls, request: dict[str, Any] | None) -> FeatureStoreOutput | None:
        """Rebuild from a request structure (``None`` stays ``None``)."""
        return None if request is None else cls(request.get("FeatureGroupName"))


class ProcessingOutput:
    """A directory a processing job writes, uploaded to S3.

    Attributes:
        source: The directory in the container.
        destination: The S3 URI; a default location is used when not given.
        output_name: The output's name; ``output-N`` when not given.
        s3_upload_mode: ``EndOfJob`` or ``Continuous``.
        app_managed: Whether the application, not SageMaker, manages the output.
        feature_store_output: A feature group to write to instead of S3.
    """

    def __init__(
        self,
        source: Any = None,
        destination: Any = None,
        output_name: Any = None,
        s3_upload_mode: Any = "EndOfJob",
        app_managed: Any = False,
        feature_store_output: FeatureStoreOutput | None = None,
    ) -> None:
        self.source = source
        self.destination = destination
        self.output_name = output_name
        self.s3_upload_mode = s3_upload_mode
        self.app_managed = app_managed
        self.feature_store_output = feature_store_output

    def _to_request_dict(self) -> dict[str, Any]:
        """The ``ProcessingOutput`` request structure."""
        request: dict[str, Any] = {"OutputName": self.output_name, "AppManaged": self.app_managed}
        if self.source is not None:
            request["S3Output"] = {
                "S3Uri": self.destination,
                "LocalPath": self.source,
                "S3UploadMode": self.s3_upload_mode,
            }
        if self.feature_store_output is not None:
            request["FeatureStoreOutput"] = FeatureStoreOutput.to_boto(self.feature_store_output)
        return request

    @classmethod
    def _from_request_dict(cls, request: dict[str, Any]) -> ProcessingOutput:
        """Rebuild an output from its request (or Describe*) structure."""
        s3_output = request.get("S3Output") or {}
        return cls(
            source=s3_output.get("LocalPath"),
            destination=s3_output.get("S3Uri"),
            output_name=request.get("OutputName"),
            s3_upload_mode=s3_output.get("S3UploadMode", "EndOfJob"),
            app_managed=request.get("AppManaged", False),
            feature_store_output=FeatureStoreOutput.from_boto(request.get("FeatureStoreOutput")),
        )

    def __repr__(self) -> str:
        return f"ProcessingOutput(output_name={self.output_name!r}, source={self.source!r})"


@dataclass
class RunArgs:
    """The arguments of a script processor's ``run``, for ``ProcessingStep(processor=...)``.

    Attributes:
        code: S3 URI or local path of the script.
        inputs: The processing inputs.
        outputs: The processing outputs.
        arguments: Command-line arguments of the script.
    """

    code: Any
    inputs: list[ProcessingInput] | None = None
    outputs: list[ProcessingOutput] | None = None
    arguments: list[Any] | None = None
