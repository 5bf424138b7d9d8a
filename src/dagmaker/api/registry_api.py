"""Model and model-registry methods of the local client (boto3 names and shapes)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dagmaker._lib import naming
from dagmaker.api.request_shapes import check_shape
from dagmaker.api.responses import timestamp_field
from dagmaker.api.services import Services
from dagmaker.definition.names import check_name
from dagmaker.errors import InvalidRequest

JSON = Any


def _times(document: dict[str, JSON]) -> dict[str, JSON]:
    return {k: timestamp_field(k, v) for k, v in document.items()}


class RegistryMethods:
    """Mixed into the client: models, model package groups and packages."""

    services: Services

    # -- models ---------------------------------------------------------------------------

    def create_model(self, ModelName: str, **request: Any) -> dict[str, JSON]:
        """CreateModel."""
        check_name("model", ModelName, field="ModelName")
        containers = request.get("PrimaryContainer") or request.get("Containers")
        if not containers:
            raise InvalidRequest(
                "CreateModel needs PrimaryContainer or Containers", field="PrimaryContainer"
            )
        arn = naming.arn(f"model/{ModelName.lower()}")
        document = {
            "ModelName": ModelName,
            "ModelArn": arn,
            "CreationTime": datetime.now().astimezone().isoformat(),
            **request,
        }
        self._models().create(ModelName, arn, document)
        return {"ModelArn": arn}

    def describe_model(self, ModelName: str, **_: Any) -> dict[str, JSON]:
        """DescribeModel."""
        return _times(self._models().describe(ModelName))

    def list_models(self, **kwargs: Any) -> dict[str, JSON]:
        """ListModels, newest first."""
        items = self._models().list(int(kwargs.get("MaxResults") or 100))
        return {
            "Models": [
                _times({k: d[k] for k in ("ModelName", "ModelArn", "CreationTime")}) for d in items
            ]
        }

    def delete_model(self, ModelName: str, **_: Any) -> dict[str, JSON]:
        """DeleteModel."""
        self._models().delete(ModelName)
        return {}

    # -- groups ---------------------------------------------------------------------------

    def create_model_package_group(
        self, ModelPackageGroupName: str, **kwargs: Any
    ) -> dict[str, JSON]:
        """CreateModelPackageGroup."""
        from dagmaker.registry import packages

        check_name("model-package-group", ModelPackageGroupName, field="ModelPackageGroupName")
        group = self._registry().create_group(
            ModelPackageGroupName,
            packages.group_arn(ModelPackageGroupName),
            kwargs.get("ModelPackageGroupDescription", ""),
        )
        return {"ModelPackageGroupArn": group["arn"]}

    def describe_model_package_group(self, ModelPackageGroupName: str, **_: Any) -> dict[str, JSON]:
        """DescribeModelPackageGroup."""
        return _group(self._registry().group(ModelPackageGroupName))

    def list_model_package_groups(self, **_: Any) -> dict[str, JSON]:
        """ListModelPackageGroups, newest first."""
        return {"ModelPackageGroupSummaryList": [_group(g) for g in self._registry().groups()]}

    def delete_model_package_group(self, ModelPackageGroupName: str, **_: Any) -> dict[str, JSON]:
        """DeleteModelPackageGroup (must be empty)."""
        self._registry().delete_group(ModelPackageGroupName)
        return {}

    # -- packages -------------------------------------------------------------------------

    def create_model_package(self, **request: Any) -> dict[str, JSON]:
        """CreateModelPackage: the next version in ModelPackageGroupName."""
        from dagmaker.registry import packages

        document = packages.register(self._registry(), request, by="api")
        return {"ModelPackageArn": document["ModelPackageArn"]}

    def describe_model_package(self, ModelPackageName: str, **_: Any) -> dict[str, JSON]:
        """DescribeModelPackage (ARN, or ``group/version``)."""
        return _times(self._registry().package(ModelPackageName))

    def list_model_packages(self, **kwargs: Any) -> dict[str, JSON]:
        """ListModelPackages, filtered by group and approval status.

        Raises:
            InvalidRequest: for an unknown approval status.
        """
        checked = ("ModelPackageGroupName", "ModelApprovalStatus", "SortOrder", "SortBy")
        check_shape(
            "ListModelPackagesInput", {k: kwargs[k] for k in checked if kwargs.get(k) is not None}
        )
        items = self._registry().packages(
            kwargs.get("ModelPackageGroupName"),
            kwargs.get("ModelApprovalStatus"),
            newest_first=kwargs.get("SortOrder", "Descending") != "Ascending",
        )
        keys = (
            "ModelPackageName",
            "ModelPackageGroupName",
            "ModelPackageVersion",
            "ModelPackageArn",
            "ModelPackageDescription",
            "CreationTime",
            "ModelPackageStatus",
            "ModelApprovalStatus",
        )
        return {
            "ModelPackageSummaryList": [_times({k: d[k] for k in keys if k in d}) for d in items]
        }

    def update_model_package(self, ModelPackageArn: str, **kwargs: Any) -> dict[str, JSON]:
        """UpdateModelPackage: approval status (history kept), metadata."""
        from dagmaker.registry import packages

        document = packages.update(
            self._registry(),
            ModelPackageArn,
            status=kwargs.get("ModelApprovalStatus"),
            description=kwargs.get("ApprovalDescription"),
            by=str(kwargs.get("LastModifiedBy") or "api"),
            metadata=kwargs.get("CustomerMetadataProperties"),
            metadata_to_remove=kwargs.get("CustomerMetadataPropertiesToRemove"),
        )
        return {"ModelPackageArn": document["ModelPackageArn"]}

    def list_model_package_approvals(self, ModelPackageName: str) -> dict[str, JSON]:
        """Dagmaker extension: a package's approval history (who, when, why)."""
        arn = self._registry().package(ModelPackageName)["ModelPackageArn"]
        return {
            "ApprovalHistory": [
                {
                    "ModelApprovalStatus": c.status,
                    "PreviousStatus": c.previous_status or None,
                    "ChangedBy": c.changed_by,
                    "Reason": c.reason,
                    "Time": c.at,
                }
                for c in self._registry().history(arn)
            ]
        }

    def _registry(self) -> Any:
        registry = self.services.registry
        assert registry is not None
        return registry

    def _models(self) -> Any:
        models = self.services.models
        assert models is not None
        return models


def _group(row: dict[str, Any]) -> dict[str, JSON]:
    return {
        "ModelPackageGroupName": row["name"],
        "ModelPackageGroupArn": row["arn"],
        "ModelPackageGroupDescription": row["description"],
        "CreationTime": row["created_at"],
        "ModelPackageGroupStatus": "Completed",
    }
