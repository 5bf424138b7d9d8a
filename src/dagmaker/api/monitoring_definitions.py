"""Monitoring job definition methods of the local client (boto3 names and shapes).

``Create/Describe/Delete/List`` for the four kinds Model Monitor has — data quality,
model quality, model bias and model explainability. A definition is immutable; a
schedule runs it (``MonitoringScheduleConfig.MonitoringJobDefinitionName``) and keeps
a copy of it, so changing what a schedule runs means creating another definition and
updating the schedule. A definition that a schedule still runs cannot be deleted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dagmaker._lib import naming
from dagmaker.api.listing import page
from dagmaker.api.request_shapes import check_shape
from dagmaker.api.services import Services
from dagmaker.errors import Conflict

if TYPE_CHECKING:
    from dagmaker.records.monitoring import JobDefinitionRecord

JSON = Any
_ARN_KINDS = {
    "DataQuality": "data-quality-job-definition",
    "ModelQuality": "model-quality-job-definition",
    "ModelBias": "model-bias-job-definition",
    "ModelExplainability": "model-explainability-job-definition",
}


def definition_arn(kind: str, name: str) -> str:
    """The ARN of a job definition of ``kind``."""
    return naming.arn(f"{_ARN_KINDS[kind]}/{name}")


def snapshot(record: JobDefinitionRecord) -> dict[str, JSON]:
    """What a schedule keeps of the definition it runs."""
    return {
        "MonitoringType": record.monitoring_type,
        "Name": record.name,
        "Request": record.request,
    }


class JobDefinitionMethods:
    """Mixed into the client: monitoring job definitions."""

    services: Services

    # -- data quality ---------------------------------------------------------------------

    def create_data_quality_job_definition(self, **request: Any) -> dict[str, JSON]:
        """CreateDataQualityJobDefinition."""
        return self._create_definition("DataQuality", request)

    def describe_data_quality_job_definition(
        self, JobDefinitionName: str, **_: Any
    ) -> dict[str, JSON]:
        """DescribeDataQualityJobDefinition."""
        return self._describe_definition("DataQuality", JobDefinitionName)

    def delete_data_quality_job_definition(
        self, JobDefinitionName: str, **_: Any
    ) -> dict[str, JSON]:
        """DeleteDataQualityJobDefinition."""
        return self._delete_definition("DataQuality", JobDefinitionName)

    def list_data_quality_job_definitions(self, **kwargs: Any) -> dict[str, JSON]:
        """ListDataQualityJobDefinitions."""
        return self._list_definitions("DataQuality", kwargs)

    # -- model quality --------------------------------------------------------------------

    def create_model_quality_job_definition(self, **request: Any) -> dict[str, JSON]:
        """CreateModelQualityJobDefinition."""
        return self._create_definition("ModelQuality", request)

    def describe_model_quality_job_definition(
        self, JobDefinitionName: str, **_: Any
    ) -> dict[str, JSON]:
        """DescribeModelQualityJobDefinition."""
        return self._describe_definition("ModelQuality", JobDefinitionName)

    def delete_model_quality_job_definition(
        self, JobDefinitionName: str, **_: Any
    ) -> dict[str, JSON]:
        """DeleteModelQualityJobDefinition."""
        return self._delete_definition("ModelQuality", JobDefinitionName)

    def list_model_quality_job_definitions(self, **kwargs: Any) -> dict[str, JSON]:
        """ListModelQualityJobDefinitions."""
        return self._list_definitions("ModelQuality", kwargs)

    # -- model bias -----------------------------------------------------------------------

    def create_model_bias_job_definition(self, **request: Any) -> dict[str, JSON]:
        """CreateModelBiasJobDefinition."""
        return self._create_definition("ModelBias", request)

    def describe_model_bias_job_definition(
        self, JobDefinitionName: str, **_: Any
    ) -> dict[str, JSON]:
        """DescribeModelBiasJobDefinition."""
        return self._describe_definition("ModelBias", JobDefinitionName)

    def delete_model_bias_job_definition(self, JobDefinitionName: str, **_: Any) -> dict[str, JSON]:
        """DeleteModelBiasJobDefinition."""
        return self._delete_definition("ModelBias", JobDefinitionName)

    def list_model_bias_job_definitions(self, **kwargs: Any) -> dict[str, JSON]:
        """ListModelBiasJobDefinitions."""
        return self._list_definitions("ModelBias", kwargs)

    # -- model explainability -------------------------------------------------------------

    def create_model_explainability_job_definition(self, **request: Any) -> dict[str, JSON]:
        """CreateModelExplainabilityJobDefinition."""
        return self._create_definition("ModelExplainability", request)

    def describe_model_explainability_job_definition(
        self, JobDefinitionName: str, **_: Any
    ) -> dict[str, JSON]:
        """DescribeModelExplainabilityJobDefinition."""
        return self._describe_definition("ModelExplainability", JobDefinitionName)

    def delete_model_explainability_job_definition(
        self, JobDefinitionName: str, **_: Any
    ) -> dict[str, JSON]:
        """DeleteModelExplainabilityJobDefinition."""
        return self._delete_definition("ModelExplainability", JobDefinitionName)

    def list_model_explainability_job_definitions(self, **kwargs: Any) -> dict[str, JSON]:
        """ListModelExplainabilityJobDefinitions."""
        return self._list_definitions("ModelExplainability", kwargs)

    # -- shared ---------------------------------------------------------------------------

    def _create_definition(self, kind: str, request: dict[str, JSON]) -> dict[str, JSON]:
        from dagmaker.api.monitoring_checks import check_definition
        from dagmaker.records.monitoring import JobDefinitionRecord

        check_shape(f"Create{kind}JobDefinitionRequest", request)
        name = str(request["JobDefinitionName"])
        stored = {k: v for k, v in request.items() if k != "Tags"}
        record = JobDefinitionRecord(
            name=name,
            monitoring_type=kind,
            arn=definition_arn(kind, name),
            request=stored,
            endpoint_name=str(
                ((stored.get(f"{kind}JobInput") or {}).get("EndpointInput") or {}).get(
                    "EndpointName"
                )
                or ""
            ),
            tags=list(request.get("Tags") or []),
        )
        check_definition(snapshot(record))
        self.services.job_definitions.create(record)
        return {"JobDefinitionArn": record.arn}

    def _describe_definition(self, kind: str, name: str) -> dict[str, JSON]:
        record = self.services.job_definitions.get(name, kind)
        return {
            "JobDefinitionArn": record.arn,
            "JobDefinitionName": record.name,
            "CreationTime": record.created_at,
            **{k: v for k, v in record.request.items() if k != "JobDefinitionName"},
        }

    def _delete_definition(self, kind: str, name: str) -> dict[str, JSON]:
        self.services.job_definitions.get(name, kind)
        users = [
            s.name
            for s in self.services.schedules.list()
            if s.config.get("MonitoringJobDefinitionName") == name
        ]
        if users:
            raise Conflict(
                f"job definition {name!r} is used by monitoring schedule(s) "
                f"{', '.join(users)}; delete or update those first",
                field="JobDefinitionName",
                value=name,
            )
        self.services.job_definitions.delete(name, kind)
        return {}

    def _list_definitions(self, kind: str, kwargs: dict[str, JSON]) -> dict[str, JSON]:
        from dagmaker.api.monitoring_filters import EPOCH, within

        records = self.services.job_definitions.list(kind)
        part = str(kwargs.get("NameContains") or "").lower()
        endpoint = kwargs.get("EndpointName")
        before, after = kwargs.get("CreationTimeBefore"), kwargs.get("CreationTimeAfter")
        chosen = [
            r
            for r in records
            if part in r.name.lower()
            and (not endpoint or r.endpoint_name == endpoint)
            and within(r.created_at, after, before)
        ]
        by_name = kwargs.get("SortBy") == "Name"
        chosen.sort(key=lambda r: r.name if by_name else (r.created_at or EPOCH, r.name))
        if kwargs.get("SortOrder", "Descending") == "Descending":
            chosen.reverse()
        summaries = [
            {
                "MonitoringJobDefinitionName": r.name,
                "MonitoringJobDefinitionArn": r.arn,
                "CreationTime": r.created_at,
                "EndpointName": r.endpoint_name,
            }
            for r in chosen
        ]
        listed, token = page(summaries, kwargs.get("MaxResults"), kwargs.get("NextToken"))
        result: dict[str, JSON] = {"JobDefinitionSummaries": listed}
        if token:
            result["NextToken"] = token
        return result
