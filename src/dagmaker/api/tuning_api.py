"""Hyperparameter tuning methods of the local client (boto3 names and shapes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dagmaker.api.listing import page, timestamps
from dagmaker.api.services import Services
from dagmaker.records.records import JobRecord

JSON = Any
KIND = "HyperParameterTuning"
_SUMMARY_TIMES = ("CreationTime", "HyperParameterTuningEndTime", "LastModifiedTime")
_SORT_KEYS = {
    "Name": "HyperParameterTuningJobName",
    "Status": "HyperParameterTuningJobStatus",
    "CreationTime": "CreationTime",
}


class TuningMethods:
    """Mixed into the client: hyperparameter tuning jobs (``tuner.fit()``)."""

    services: Services
    # The client these methods are mixed into starts jobs on their own.
    _start_job: Callable[[str, dict[str, Any]], str]

    def create_hyper_parameter_tuning_job(
        self, HyperParameterTuningJobName: str, **request: Any
    ) -> dict[str, JSON]:
        """CreateHyperParameterTuningJob: check the request, run the trials in the background.

        Raises:
            InvalidRequest: naming the invalid field of the request.
        """
        from dagmaker.runners.tuning_config import parse_request

        parse_request(request)
        full = {"HyperParameterTuningJobName": HyperParameterTuningJobName, **request}
        return {"HyperParameterTuningJobArn": self._start_job(KIND, full)}

    def describe_hyper_parameter_tuning_job(
        self, HyperParameterTuningJobName: str, **_: Any
    ) -> dict[str, JSON]:
        """DescribeHyperParameterTuningJob (accepts a name or an ARN)."""
        document = self._record(HyperParameterTuningJobName).describe
        described: dict[str, JSON] = timestamps(
            {k: v for k, v in document.items() if k != "TrainingJobSummaries"}
        )
        return described

    def list_hyper_parameter_tuning_jobs(self, **kwargs: Any) -> dict[str, JSON]:
        """ListHyperParameterTuningJobs: NameContains, StatusEquals, SortBy, SortOrder, paging."""
        summaries = [_job_summary(r) for r in self.services.jobs.list(KIND, 10_000)]
        name_part = str(kwargs.get("NameContains") or "").lower()
        status = kwargs.get("StatusEquals")
        selected = [
            s
            for s in summaries
            if name_part in s["HyperParameterTuningJobName"].lower()
            and (not status or s["HyperParameterTuningJobStatus"] == status)
        ]
        key = _SORT_KEYS.get(str(kwargs.get("SortBy") or "Name"), "HyperParameterTuningJobName")
        descending = kwargs.get("SortOrder", "Ascending") == "Descending"
        selected.sort(key=lambda s: str(s.get(key) or ""), reverse=descending)
        listed, token = page(selected, kwargs.get("MaxResults"), kwargs.get("NextToken"))
        result: dict[str, JSON] = {"HyperParameterTuningJobSummaries": listed}
        if token:
            result["NextToken"] = token
        return result

    def list_training_jobs_for_hyper_parameter_tuning_job(
        self, HyperParameterTuningJobName: str, **kwargs: Any
    ) -> dict[str, JSON]:
        """ListTrainingJobsForHyperParameterTuningJob: the trials, sorted and paged."""
        from dagmaker.runners.tuning_summary import list_summaries

        document = self._record(HyperParameterTuningJobName).describe
        summaries = list_summaries(
            list(document.get("TrainingJobSummaries") or []),
            sort_by=str(kwargs.get("SortBy") or "Name"),
            sort_order=str(kwargs.get("SortOrder") or "Ascending"),
            status=kwargs.get("StatusEquals"),
        )
        listed, token = page(summaries, kwargs.get("MaxResults"), kwargs.get("NextToken"))
        result: dict[str, JSON] = {"TrainingJobSummaries": listed}
        if token:
            result["NextToken"] = token
        return result

    def stop_hyper_parameter_tuning_job(
        self, HyperParameterTuningJobName: str, **_: Any
    ) -> dict[str, JSON]:
        """StopHyperParameterTuningJob: stops its running training jobs too."""
        from dagmaker.api import jobs

        jobs.stop_job(self.services, KIND, HyperParameterTuningJobName)
        return {}

    def _record(self, name: str) -> JobRecord:
        return self.services.jobs.get(name, KIND)


def _job_summary(record: JobRecord) -> dict[str, JSON]:
    document = record.describe
    config = document.get("HyperParameterTuningJobConfig") or {}
    summary = {
        "HyperParameterTuningJobName": record.name,
        "HyperParameterTuningJobArn": record.arn,
        "HyperParameterTuningJobStatus": record.status.value,
        "Strategy": config.get("Strategy", "Bayesian"),
        **{k: document[k] for k in _SUMMARY_TIMES if document.get(k)},
        "TrainingJobStatusCounters": document.get("TrainingJobStatusCounters") or {},
        "ObjectiveStatusCounters": document.get("ObjectiveStatusCounters") or {},
        "ResourceLimits": config.get("ResourceLimits") or {},
    }
    return summary
