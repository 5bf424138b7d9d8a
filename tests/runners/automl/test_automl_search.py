"""The AutoML search state machine, event by event; every scenario is also rebuilt."""

from __future__ import annotations

from dagmaker.runners.automl_search import (
    BuildEnsemble,
    CandidateSearch,
    Ended,
    Event,
    Finish,
    Launch,
    SearchPlan,
    Started,
    StopRunning,
)
from dagmaker.runners.builtin.automl import space

ALL = tuple(space.ALGORITHMS)


def _plan(**changes: object) -> SearchPlan:
    settings: dict[str, object] = {
        "algorithms": ALL,
        "maximize": True,
        "max_candidates": 3,
        "max_parallel": 2,
        "deadline": None,
        "ensemble": True,
        "seed": 7,
    }
    settings.update(changes)
    return SearchPlan(**settings)  # type: ignore[arg-type]


class Recorder:
    """Drives a search and keeps the events, to rebuild it afterwards."""

    def __init__(self, plan: SearchPlan) -> None:
        self.search = CandidateSearch(plan)
        self.events: list[Event] = []

    def decide(self, elapsed: float = 0.0) -> list[object]:
        decisions = self.search.decide(elapsed)
        for d in decisions:
            if isinstance(d, Launch):
                self.events.append(Started(d.index, d.algorithm, d.params))
            elif isinstance(d, BuildEnsemble):
                self.events.append(Started(d.index, "ensemble", {}, d.members))
        return list(decisions)

    def end(self, index: int, objective: float | None) -> None:
        event = Ended(index, objective)
        self.search.apply(event)
        self.events.append(event)

    def rebuilt(self) -> CandidateSearch:
        return CandidateSearch.rebuild(self.search.plan, self.events)


def _same(a: CandidateSearch, b: CandidateSearch) -> None:
    assert {
        i: (c.algorithm, c.params, c.members, c.ended, c.objective) for i, c in a.candidates.items()
    } == {
        i: (c.algorithm, c.params, c.members, c.ended, c.objective) for i, c in b.candidates.items()
    }
    assert a.ranked() == b.ranked()


def test_anchors_first_two_at_a_time_then_the_ensemble_then_the_best() -> None:
    run = Recorder(_plan())
    first = run.decide()
    assert [(d.index, d.algorithm) for d in first] == [(1, "xgboost"), (2, "xgboost")]
    assert first[0].params == space.ANCHORS[0].params
    assert run.decide() == []  # both slots busy
    run.end(1, 0.80)
    (third,) = run.decide()
    assert (third.index, third.algorithm) == (3, "random_forest")
    run.end(2, 0.85)
    assert run.decide() == []  # MaxCandidates reached; candidate 3 still running
    run.end(3, 0.82)
    (ensemble,) = run.decide()
    assert ensemble == BuildEnsemble(4, (2, 3, 1))
    _same(run.search, run.rebuilt())
    run.end(4, 0.86)
    assert run.decide() == [Finish(4, "MaxCandidatesReached")]
    assert run.decide() == []
    _same(run.search, run.rebuilt())


def test_without_ensembling_the_best_single_candidate_wins() -> None:
    run = Recorder(_plan(ensemble=False, max_parallel=1, max_candidates=2, maximize=False))
    (one,) = run.decide()
    run.end(one.index, 12.0)
    (two,) = run.decide()
    run.end(two.index, 9.5)
    assert run.decide() == [Finish(2, "MaxCandidatesReached")]


def test_a_tie_goes_to_the_earlier_candidate() -> None:
    run = Recorder(_plan(ensemble=False, max_candidates=2))
    run.decide()
    run.end(2, 0.9)
    run.end(1, 0.9)
    assert run.decide() == [Finish(1, "MaxCandidatesReached")]


def test_an_ensemble_needs_two_completed_candidates() -> None:
    run = Recorder(_plan(max_candidates=2))
    run.decide()
    run.end(1, None)
    run.end(2, 0.7)
    assert run.decide() == [Finish(2, "MaxCandidatesReached")]


def test_three_failures_without_a_success_stop_the_search() -> None:
    run = Recorder(_plan(max_candidates=10, max_parallel=1))
    for index in (1, 2, 3):
        (launch,) = run.decide()
        assert launch.index == index
        run.end(index, None)
    assert run.decide() == [Finish(None, "FailedCandidates")]
    _same(run.search, run.rebuilt())


def test_the_deadline_stops_running_candidates_and_skips_the_ensemble() -> None:
    run = Recorder(_plan(deadline=60.0, max_candidates=5))
    run.decide(0.0)
    run.end(1, 0.8)
    run.decide(10.0)  # candidate 3 starts
    assert run.decide(61.0) == [StopRunning("MaxAutoMLJobRuntimeReached")]
    run.end(2, None)
    run.end(3, 0.9)
    assert run.decide(62.0) == [Finish(3, "MaxAutoMLJobRuntimeReached")]


def test_stop_asks_running_candidates_to_stop_and_starts_no_more() -> None:
    run = Recorder(_plan(max_candidates=5))
    run.decide()
    assert run.search.stop("Stopped") == [StopRunning("Stopped")]
    run.end(1, 0.5)
    run.end(2, 0.6)
    assert run.decide() == [Finish(2, "Stopped")]


def test_after_the_anchors_the_search_proposes_within_the_ranges() -> None:
    algorithms = ("xgboost", "linear")
    run = Recorder(_plan(algorithms=algorithms, max_candidates=6, max_parallel=1, ensemble=False))
    seen = []
    for index in range(1, 7):
        (launch,) = run.decide()
        seen.append(launch.algorithm)
        for name, value in launch.params.items():
            spec = space.ALGORITHMS[launch.algorithm].param(name)
            assert spec.low <= value <= spec.high
        run.end(index, 0.5 + index / 100)
    assert seen[:3] == ["xgboost", "xgboost", "linear"]  # the anchors of those algorithms
    assert set(seen) <= set(algorithms)


def test_a_rebuilt_search_continues_where_the_first_left_off() -> None:
    plan = _plan(max_candidates=5, max_parallel=1, ensemble=False)
    run = Recorder(plan)
    for index in (1, 2, 3):
        run.decide()
        run.end(index, 0.6 + index / 10)
    rebuilt = run.rebuilt()
    (original,) = run.decide()
    (resumed,) = rebuilt.decide(0.0)
    assert (resumed.index, resumed.algorithm, resumed.params) == (
        original.index,
        original.algorithm,
        original.params,
    )


def test_a_candidate_running_when_the_engine_stopped_is_resumed_and_ends_later() -> None:
    run = Recorder(_plan(max_candidates=2, ensemble=False))
    run.decide()
    run.end(1, 0.7)
    rebuilt = run.rebuilt()  # candidate 2 still running
    assert rebuilt.running == [2]
    assert rebuilt.decide(0.0) == []
    rebuilt.apply(Ended(2, 0.9))
    assert rebuilt.decide(0.0) == [Finish(2, "MaxCandidatesReached")]


def test_a_rebuilt_search_proposes_what_tpe_would_have() -> None:
    plan = _plan(algorithms=("xgboost", "linear"), max_candidates=6, max_parallel=1, ensemble=False)
    run = Recorder(plan)
    for index in range(1, 5):  # three anchors, then one proposal of TPE's
        run.decide()
        run.end(index, 0.9 - abs(index - 3) / 10)
    rebuilt = run.rebuilt()
    (original,) = run.decide()
    (resumed,) = rebuilt.decide(0.0)
    assert (resumed.algorithm, resumed.params) == (original.algorithm, original.params)
