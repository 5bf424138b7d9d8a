"""Batch transform methods of the local client (boto3 names and shapes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dagmaker.api.listing import page, timestamps
from dagmaker.api.services import Services
from dagmaker.errors import DagmakerError, InvalidRequest, NotFound

JSON = Any
KIND = "Transform"


class TransformMethods:
    """Mixed into the client: transform jobs started directly (``transformer.transform()``)."""

    services: Services
    # The client these methods are mixed into starts jobs on their own.
    _start_job: Callable[[str, dict[str, Any]], str]

    def create_transform_job(self, **request: Any) -> dict[str, JSON]:
        """CreateTransformJob: check the request, run the job in the background.

        Raises:
            InvalidRequest: for an invalid option or a model that does not exist.
        """
        from dagmaker.runners import transform_request

        try:
            transform_request.job_config(request)
        except DagmakerError as error:
            raise InvalidRequest(error.message.removeprefix("ClientError: ")) from None
        self._check_model(str(request.get("ModelName") or ""))
        return {"TransformJobArn": self._start_job(KIND, request)}

    def _check_model(self, name: str) -> None:
        models = self.services.models
        try:
            models.describe(name)
        except NotFound:
            raise InvalidRequest(
                f'Could not find model "{name}".', field="ModelName", value=name
            ) from None

    def describe_transform_job(self, TransformJobName: str, **_: Any) -> dict[str, JSON]:
        """DescribeTransformJob (accepts a name or an ARN)."""
        document: dict[str, JSON] = timestamps(
            self.services.jobs.get(TransformJobName, KIND).describe
        )
        return document

    def list_transform_jobs(self, **kwargs: Any) -> dict[str, JSON]:
        """ListTransformJobs: NameContains, StatusEquals, SortBy, SortOrder, paging."""
        from dagmaker.api import responses

        records = self.services.jobs.list(KIND, 10_000)
        summaries = [responses.job_summary(r) for r in records]
        summaries = _filtered(summaries, kwargs)
        listed, token = page(summaries, kwargs.get("MaxResults"), kwargs.get("NextToken"))
        result: dict[str, JSON] = {"TransformJobSummaries": listed}
        if token:
            result["NextToken"] = token
        return result

    def stop_transform_job(self, TransformJobName: str, **_: Any) -> dict[str, JSON]:
        """StopTransformJob."""
        from dagmaker.api import jobs

        jobs.stop_job(self.services, KIND, TransformJobName)
        return {}


def _filtered(summaries: list[dict[str, JSON]], kwargs: dict[str, Any]) -> list[dict[str, JSON]]:
    name_part = str(kwargs.get("NameContains") or "").lower()
    status = kwargs.get("StatusEquals")
    selected = [
        s
        for s in summaries
        if name_part in s["TransformJobName"].lower()
        and (not status or s["TransformJobStatus"] == status)
    ]
    key = {"Name": "TransformJobName", "Status": "TransformJobStatus"}.get(
        str(kwargs.get("SortBy") or ""), "CreationTime"
    )
    descending = kwargs.get("SortOrder", "Descending") == "Descending"
    return sorted(selected, key=lambda s: str(s.get(key) or ""), reverse=descending)
