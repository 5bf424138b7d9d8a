"""How far an AutoML job got: what its document shows, and what a restart resumes from.

``Progress`` holds the job's status, what the data analysis found, every candidate and
the best one. ``document`` renders it into the job's stored document (the create
request's fields, DescribeAutoMLJob's status fields, the candidates, and under
``DagmakerState`` what a restarted engine reads back with ``restore``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from dagmaker.records.statuses import JobStatus
from dagmaker.runners.automl_config import AutoMLConfig
from dagmaker.runners.automl_describe import (
    CANDIDATES,
    REPORT_PATHS,
    CandidateState,
    candidate_document,
    describe_v1,
    inference_containers,
    report_paths,
)
from dagmaker.runners.automl_requests import Layout
from dagmaker.runners.builtin.automl import objectives
from dagmaker.runners.describe import now

STATE = "DagmakerState"
DAY = 24 * 60 * 60
# What the runner keeps of the data analysis's schema.json.
ANALYSIS_KEYS = ("problem_type", "labels", "folds", "validation_rows", "rows", "features")


@dataclass
class Progress:
    """An AutoML job's state (see the module notes).

    Attributes:
        name: The job's name.
        arn: Its ARN.
        created: When it was created (ISO text).
        split_name: The name of its data-split job.
        status: ``AutoMLJobStatus``.
        secondary: ``AutoMLJobSecondaryStatus``.
        ended: When it ended.
        failure_reason: Why it failed.
        partial_failures: What went wrong without failing it.
        data: What the data analysis found (``ANALYSIS_KEYS``); empty before.
        candidates: Every candidate, by index.
        best: The best candidate's index, once chosen.
        artifacts: The best candidate's report locations, once written.
    """

    name: str
    arn: str
    created: str
    split_name: str
    status: JobStatus = JobStatus.IN_PROGRESS
    secondary: str = "Starting"
    ended: str | None = None
    failure_reason: str = ""
    partial_failures: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    candidates: dict[int, CandidateState] = field(default_factory=dict)
    best: int | None = None
    artifacts: dict[str, str] | None = None

    @property
    def problem_type(self) -> str:
        """The (given or inferred) problem type; known once the data is analysed."""
        return str(self.data["problem_type"])

    @property
    def held_out(self) -> bool:
        """Whether the split kept rows for validation."""
        return int(self.data.get("validation_rows") or 0) > 0

    def objective(self, config: AutoMLConfig) -> objectives.Objective:
        """The metric candidates are ranked by."""
        problem = self.problem_type
        return objectives.Objective(
            config.objective or objectives.DEFAULT_OBJECTIVE[problem], problem
        )

    def restore(self, previous: dict[str, Any]) -> None:
        """Take over the state an earlier run of the job stored in its document."""
        self.created = str(previous.get("CreationTime") or self.created)
        state = previous.get(STATE) or {}
        self.split_name = str(state.get("split") or self.split_name)
        self.data = dict(state.get("data") or {})
        for item in state.get("candidates") or []:
            candidate = CandidateState(**{**item, "members": tuple(item.get("members") or ())})
            candidate.steps = [(str(k), str(a), str(n)) for k, a, n in item.get("steps") or []]
            self.candidates[candidate.index] = candidate

    def settle(
        self,
        candidate: CandidateState,
        status: str,
        failure_reason: str,
        final_metrics: list[dict[str, Any]],
        objective: objectives.Objective,
    ) -> float | None:
        """Record how a candidate's job ended.

        Returns:
            Its objective; None unless it completed and reported it.
        """
        candidate.ended = now()
        candidate.status = status
        candidate.failure_reason = failure_reason
        reported = {m["MetricName"]: m["Value"] for m in final_metrics}
        candidate.metrics = {
            metric: float(reported[objectives.log_name(metric)])
            for metric in objectives.METRICS[self.problem_type]
            if objectives.log_name(metric) in reported
        }
        value = candidate.metrics.get(objective.name)
        if status == "Completed" and value is None:
            candidate.status = "Failed"
            candidate.failure_reason = f"the candidate reported no {objective.metric_name}"
        return value if candidate.status == "Completed" else None

    # -- the document ---------------------------------------------------------------------

    def document(self, request: dict[str, Any], config: AutoMLConfig) -> dict[str, Any]:
        """The job's stored document."""
        document = {k: v for k, v in request.items() if k != "Tags"}
        document.update(
            {
                "AutoMLJobName": self.name,
                "AutoMLJobArn": self.arn,
                "AutoMLJobStatus": self.status.value,
                "AutoMLJobSecondaryStatus": self.secondary,
                "CreationTime": self.created,
                "LastModifiedTime": now(),
            }
        )
        if config.version == 2:
            document["AutoMLProblemTypeConfigName"] = "Tabular"
        if self.ended:
            document["EndTime"] = self.ended
        if self.failure_reason:
            document["FailureReason"] = self.failure_reason
        if self.partial_failures:
            document["PartialFailureReasons"] = [
                {"PartialFailureMessage": message} for message in self.partial_failures
            ]
        candidates = self._candidate_documents(config) if self.data else []
        if self.best is not None:
            document["BestCandidate"] = candidates[sorted(self.candidates).index(self.best)]
        if self.data:
            document["ResolvedAttributes"] = self._resolved(config)
        document[CANDIDATES] = candidates
        if self.artifacts:
            document[REPORT_PATHS] = report_paths(self.artifacts)
        document[STATE] = {
            "split": self.split_name,
            "data": self.data,
            "candidates": [asdict(c) for c in self.candidates.values()],
        }
        return document

    def properties(self, request: dict[str, Any], config: AutoMLConfig) -> dict[str, Any]:
        """The step's properties: DescribeAutoMLJob plus ``BestCandidateProperties``."""
        document = self.document(request, config)
        properties = describe_v1(document)
        properties.pop(STATE, None)
        if REPORT_PATHS in document:
            properties[REPORT_PATHS] = document[REPORT_PATHS]
        return properties

    def _candidate_documents(self, config: AutoMLConfig) -> list[dict[str, Any]]:
        layout = Layout(config.output_path, self.name)
        objective = self.objective(config)
        classification = self.problem_type != objectives.REGRESSION
        documents = []
        for index in sorted(self.candidates):
            candidate = self.candidates[index]
            containers = None
            if candidate.status == "Completed":
                model = layout.model(candidate.name)
                containers = inference_containers(
                    candidate.name, model, config.mode, classification
                )
            artifacts = self.artifacts if index == self.best else None
            documents.append(candidate_document(candidate, objective, containers, artifacts))
        return documents

    def _resolved(self, config: AutoMLConfig) -> dict[str, Any]:
        return {
            "AutoMLJobObjective": {"MetricName": self.objective(config).name},
            "ProblemType": self.problem_type,
            "CompletionCriteria": {
                "MaxCandidates": config.max_candidates,
                "MaxRuntimePerTrainingJobInSeconds": config.max_runtime_per_job or DAY,
                "MaxAutoMLJobRuntimeInSeconds": config.max_job_runtime or 30 * DAY,
            },
        }
