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
job's progress in its document (`automl_progress`), so that a restarted engine keeps
finished candidates and re-attaches to running ones.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from datetime import UTC, datetime
from typing import Any

from dagmaker.engine.ports import StepResult, StepStopped, StepWork
from dagmaker.errors import DagmakerError, JobFailure, NotFound
from dagmaker.records.records import JobRecord
from dagmaker.records.statuses import FailureKind, JobStatus
from dagmaker.runners import automl_requests as requests
from dagmaker.runners.automl_children import Child, Handles, run_child, start_child
from dagmaker.runners.automl_config import AutoMLConfig, parse_request
from dagmaker.runners.automl_describe import CandidateState, artifact_locations
from dagmaker.runners.automl_progress import ANALYSIS_KEYS, Progress
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
MAX_PARALLEL = 2
POLL_SECONDS = 0.2
# Splits, folds, proposals and models are seeded with it: the same data and request give
# the same candidates.
SEED = 20240501
RUNTIME_REACHED = "MaxAutoMLJobRuntimeReached"


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
        self.request: dict[str, Any] = dict(work.arguments, AutoMLJobName=work.job_name)
        self.name = work.job_name
        arn = job_arn("automl-job", self.name)
        split = requests.child_name(self.name, "split")
        self.progress = Progress(self.name, arn, now(), split)
        self.handles = Handles(work, arn, KIND)
        self.children: dict[int, Child] = {}
        self.wake = threading.Event()
        self.log_file = log_dir(ctx.jobs_root, self.name) / "stdout.log"
        self._config: AutoMLConfig | None = None
        self._search: CandidateSearch | None = None

    @property
    def config(self) -> AutoMLConfig:
        assert self._config is not None, "parsed in _setup"
        return self._config

    @property
    def search(self) -> CandidateSearch:
        assert self._search is not None, "made in _run_search"
        return self._search

    @property
    def layout(self) -> requests.Layout:
        return requests.Layout(self.config.output_path, self.name)

    @property
    def objective(self) -> objectives.Objective:
        return self.progress.objective(self.config)

    def execute(self) -> StepResult:
        try:
            self._setup()
            self._analyse()
            if self.config.definitions_only:
                self.progress.secondary = "CandidateDefinitionsGenerated"
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
        properties = self.progress.properties(self.request, self.config)
        return StepResult(properties, {"AutoMLJob": {"Arn": self.progress.arn}})

    # -- setting up -----------------------------------------------------------------------

    def _setup(self) -> None:
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._config = parse_request(self.request)
        except DagmakerError as error:
            raise JobFailure(f"ClientError: {error.message}") from None
        if self.work.reattach:
            with contextlib.suppress(NotFound):
                self.progress.restore(self.ctx.jobs.get(self.name, KIND).describe)
                count = len(self.progress.candidates)
                self._log(f"Resumed after an engine restart with {count} candidate(s)")
        self._record()
        self._log(
            f"AutoML job {self.name}: {self.config.mode} mode, up to "
            f"{self.config.max_candidates} candidates, target {self.config.target!r}"
        )

    # -- 1. analysing and splitting the data ------------------------------------------------

    def _analyse(self) -> None:
        if self.progress.data:
            return
        self.progress.secondary = "AnalyzingData"
        self._record()
        name = self.progress.split_name
        request = requests.split_request(self.config, self.layout, name, SEED)
        child = Child(name, "Processing", request, cancel=self.work.cancel)
        child.handle = self.handles.previous(name)
        self._log(f"Analysing the data ({name})")
        self._run_blocking(child)
        if child.status != "Completed":
            raise JobFailure(f"ClientError: the data analysis failed: {child.failure_reason}")
        schema = json.loads(
            self.ctx.artifacts.read_bytes(f"{self.layout.split('schema')}/schema.json")
        )
        self.progress.data = {key: schema[key] for key in ANALYSIS_KEYS}
        self._check_objective()
        self._log(
            f"{schema['problem_type']} on {schema['rows']} training rows, "
            f"{len(schema['features'])} features; {schema['folds']} fold(s), "
            f"{schema['validation_rows']} held-out rows; objective {self.objective.name}"
        )
        self._record()

    def _check_objective(self) -> None:
        given = self.config.objective
        problem = objectives.objective_problem(given, self.progress.problem_type) if given else ""
        if problem:
            raise JobFailure(
                f"ClientError: AutoMLJobObjective {given} does not fit the data's problem type "
                f"{self.progress.problem_type}: {problem}"
            )

    def _run_blocking(self, child: Child) -> None:
        run_child(self.ctx, self.work, child, self.handles.launched)
        self.handles.forget(child.name)
        if child.status == "Stopped":
            raise StepStopped()

    # -- 2. the candidates ------------------------------------------------------------------

    def _run_search(self) -> None:
        ensembling = self.config.mode == "ENSEMBLING"
        self.progress.secondary = "TrainingModels" if ensembling else "ModelTuning"
        plan = SearchPlan(
            algorithms=self.config.algorithms,
            maximize=self.objective.maximize,
            max_candidates=self.config.max_candidates,
            max_parallel=MAX_PARALLEL,
            deadline=self.config.max_job_runtime,
            ensemble=ensembling and int(self.progress.data["folds"]) > 1,
            seed=SEED,
        )
        self._search = CandidateSearch.rebuild(plan, self._replayed())
        self._reattach_running()
        began = time.monotonic() - self._elapsed_before()
        while True:
            self._collect()
            if self.work.cancel.is_set():
                self._stop_children()
                raise StepStopped()
            for decision in self.search.decide(time.monotonic() - began):
                if self._act(decision):
                    return
            self.wake.wait(POLL_SECONDS)
            self.wake.clear()

    def _replayed(self) -> list[Started | Ended]:
        """The search's events, from the candidates of an earlier run of this job."""
        events: list[Started | Ended] = []
        candidates = self.progress.candidates
        by_name = {c.name: c.index for c in candidates.values()}
        for index in sorted(candidates):
            candidate = candidates[index]
            members = tuple(by_name[m] for m in candidate.members)
            events.append(Started(index, candidate.algorithm, candidate.params, members))
            if candidate.status != "InProgress":
                events.append(Ended(index, candidate.metrics.get(self.objective.name)))
        return events

    def _elapsed_before(self) -> float:
        if not self.progress.candidates:
            return 0.0
        started = datetime.fromisoformat(self.progress.created)
        return max(0.0, (datetime.now(UTC) - started).total_seconds())

    def _reattach_running(self) -> None:
        for candidate in self.progress.candidates.values():
            if candidate.status != "InProgress":
                continue
            handle = self.handles.previous(candidate.name)
            if handle is None:
                reason = "InternalServerError: the engine stopped before the job was launched"
                self.progress.settle(candidate, "Failed", reason, [], self.objective)
                self.search.apply(Ended(candidate.index, None))
                continue
            child = self._child_of(candidate)
            child.handle = handle
            self.children[candidate.index] = child
            start_child(self.ctx, self.work, child, self.handles.launched, self.wake)
            self._log(f"Candidate {candidate.index} ({candidate.name}) re-attached")

    def _act(self, decision: Decision) -> bool:
        """Carry out a decision; True when the search is over."""
        if isinstance(decision, Launch):
            self._start(decision.index, decision.algorithm, decision.params, ())
        elif isinstance(decision, BuildEnsemble):
            names = tuple(self.progress.candidates[i].name for i in decision.members)
            self._log(f"Weighing the best candidates into an ensemble: {', '.join(names)}")
            self._start(decision.index, "ensemble", {}, names)
        elif isinstance(decision, StopRunning):
            self._log(f"Stopping the running candidates: {decision.reason}")
            for child in self.children.values():
                child.cancel.set()
        elif isinstance(decision, Finish):
            self._conclude(decision)
            return True
        return False

    def _start(
        self, index: int, algorithm: str, params: dict[str, Any], members: tuple[str, ...]
    ) -> None:
        name = requests.candidate_name(self.name, index)
        candidate = CandidateState(index, name, algorithm, created=now(), members=members)
        candidate.params = dict(params)
        self.progress.candidates[index] = candidate
        child = self._child_of(candidate)
        self.children[index] = child
        self._record()  # known before it runs: a restarted engine must not train it again
        start_child(self.ctx, self.work, child, self.handles.launched, self.wake)
        shown = ", ".join(f"{k}={v:.4g}" for k, v in params.items()) or ", ".join(members)
        self._log(f"Candidate {index} ({name}) started: {algorithm} {shown}")

    def _child_of(self, candidate: CandidateState) -> Child:
        if candidate.members:
            settings = {"automl_job": "ensemble", "members": ",".join(candidate.members)}
        else:
            settings = space.hyperparameters(candidate.algorithm, candidate.params)
        settings.update(
            {
                "seed": str(SEED),
                "objective": self.objective.name,
                "target": self.config.target,
                "problem_type": self.progress.problem_type,
                "folds": str(self.progress.data["folds"]),
            }
        )
        request = requests.candidate_request(
            self.config,
            self.layout,
            candidate.name,
            settings,
            self.progress.problem_type,
            held_out=self.progress.held_out,
        )
        return Child(candidate.name, "Training", request)

    def _collect(self) -> None:
        for index, child in list(self.children.items()):
            if child.thread is None or child.thread.is_alive():
                continue
            del self.children[index]
            self.handles.forget(child.name)
            self._settle(self.progress.candidates[index], child)
            self._record()

    def _settle(self, candidate: CandidateState, child: Child) -> None:
        split = self.progress.split_name
        candidate.steps = [
            ("AWS::SageMaker::ProcessingJob", job_arn("processing-job", split), split),
            (child.step_type, job_arn("training-job", child.name), child.name),
        ]
        metrics = child.describe.get("FinalMetricDataList") or []
        value = self.progress.settle(
            candidate, child.status, child.failure_reason, metrics, self.objective
        )
        self.search.apply(Ended(candidate.index, value))
        outcome = f"{self.objective.name}={value:.6g}" if value is not None else ""
        self._log(
            f"Candidate {candidate.index} ({candidate.name}) {candidate.status.lower()}: "
            f"{outcome or candidate.failure_reason}"
        )

    def _conclude(self, decision: Finish) -> None:
        candidates = self.progress.candidates
        if decision.best is None:
            failures = [c for c in candidates.values() if c.failure_reason]
            first = f"; the first failure ({failures[0].name}): " if failures else ""
            first += failures[0].failure_reason if failures else ""
            raise JobFailure(
                f"ClientError: none of the {len(candidates)} candidates completed{first}"
            )
        self.progress.best = decision.best
        if decision.reason == RUNTIME_REACHED:
            self.progress.secondary = RUNTIME_REACHED
        best = candidates[decision.best]
        self._log(
            f"Best candidate: {best.name} ({best.algorithm}), "
            f"{self.objective.name}={best.metrics.get(self.objective.name)}"
        )

    # -- 3. the reports ---------------------------------------------------------------------

    def _report(self) -> None:
        assert self.progress.best is not None
        best = self.progress.candidates[self.progress.best]
        if self.progress.secondary != RUNTIME_REACHED:
            self.progress.secondary = "GeneratingModelInsightsReport"
        self._record()
        name = requests.child_name(self.name, "reports")
        request = requests.reports_request(
            self.config, self.layout, name, best.name, self.progress.held_out, SEED
        )
        child = Child(name, "Processing", request, cancel=self.work.cancel)
        self._log(f"Writing the reports of {best.name} ({name})")
        self._run_blocking(child)
        if child.status == "Completed":
            self.progress.artifacts = artifact_locations(self.layout, best.name)
            return
        failure = f"the reports of {best.name} failed: {child.failure_reason}"
        self.progress.partial_failures.append(failure)
        self.progress.secondary = "ModelInsightsError"
        self._log(failure)

    # -- ending, recording, logging ---------------------------------------------------------

    def _stop_children(self) -> None:
        for child in self.children.values():
            child.cancel.set()
        for child in self.children.values():
            if child.thread is not None:
                child.thread.join()
        with contextlib.suppress(Exception):  # already failing; the first error matters
            self._collect()

    def _finish(self, status: JobStatus, reason: str) -> None:
        progress = self.progress
        progress.status = status
        progress.failure_reason = reason if status == JobStatus.FAILED else ""
        if status != JobStatus.COMPLETED:
            progress.secondary = status.value
        elif progress.secondary.startswith("Generating"):
            progress.secondary = "Completed"
        progress.ended = now()
        if self._config is not None:
            self._record()
        self._log(f"AutoML job {status.value.lower()}" + (f": {reason}" if reason else ""))

    def _record(self) -> None:
        self.ctx.jobs.put(
            JobRecord(
                name=self.name,
                kind=KIND,
                arn=self.progress.arn,
                status=self.progress.status,
                describe=self.progress.document(self.request, self.config),
                execution_arn=self.work.execution.arn,
                step_name=self.work.step.name,
            )
        )

    def _log(self, message: str) -> None:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
        with self.log_file.open("a", encoding="utf-8") as handle:
            handle.write(f"[{stamp}] {message}\n")
