"""AutoML methods of the local client (boto3 names and shapes).

``create_auto_ml_job`` and ``create_auto_ml_job_v2`` check the request and start the
job like any job started on its own (`dagmaker.api.jobs`); the describe, list and stop
methods read the job's document (`dagmaker.runners.automl_describe`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dagmaker.api.listing import page, timestamps
from dagmaker.api.services import Services
from dagmaker.errors import InvalidRequest
from dagmaker.records.records import JobRecord

JSON = Any
KIND = "AutoML"
_JOB_SORT_KEYS = {
    "Name": "AutoMLJobName",
    "Status": "AutoMLJobStatus",
    "CreationTime": "CreationTime",
}
_TIME_FILTERS = (
    ("CreationTimeAfter", "CreationTime", 1),
    ("CreationTimeBefore", "CreationTime", -1),
    ("LastModifiedTimeAfter", "LastModifiedTime", 1),
    ("LastModifiedTimeBefore", "LastModifiedTime", -1),
)


class AutoMLMethods:
    """Mixed into the client: AutoML jobs (``automl.fit()``, ``AutoMLStep``)."""

    services: Services

    def create_auto_ml_job(self, AutoMLJobName: str, **request: Any) -> dict[str, JSON]:
        """CreateAutoMLJob: check the request, run the job in the background.

        Raises:
            InvalidRequest: naming the invalid field of the request.
        """
        from dagmaker.runners.automl_config import check_name, parse_request

        full = {"AutoMLJobName": AutoMLJobName, **request}
        check_name(AutoMLJobName)
        parse_request(full)
        return {"AutoMLJobArn": self._start_job(KIND, full)}  # type: ignore[attr-defined]

    def create_auto_ml_job_v2(self, AutoMLJobName: str, **request: Any) -> dict[str, JSON]:
        """CreateAutoMLJobV2 (tabular problems): as ``create_auto_ml_job``.

        Raises:
            InvalidRequest: naming the invalid field of the request.
        """
        from dagmaker.runners.automl_config import check_name, parse_request

        full = {"AutoMLJobName": AutoMLJobName, **request}
        if "AutoMLProblemTypeConfig" not in full:
            raise InvalidRequest(
                "AutoMLProblemTypeConfig is required", field="AutoMLProblemTypeConfig"
            )
        check_name(AutoMLJobName)
        parse_request(full)
        return {"AutoMLJobArn": self._start_job(KIND, full)}  # type: ignore[attr-defined]

    def describe_auto_ml_job(self, AutoMLJobName: str, **_: Any) -> dict[str, JSON]:
        """DescribeAutoMLJob (accepts a name or an ARN)."""
        from dagmaker.runners.automl_describe import describe_v1

        described: dict[str, JSON] = timestamps(describe_v1(self._automl_document(AutoMLJobName)))
        return described

    def describe_auto_ml_job_v2(self, AutoMLJobName: str, **_: Any) -> dict[str, JSON]:
        """DescribeAutoMLJobV2 (accepts a name or an ARN)."""
        from dagmaker.runners.automl_describe import describe_v2

        described: dict[str, JSON] = timestamps(describe_v2(self._automl_document(AutoMLJobName)))
        return described

    def list_candidates_for_auto_ml_job(self, AutoMLJobName: str, **kwargs: Any) -> dict[str, JSON]:
        """ListCandidatesForAutoMLJob: StatusEquals, CandidateNameEquals, sorting, paging."""
        from dagmaker.runners.automl_describe import CANDIDATES, sorted_candidates

        candidates = list(self._automl_document(AutoMLJobName).get(CANDIDATES) or [])
        status = kwargs.get("StatusEquals")
        name = kwargs.get("CandidateNameEquals")
        selected = [
            c
            for c in candidates
            if (not status or c.get("CandidateStatus") == status)
            and (not name or c.get("CandidateName") == name)
        ]
        descending = kwargs.get("SortOrder") == "Descending"
        ordered = sorted_candidates(selected, str(kwargs.get("SortBy") or ""), descending)
        listed, token = page(ordered, kwargs.get("MaxResults"), kwargs.get("NextToken"))
        result: dict[str, JSON] = {"Candidates": listed}
        if token:
            result["NextToken"] = token
        return result

    def list_auto_ml_jobs(self, **kwargs: Any) -> dict[str, JSON]:
        """ListAutoMLJobs: name, status and time filters, sorting, paging."""
        from dagmaker.runners.automl_describe import summary

        documents = [self._with_defaults(r) for r in self.services.jobs.list(KIND, 10_000)]
        part = str(kwargs.get("NameContains") or "").lower()
        status = kwargs.get("StatusEquals")
        selected = [
            summary(d)
            for d in documents
            if part in d["AutoMLJobName"].lower()
            and (not status or d["AutoMLJobStatus"] == status)
            and _within_times(d, kwargs)
        ]
        key = _JOB_SORT_KEYS.get(str(kwargs.get("SortBy") or "Name"), "AutoMLJobName")
        descending = kwargs.get("SortOrder", "Ascending") == "Descending"
        selected.sort(key=lambda s: str(s.get(key) or ""), reverse=descending)
        listed, token = page(selected, kwargs.get("MaxResults"), kwargs.get("NextToken"))
        result: dict[str, JSON] = {"AutoMLJobSummaries": listed}
        if token:
            result["NextToken"] = token
        return result

    def stop_auto_ml_job(self, AutoMLJobName: str, **_: Any) -> dict[str, JSON]:
        """StopAutoMLJob: stops its running jobs too."""
        from dagmaker.api import jobs

        jobs.stop_job(self.services, KIND, AutoMLJobName)
        return {}

    def _automl_document(self, name: str) -> dict[str, JSON]:
        return self._with_defaults(self.services.jobs.get(name, KIND))

    def _with_defaults(self, record: JobRecord) -> dict[str, JSON]:
        """The job's document, with the fields a just-started job has not written yet."""
        from dagmaker.runners.automl_progress import STATE
        from dagmaker.runners.describe import job_arn

        document = {k: v for k, v in record.describe.items() if k != STATE}
        created = record.created_at.isoformat() if record.created_at else None
        document.setdefault("AutoMLJobName", record.name)
        document.setdefault("AutoMLJobArn", job_arn("automl-job", record.name))
        document["AutoMLJobStatus"] = record.status.value
        document.setdefault("AutoMLJobSecondaryStatus", "Starting")
        document.setdefault("CreationTime", created)
        document.setdefault("LastModifiedTime", document.get("CreationTime"))
        return document


def _within_times(document: dict[str, JSON], kwargs: dict[str, Any]) -> bool:
    for argument, field, sign in _TIME_FILTERS:
        bound = kwargs.get(argument)
        value = document.get(field)
        if bound is None or value is None:
            continue
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        limit = datetime.fromisoformat(bound) if isinstance(bound, str) else bound
        if (moment - limit).total_seconds() * sign <= 0:
            return False
    return True
