"""AutoML steps and jobs (CreateAutoMLJob, CreateAutoMLJobV2 → DescribeAutoMLJob).

An AutoML job runs real jobs of dagmaker's AutoML image, one after the other:

1. a processing job analyses the data (problem type, features, classes) and splits it
   (`automl_requests.split_request`);
2. candidates, each a training job of a preprocessing + model pipeline, up to
   ``MaxCandidates`` of them, ``MAX_PARALLEL`` at a time, proposed by the search
   (`automl_search`) from how the earlier ones scored; in ENSEMBLING mode a last
   training job weighs the best into an ensemble, itself a candidate;
3. a processing job writes the best candidate's reports (model insights and
   explainability).

The step's properties are DescribeAutoMLJob's, plus ``BestCandidateProperties`` with
the two reports' paths. Running jobs' handles are recorded with ``JobLaunched``, and the
job's progress in its document, so that a restarted engine keeps finished candidates
and re-attaches to running ones.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from dagmaker.engine.ports import StepResult, StepStopped, StepWork
from dagmaker.errors import DagmakerError, JobFailure, NotFound
from dagmaker.records import events as ev
from dagmaker.records.records import JobRecord
from dagmaker.records.statuses import FailureKind, JobStatus
from dagmaker.runners import automl_requests as requests
from dagmaker.runners.automl_children import Child, run_child, start_child
from dagmaker.runners.automl_config import AutoMLConfig, parse_request
from dagmaker.runners.automl_describe import (
    CANDIDATES,
    REPORT_PATHS,
    CandidateState,
    artifact_locations,
    candidate_document,
    describe_v1,
    inference_containers,
    report_paths,
)
from dagmaker.runners.automl_search import (
    BuildEnsemble,
    CandidateSearch,
    Decision,
    Ended,
    Finish,
    Launch,
    SearchPlan,
    Started,
    StopRunning,
)
from dagmaker.runners.builtin.automl import objectives, space
from dagmaker.runners.context import RunnerContext
from dagmaker.runners.describe import job_arn, now
from dagmaker.runners.workspace import log_dir

KIND = "AutoML"
STATE = "DagmakerState"
MAX_PARALLEL = 2
POLL_SECONDS = 0.2
DAY = 24 * 60 * 60
# Splits, folds, proposals and models are seeded with it: the same data and request give
# the same candidates.
SEED = 20240501


class AutoMLRunner:
    """Runs a CreateAutoMLJob(V2) request: a search over real training jobs."""

    def __init__(self, context: RunnerContext) -> None:
        self.ctx = context

    def run(self, work: StepWork) -> StepResult:
        """Run the AutoML job to the end; return its DescribeAutoMLJob document."""
        return _AutoMLJob(self.ctx, work).execute()


class _AutoMLJob:
    """One run of one AutoML job."""

    def __init__(self, ctx: RunnerContext, work: StepWork) -> None:
        self.ctx = ctx
        self.work = work
        self.request: dict[str, Any] = dict(work.arguments)
        self.name = work.job_name
        self.request["AutoMLJobName"] = self.name
        self.arn = job_arn("automl-job", self.name)
        self.seed = SEED
        self.created = now()
        self.ended: str | None = None
        self.status = JobStatus.IN_PROGRESS
        self.secondary = "Starting"
        self.failure_reason = ""
        self.partial_failures: list[str] = []
        self.data: dict[str, Any] = {}
        self.candidates: dict[int, CandidateState] = {}
        self.children: dict[int, Child] = {}
        self.handles: dict[str, dict[str, Any]] = {}
        self.best: int | None = None
        self.artifacts: dict[str, str] | None = None
        self.split_name = requests.child_name(self.name, "split")
        self.lock = threading.Lock()
        self.wake = threading.Event()
        self.log_file = log_dir(ctx.jobs_root, self.name) / "stdout.log"
        self._config: AutoMLConfig | None = None
        self._search: CandidateSearch | None = None

    @property
    def config(self) -> AutoMLConfig:
        assert self._config is not None, "parsed in _setup"
        return self._config

    @property
    def layout(self) -> requests.Layout:
        return requests.Layout(self.config.output_path, self.name)

    @property
    def objective(self) -> objectives.Objective:
        problem = str(self.data["problem_type"])
        return objectives.Objective(
            self.config.objective or objectives.DEFAULT_OBJECTIVE[problem], problem
        )

    def execute(self) -> StepResult:
        try:
            self._setup()
            self._analyse()
            if self.config.definitions_only:
                self.secondary = "CandidateDefinitionsGenerated"
            else:
                self._run_search()
                self._report()
        except StepStopped:
            self._stop_children()
            self._finish(JobStatus.STOPPED, "")
            raise
        except DagmakerError as error:
            self._stop_children()
            self._finish(JobStatus.FAILED, error.message)
            raise JobFailure(error.message, kind=getattr(error, "kind", "")) from None
        except Exception as error:
            self._stop_children()
            reason = f"InternalServerError: dagmaker failed while running AutoML: {error!r}"
            self._finish(JobStatus.FAILED, reason)
            raise JobFailure(reason, kind=FailureKind.JOB_INTERNAL_ERROR) from error
        self._finish(JobStatus.COMPLETED, "")
        return StepResult(self._properties(), {"AutoMLJob": {"Arn": self.arn}})

    # -- setting up -----------------------------------------------------------------------

    def _setup(self) -> None:
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._config = parse_request(self.request)
        except DagmakerError as error:
            raise JobFailure(f"ClientError: {error.message}") from None
        self._resume()
        self._record()
        self._log(
            f"AutoML job {self.name}: {self.config.mode} mode, up to "
            f"{self.config.max_candidates} candidates, target {self.config.target!r}"
        )

    def _resume(self) -> None:
        """Take over what an earlier run of this job (before an engine restart) did."""
        if not self.work.reattach:
            return
        with contextlib.suppress(NotFound):
            previous = self.ctx.jobs.get(self.name, KIND).describe
            self.created = str(previous.get("CreationTime") or self.created)
            state = previous.get(STATE) or {}
            self.split_name = str(state.get("split") or self.split_name)
            self.data = dict(state.get("data") or {})
            for item in state.get("candidates") or []:
                candidate = CandidateState(**{**item, "members": tuple(item.get("members") or ())})
                candidate.steps = [(str(k), str(a), str(n)) for k, a, n in item.get("steps") or []]
                self.candidates[candidate.index] = candidate
            self._log(f"Resumed after an engine restart with {len(self.candidates)} candidate(s)")

    # -- 1. analysing and splitting the data ------------------------------------------------

    def _analyse(self) -> None:
        if self.data:
            return
        self.secondary = "AnalyzingData"
        self._record()
        request = requests.split_request(self.config, self.layout, self.split_name, self.seed)
        child = Child(self.split_name, "Processing", request, cancel=self.work.cancel)
        child.handle = self._handle_of(self.split_name)
        self._log(f"Analysing the data ({self.split_name})")
        run_child(self.ctx, self.work, child, self._launched)
        self._forget(child.name)
        if child.status == "Stopped":
            raise StepStopped()
        if child.status != "Completed":
            raise JobFailure(f"ClientError: the data analysis failed: {child.failure_reason}")
        schema = json.loads(
            self.ctx.artifacts.read_bytes(f"{self.layout.split('schema')}/schema.json")
        )
        self.data = {
            key: schema[key]
            for key in ("problem_type", "labels", "folds", "validation_rows", "rows", "features")
        }
        self._check_objective()
        self._log(
            f"{schema['problem_type']} on {schema['rows']} training rows, "
            f"{len(schema['features'])} features; {schema['folds']} fold(s), "
            f"{schema['validation_rows']} held-out rows; objective {self.objective.name}"
        )
        self._record()

    def _check_objective(self) -> None:
        problem = str(self.data["problem_type"])
        given = self.config.objective
        if given and objectives.objective_problem(given, problem):
            raise JobFailure(
                f"ClientError: AutoMLJobObjective {given} does not fit the data's problem type "
                f"{problem}: {objectives.objective_problem(given, problem)}"
            )

    # -- 2. the candidates ------------------------------------------------------------------

    def _run_search(self) -> None:
        self.secondary = "TrainingModels" if self.config.mode == "ENSEMBLING" else "ModelTuning"
        plan = SearchPlan(
            algorithms=self.config.algorithms,
            maximize=self.objective.maximize,
            max_candidates=self.config.max_candidates,
            max_parallel=MAX_PARALLEL,
            deadline=self.config.max_job_runtime,
            ensemble=self.config.mode == "ENSEMBLING" and int(self.data["folds"]) > 1,
            seed=self.seed,
        )
        self._search = CandidateSearch.rebuild(plan, self._replayed())
        self._reattach_running()
        began = time.monotonic() - self._elapsed_before()
        while True:
            self._collect()
            if self.work.cancel.is_set():
                self._stop_children()
                raise StepStopped()
            for decision in self._search.decide(time.monotonic() - began):
                if self._act(decision):
                    return
            self.wake.wait(POLL_SECONDS)
            self.wake.clear()

    def _replayed(self) -> list[Started | Ended]:
        events: list[Started | Ended] = []
        by_name = {c.name: c.index for c in self.candidates.values()}
        for candidate in sorted(self.candidates.values(), key=lambda c: c.index):
            members = tuple(by_name[m] for m in candidate.members)
            events.append(Started(candidate.index, candidate.algorithm, candidate.params, members))
            if candidate.status != "InProgress":
                events.append(Ended(candidate.index, candidate.metrics.get(self.objective.name)))
        return events

    def _elapsed_before(self) -> float:
        started = datetime.fromisoformat(self.created)
        return max(0.0, (datetime.now(UTC) - started).total_seconds()) if self.candidates else 0.0

    def _reattach_running(self) -> None:
        for candidate in self.candidates.values():
            if candidate.status != "InProgress":
                continue
            handle = self._handle_of(candidate.name)
            if handle is None:
                self._settle_without_job(candidate)
                continue
            child = self._child_of(candidate)
            child.handle = handle
            self.children[candidate.index] = child
            start_child(self.ctx, self.work, child, self._launched, self.wake)
            self._log(f"Candidate {candidate.index} ({candidate.name}) re-attached")

    def _settle_without_job(self, candidate: CandidateState) -> None:
        candidate.status = "Failed"
        candidate.ended = now()
        candidate.failure_reason = (
            "InternalServerError: the engine stopped before this candidate's job was launched"
        )
        assert self._search is not None
        self._search.apply(Ended(candidate.index, None))

    def _act(self, decision: Decision) -> bool:
        """Carry out a decision; True when the search is over."""
        if isinstance(decision, Launch):
            hyperparameters = space.hyperparameters(decision.algorithm, decision.params)
            self._start(decision.index, decision.algorithm, decision.params, (), hyperparameters)
        elif isinstance(decision, BuildEnsemble):
            self._start_ensemble(decision)
        elif isinstance(decision, StopRunning):
            self._log(f"Stopping the running candidates: {decision.reason}")
            for child in self.children.values():
                child.cancel.set()
        elif isinstance(decision, Finish):
            self._conclude(decision)
            return True
        return False

    def _start_ensemble(self, decision: BuildEnsemble) -> None:
        names = tuple(self.candidates[i].name for i in decision.members)
        hyperparameters = {"automl_job": "ensemble", "members": ",".join(names)}
        self._log(f"Weighing the best candidates into an ensemble: {', '.join(names)}")
        self._start(decision.index, "ensemble", {}, names, hyperparameters)

    def _start(
        self,
        index: int,
        algorithm: str,
        params: dict[str, Any],
        members: tuple[str, ...],
        hyperparameters: dict[str, str],
    ) -> None:
        name = requests.candidate_name(self.name, index)
        candidate = CandidateState(index, name, algorithm, created=now(), members=members)
        candidate.params = dict(params)
        self.candidates[index] = candidate
        child = self._child_of(candidate, hyperparameters)
        self.children[index] = child
        self._record()  # known before it runs: a restarted engine must not train it again
        start_child(self.ctx, self.work, child, self._launched, self.wake)
        shown = ", ".join(f"{k}={v:.4g}" for k, v in params.items()) or ", ".join(members)
        self._log(f"Candidate {index} ({name}) started: {algorithm} {shown}")

    def _child_of(
        self, candidate: CandidateState, hyperparameters: dict[str, str] | None = None
    ) -> Child:
        settings = hyperparameters or (
            {"automl_job": "ensemble", "members": ",".join(candidate.members)}
            if candidate.members
            else space.hyperparameters(candidate.algorithm, candidate.params)
        )
        settings = {
            **settings,
            "seed": str(self.seed),
            "objective": self.objective.name,
            "target": self.config.target,
            "problem_type": str(self.data["problem_type"]),
            "folds": str(self.data["folds"]),
        }
        request = requests.candidate_request(
            self.config,
            self.layout,
            candidate.name,
            settings,
            str(self.data["problem_type"]),
            held_out=int(self.data["validation_rows"]) > 0,
        )
        return Child(candidate.name, "Training", request)

    def _collect(self) -> None:
        for index, child in list(self.children.items()):
            if child.thread is None or child.thread.is_alive():
                continue
            del self.children[index]
            self._forget(child.name)
            self._settle(self.candidates[index], child)
            self._record()

    def _settle(self, candidate: CandidateState, child: Child) -> None:
        candidate.ended = now()
        candidate.status = child.status
        candidate.failure_reason = child.failure_reason
        candidate.steps = [
            (
                "AWS::SageMaker::ProcessingJob",
                job_arn("processing-job", self.split_name),
                self.split_name,
            ),
            (child.step_type, job_arn("training-job", child.name), child.name),
        ]
        reported = {
            m["MetricName"]: m["Value"] for m in child.describe.get("FinalMetricDataList", [])
        }
        candidate.metrics = {
            metric: float(reported[objectives.log_name(metric)])
            for metric in objectives.METRICS[str(self.data["problem_type"])]
            if objectives.log_name(metric) in reported
        }
        value = candidate.metrics.get(self.objective.name)
        if candidate.status == "Completed" and value is None:
            candidate.status = "Failed"
            candidate.failure_reason = f"the candidate reported no {self.objective.metric_name}"
        assert self._search is not None
        self._search.apply(
            Ended(candidate.index, value if candidate.status == "Completed" else None)
        )
        outcome = (
            f"{self.objective.name}={value:.6g}" if value is not None else candidate.failure_reason
        )
        self._log(
            f"Candidate {candidate.index} ({candidate.name}) {candidate.status.lower()}: {outcome}"
        )

    def _conclude(self, decision: Finish) -> None:
        if decision.best is None:
            failures = [c for c in self.candidates.values() if c.failure_reason]
            first = (
                f"; the first failure ({failures[0].name}): {failures[0].failure_reason}"
                if failures
                else ""
            )
            raise JobFailure(
                f"ClientError: none of the {len(self.candidates)} candidates completed{first}"
            )
        self.best = decision.best
        if decision.reason == "MaxAutoMLJobRuntimeReached":
            self.secondary = decision.reason
        best = self.candidates[decision.best]
        self._log(
            f"Best candidate: {best.name} ({best.algorithm}), "
            f"{self.objective.name}={best.metrics.get(self.objective.name)}"
        )

    # -- 3. the reports ---------------------------------------------------------------------

    def _report(self) -> None:
        assert self.best is not None
        best = self.candidates[self.best]
        if self.secondary != "MaxAutoMLJobRuntimeReached":
            self.secondary = "GeneratingModelInsightsReport"
        self._record()
        name = requests.child_name(self.name, "reports")
        request = requests.reports_request(
            self.config,
            self.layout,
            name,
            best.name,
            held_out=int(self.data["validation_rows"]) > 0,
            seed=self.seed,
        )
        child = Child(name, "Processing", request, cancel=self.work.cancel)
        self._log(f"Writing the reports of {best.name} ({name})")
        run_child(self.ctx, self.work, child, self._launched)
        self._forget(name)
        if child.status == "Stopped":
            raise StepStopped()
        if child.status == "Completed":
            self.artifacts = artifact_locations(self.layout, best.name)
            return
        self.partial_failures.append(f"the reports of {best.name} failed: {child.failure_reason}")
        self.secondary = "ModelInsightsError"
        self._log(self.partial_failures[-1])

    # -- handles, documents, log ------------------------------------------------------------

    def _launched(self, child: Child, handle: dict[str, Any]) -> None:
        with self.lock:
            self.handles[child.name] = handle
        self._emit_handles()

    def _forget(self, name: str) -> None:
        with self.lock:
            self.handles.pop(name, None)

    def _handle_of(self, name: str) -> dict[str, Any] | None:
        children = (self.work.reattach or {}).get("children") or {}
        handle = children.get(name)
        return dict(handle) if isinstance(handle, dict) else None

    def _emit_handles(self) -> None:
        with self.lock:
            handle = {"Arn": self.arn, "children": dict(self.handles)}
            self.work.emit(
                ev.JobLaunched(
                    datetime.now(UTC),
                    step=self.work.step.name,
                    attempt=self.work.attempt,
                    job_name=self.name,
                    job_kind=KIND,
                    handle=handle,
                )
            )

    def _stop_children(self) -> None:
        for child in self.children.values():
            child.cancel.set()
        for child in self.children.values():
            if child.thread is not None:
                child.thread.join()
        with contextlib.suppress(Exception):  # already failing; the first error matters
            self._collect()

    def _candidate_documents(self) -> list[dict[str, Any]]:
        documents = []
        classification = self.data.get("problem_type") not in (None, objectives.REGRESSION)
        for candidate in sorted(self.candidates.values(), key=lambda c: c.index):
            containers = None
            if candidate.status == "Completed":
                model = self.layout.model(candidate.name)
                containers = inference_containers(
                    candidate.name, model, self.config.mode, classification
                )
            artifacts = self.artifacts if candidate.index == self.best else None
            documents.append(candidate_document(candidate, self.objective, containers, artifacts))
        return documents

    def _document(self) -> dict[str, Any]:
        document = {k: v for k, v in self.request.items() if k != "Tags"}
        document.update(
            {
                "AutoMLJobArn": self.arn,
                "AutoMLJobStatus": self.status.value,
                "AutoMLJobSecondaryStatus": self.secondary,
                "CreationTime": self.created,
                "LastModifiedTime": now(),
            }
        )
        if self.config.version == 2:
            document["AutoMLProblemTypeConfigName"] = "Tabular"
        if self.ended:
            document["EndTime"] = self.ended
        if self.failure_reason:
            document["FailureReason"] = self.failure_reason
        if self.partial_failures:
            document["PartialFailureReasons"] = [
                {"PartialFailureMessage": message} for message in self.partial_failures
            ]
        candidates = self._candidate_documents() if self.data else []
        if self.best is not None:
            document["BestCandidate"] = candidates[self._position(self.best)]
        if self.data:
            document["ResolvedAttributes"] = self._resolved()
        document[CANDIDATES] = candidates
        if self.artifacts:
            document[REPORT_PATHS] = report_paths(self.artifacts)
        document[STATE] = self._state()
        return document

    def _position(self, index: int) -> int:
        return sorted(self.candidates).index(index)

    def _resolved(self) -> dict[str, Any]:
        return {
            "AutoMLJobObjective": {"MetricName": self.objective.name},
            "ProblemType": self.data["problem_type"],
            "CompletionCriteria": {
                "MaxCandidates": self.config.max_candidates,
                "MaxRuntimePerTrainingJobInSeconds": self.config.max_runtime_per_job or DAY,
                "MaxAutoMLJobRuntimeInSeconds": self.config.max_job_runtime or 30 * DAY,
            },
        }

    def _state(self) -> dict[str, Any]:
        return {
            "split": self.split_name,
            "data": self.data,
            "candidates": [asdict(c) for c in self.candidates.values()],
        }

    def _properties(self) -> dict[str, Any]:
        document = self._document()
        properties = describe_v1(document)
        properties.pop(STATE, None)
        if REPORT_PATHS in document:
            properties[REPORT_PATHS] = document[REPORT_PATHS]
        return properties

    def _finish(self, status: JobStatus, reason: str) -> None:
        self.status = status
        self.failure_reason = reason if status == JobStatus.FAILED else ""
        if status == JobStatus.COMPLETED and self.secondary.startswith("Generating"):
            self.secondary = "Completed"
        elif status != JobStatus.COMPLETED:
            self.secondary = status.value
        self.ended = now()
        if self._config is not None:
            self._record()
        self._log(f"AutoML job {status.value.lower()}" + (f": {reason}" if reason else ""))

    def _record(self) -> None:
        self.ctx.jobs.put(
            JobRecord(
                name=self.name,
                kind=KIND,
                arn=self.arn,
                status=self.status,
                describe=self._document(),
                execution_arn=self.work.execution.arn,
                step_name=self.work.step.name,
            )
        )

    def _log(self, message: str) -> None:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
        with self.log_file.open("a", encoding="utf-8") as handle:
            handle.write(f"[{stamp}] {message}\n")
