"""An AutoML job's candidate search as a state machine: events in, decisions out.

``CandidateSearch`` owns which candidates exist and how they ended; it starts nothing
and never sleeps. The runner tells it what happened (`Started`, `Ended`) and asks it
what to do next, passing the seconds since the search began (`decide`): start these
candidates (`Launch`), stop the running ones (`StopRunning`), weigh the best ones into
an ensemble (`BuildEnsemble`), or finish with the best candidate (`Finish`). Replaying
the events of an earlier run (`CandidateSearch.rebuild`) gives the same state, Optuna's
knowledge included.

Proposals come from an Optuna study over the algorithms' ranges
(`dagmaker.runners.builtin.automl.space`), asked and told one candidate at a time: the
anchors first, in order, then TPE. Candidates that fail teach the study nothing but
count against ``MaxCandidates``.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Any

import optuna
from optuna.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from optuna.samplers import TPESampler
from optuna.trial import Trial, TrialState

from dagmaker.runners.builtin.automl import space

# With this many failures and no success, more candidates would fail the same way.
FAILURES_BEFORE_GIVING_UP = 3
MAX_ENSEMBLE_MEMBERS = 10
ALGORITHM = "algorithm"


@dataclass(frozen=True)
class SearchPlan:
    """What the search may do.

    Attributes:
        algorithms: The algorithms it may propose.
        maximize: Whether a larger objective is better.
        max_candidates: How many candidates to train at most (the ensemble not counted).
        max_parallel: How many to train at once.
        deadline: Seconds after which no candidate is started and running ones are
            stopped (None: no limit).
        ensemble: Whether to weigh the best candidates into an ensemble at the end.
        seed: Seeds the proposals.
    """

    algorithms: tuple[str, ...]
    maximize: bool
    max_candidates: int
    max_parallel: int
    deadline: float | None
    ensemble: bool
    seed: int


# -- events ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Started:
    """Candidate ``index`` was started with these settings (members: an ensemble's)."""

    index: int
    algorithm: str
    params: dict[str, Any]
    members: tuple[int, ...] = ()


@dataclass(frozen=True)
class Ended:
    """Candidate ``index`` ended; ``objective`` is None unless it completed."""

    index: int
    objective: float | None


# -- decisions -------------------------------------------------------------------------


@dataclass(frozen=True)
class Launch:
    """Start candidate ``index``."""

    index: int
    algorithm: str
    params: dict[str, Any]


@dataclass(frozen=True)
class StopRunning:
    """Stop every running candidate (``reason`` says why)."""

    reason: str


@dataclass(frozen=True)
class BuildEnsemble:
    """Weigh the ``members`` (best first) into candidate ``index``."""

    index: int
    members: tuple[int, ...]


@dataclass(frozen=True)
class Finish:
    """The search is over; ``best`` is None when no candidate completed."""

    best: int | None
    reason: str


Event = Started | Ended
Decision = Launch | StopRunning | BuildEnsemble | Finish


@dataclass
class _Candidate:
    algorithm: str
    params: dict[str, Any]
    members: tuple[int, ...] = ()
    ended: bool = False
    objective: float | None = None
    trial: Trial | None = None


class CandidateSearch:
    """The search's state (see the module notes).

    Attributes:
        plan: What the search may do.
        candidates: Every candidate so far, by index (1-based).
        stopping: Why no more candidates start ("" while they may).
        finished: Whether the search has decided to finish.
    """

    def __init__(self, plan: SearchPlan) -> None:
        self.plan = plan
        self.candidates: dict[int, _Candidate] = {}
        self.stopping = ""
        self.finished = False
        self._sampler = _Sampler(plan)

    @classmethod
    def rebuild(cls, plan: SearchPlan, events: list[Event]) -> CandidateSearch:
        """The search after ``events`` (of an earlier run of the same job)."""
        search = cls(plan)
        for event in events:
            search.apply(event)
        return search

    # -- events ------------------------------------------------------------------------

    def apply(self, event: Event) -> None:
        """Take in what happened."""
        if isinstance(event, Started):
            if event.index not in self.candidates:  # launched by an earlier run
                self.candidates[event.index] = _Candidate(
                    event.algorithm, dict(event.params), event.members
                )
                self._sampler.proposed += 0 if event.members else 1
            return
        candidate = self.candidates[event.index]
        value = event.objective
        candidate.ended = True
        candidate.objective = value if value is not None and math.isfinite(value) else None
        if not candidate.members:
            self._sampler.learn(candidate)

    # -- decisions ---------------------------------------------------------------------

    def decide(self, elapsed: float) -> list[Decision]:
        """What to do now, ``elapsed`` seconds after the search began."""
        if self.finished:
            return []
        decisions: list[Decision] = []
        deadline = self.plan.deadline
        if not self.stopping and deadline is not None and elapsed >= deadline:
            self.stopping = "MaxAutoMLJobRuntimeReached"
            if self.running:
                decisions.append(StopRunning(self.stopping))
        while self._may_launch():
            index = len(self.candidates) + 1
            algorithm, params, trial = self._sampler.propose()
            self.candidates[index] = _Candidate(algorithm, params, trial=trial)
            decisions.append(Launch(index, algorithm, params))
        if not self.running:
            decisions.extend(self._wind_up())
        return decisions

    def stop(self, reason: str) -> list[Decision]:
        """Stop for good (the job was stopped): no more candidates, stop running ones."""
        self.stopping = reason
        return [StopRunning(reason)] if self.running else []

    @property
    def running(self) -> list[int]:
        """Indices of candidates that have not ended."""
        return [i for i, c in self.candidates.items() if not c.ended]

    @property
    def searched(self) -> int:
        """How many candidates the search started (ensembles not counted)."""
        return sum(1 for c in self.candidates.values() if not c.members)

    def best(self) -> int | None:
        """The completed candidate with the best objective (the earlier one on a tie)."""
        ranked = self.ranked()
        return ranked[0] if ranked else None

    def ranked(self) -> list[int]:
        """Completed candidates, best first (the earlier one on a tie)."""
        sign = -1.0 if self.plan.maximize else 1.0
        scored = [
            (sign * c.objective, i) for i, c in self.candidates.items() if c.objective is not None
        ]
        return [i for _, i in sorted(scored)]

    def _may_launch(self) -> bool:
        if self.stopping or self.searched >= self.plan.max_candidates:
            return False
        if any(c.members for c in self.candidates.values()):
            return False
        if len(self.running) >= self.plan.max_parallel:
            return False
        if self._giving_up():
            self.stopping = "FailedCandidates"
            return False
        return True

    def _giving_up(self) -> bool:
        ended = [c for c in self.candidates.values() if c.ended and not c.members]
        failed = sum(1 for c in ended if c.objective is None)
        return failed >= FAILURES_BEFORE_GIVING_UP and failed == len(ended)

    def _wind_up(self) -> list[Decision]:
        ensembles = [c for c in self.candidates.values() if c.members]
        ranked = [i for i in self.ranked() if not self.candidates[i].members]
        wanted = self.plan.ensemble and not ensembles and len(ranked) >= 2
        if wanted and self.stopping in ("", "FailedCandidates"):
            index = len(self.candidates) + 1
            members = tuple(ranked[:MAX_ENSEMBLE_MEMBERS])
            self.candidates[index] = _Candidate("ensemble", {}, members)
            return [BuildEnsemble(index, members)]
        self.finished = True
        reason = self.stopping or "MaxCandidatesReached"
        return [Finish(self.best(), reason)]


class _Sampler:
    """Optuna, asked for one candidate at a time: anchors first, then TPE."""

    def __init__(self, plan: SearchPlan) -> None:
        # Optuna reports every trial at INFO; the AutoML job keeps its own log.
        logging.getLogger("optuna").setLevel(logging.WARNING)
        self.anchors = space.anchors_for(list(plan.algorithms))
        self.algorithms = list(plan.algorithms)
        self.seed = plan.seed
        self.proposed = 0
        self.study = optuna.create_study(direction="maximize" if plan.maximize else "minimize")

    def propose(self) -> tuple[str, dict[str, Any], Trial]:
        if self.proposed < len(self.anchors):
            anchor = self.anchors[self.proposed]
            self.study.enqueue_trial(_flat(anchor.algorithm, anchor.params))
        # A sampler seeded by the proposal's position: what it proposes depends only on the
        # finished candidates, so a rebuilt search proposes what the first run would have.
        self.study.sampler = TPESampler(
            seed=self.seed + self.proposed, n_startup_trials=max(1, min(10, len(self.anchors)))
        )
        self.proposed += 1
        trial = self.study.ask()
        algorithm = str(trial.suggest_categorical(ALGORITHM, self.algorithms))
        params = {
            p.name: _suggest(trial, f"{algorithm}.{p.name}", p)
            for p in space.ALGORITHMS[algorithm].params
        }
        return algorithm, params, trial

    def learn(self, candidate: _Candidate) -> None:
        """Record how a candidate ended (one this run proposed, or one of an earlier run)."""
        state = TrialState.FAIL if candidate.objective is None else TrialState.COMPLETE
        if candidate.trial is not None:
            self.study.tell(candidate.trial, candidate.objective, state=state)
            return
        self.study.add_trial(
            optuna.trial.create_trial(
                params=_flat(candidate.algorithm, candidate.params),
                distributions=self.distributions(candidate.algorithm),
                value=candidate.objective,
                state=state,
            )
        )

    def distributions(self, algorithm: str) -> dict[str, BaseDistribution]:
        """The Optuna distributions of an algorithm's settings (by flat name)."""
        found: dict[str, BaseDistribution] = {ALGORITHM: CategoricalDistribution(self.algorithms)}
        for param in space.ALGORITHMS[algorithm].params:
            name = f"{algorithm}.{param.name}"
            if param.kind == space.INT:
                found[name] = IntDistribution(int(param.low), int(param.high), log=param.log)
            else:
                found[name] = FloatDistribution(param.low, param.high, log=param.log)
        return found


def _flat(algorithm: str, params: dict[str, Any]) -> dict[str, Any]:
    return {ALGORITHM: algorithm, **{f"{algorithm}.{k}": v for k, v in params.items()}}


def _suggest(trial: Trial, name: str, param: space.Param) -> int | float:
    if param.kind == space.INT:
        return trial.suggest_int(name, int(param.low), int(param.high), log=param.log)
    return trial.suggest_float(name, param.low, param.high, log=param.log)
