"""The step graph: DependsOn, expression and branch edges; cycles; order; descendants."""

from __future__ import annotations

from typing import Any

from dagmaker.definition import codec, graph, validation


def _proc(name: str, env: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    args = {"AppSpecification": {"ImageUri": "img"}, "ProcessingResources": {}}
    if env:
        args["Environment"] = env
    return {"Name": name, "Type": "Processing", "Arguments": args, **extra}


def _build(*steps: dict[str, Any]) -> graph.Graph:
    definition, issues = codec.decode(
        {"Version": "2020-12-01", "Parameters": [], "Steps": list(steps)}
    )
    assert issues == []
    return graph.build(definition)


def _ups(built: graph.Graph) -> dict[str, set[str]]:
    return {k: set(v) for k, v in built.upstream.items()}


def test_depends_on_is_a_custom_edge_not_a_data_edge() -> None:
    built = _build(_proc("A"), _proc("B", DependsOn=["A"]))
    assert _ups(built) == {"A": set(), "B": {"A"}}
    assert built.data_upstream["B"] == frozenset()


def test_a_get_anywhere_in_arguments_is_a_data_edge() -> None:
    env = {"X": {"Std:Join": {"Values": [{"Std:Join": {"Values": [{"Get": "Steps.A.Y"}]}}]}}}
    built = _build(_proc("A"), _proc("B", env))
    assert built.data_upstream["B"] == {"A"}
    assert built.upstream["B"] == {"A"}


def test_json_get_edges_both_forms() -> None:
    file_form = {"Std:JsonGet": {"PropertyFile": {"Get": "Steps.A.PropertyFiles.R"}, "Path": "x"}}
    uri_form = {"Std:JsonGet": {"S3Uri": {"Get": "Steps.B.ProcessingJobName"}, "Path": "x"}}
    built = _build(_proc("A"), _proc("B"), _proc("C", {"F": file_form, "U": uri_form}))
    assert built.data_upstream["C"] == {"A", "B"}


def test_step_specific_top_level_keys_are_scanned() -> None:
    check = {
        "Name": "Check",
        "Type": "QualityCheck",
        "CheckType": "DATA_QUALITY",
        "SkipCheck": {"Get": "Steps.A.ProcessingJobName"},
        "Arguments": {},
    }
    assert _build(_proc("A"), check).data_upstream["Check"] == {"A"}


def test_envelope_keys_are_not_scanned() -> None:
    step = _proc("B", DisplayName="x", Description="y")
    step["CacheConfig"] = {"Enabled": True}
    assert _build(_proc("A"), step).upstream["B"] == frozenset()


def _condition(name: str, left: Any, if_steps: list[Any], else_steps: list[Any]) -> dict[str, Any]:
    return {
        "Name": name,
        "Type": "Condition",
        "Arguments": {
            "Conditions": [{"Type": "Equals", "LeftValue": left, "RightValue": 1}],
            "IfSteps": if_steps,
            "ElseSteps": else_steps,
        },
    }


def test_condition_reads_only_its_conditions_and_branch_steps_follow_it() -> None:
    gate = _condition(
        "Gate",
        {"Get": "Steps.A.ProcessingJobName"},
        [_proc("Yes", {"V": {"Get": "Steps.B.ProcessingJobName"}})],
        [_proc("No")],
    )
    built = _build(_proc("A"), _proc("B"), gate)
    assert _ups(built) == {
        "A": set(),
        "B": set(),
        "Gate": {"A"},
        "Yes": {"Gate", "B"},
        "No": {"Gate"},
    }
    assert built.data_upstream["Gate"] == {"A"}
    assert built.data_upstream["Yes"] == {"B"}
    assert built.branch_of == {"Yes": ("Gate", "IfSteps"), "No": ("Gate", "ElseSteps")}


def test_unknown_references_and_self_references_are_left_out() -> None:
    built = _build(
        _proc("A", {"X": {"Get": "Steps.Ghost.Y"}, "S": {"Get": "Steps.A.Y"}}, DependsOn=["Nope"])
    )
    assert built.upstream["A"] == frozenset()


def test_malformed_expressions_are_left_out_and_the_rest_still_counts() -> None:
    built = _build(_proc("A"), _proc("B", {"Bad": {"Get": 3}, "Good": {"Get": "Steps.A.Y"}}))
    assert built.upstream["B"] == {"A"}


def test_downstream_inverts_upstream() -> None:
    built = _build(_proc("A"), _proc("B", DependsOn=["A"]), _proc("C", DependsOn=["A", "B"]))
    assert {k: set(v) for k, v in built.downstream.items()} == {
        "A": {"B", "C"},
        "B": {"C"},
        "C": set(),
    }


def test_find_cycle_names_the_steps_with_the_first_repeated() -> None:
    built = _build(
        _proc("A", DependsOn=["C"]), _proc("B", DependsOn=["A"]), _proc("C", DependsOn=["B"])
    )
    assert graph.find_cycle(built) == ["A", "C", "B", "A"]


def test_find_cycle_none_for_a_dag() -> None:
    built = _build(_proc("A"), _proc("B", DependsOn=["A"]), _proc("C", DependsOn=["A", "B"]))
    assert graph.find_cycle(built) is None


def test_find_cycle_through_a_data_edge() -> None:
    built = _build(_proc("A", {"X": {"Get": "Steps.B.Y"}}), _proc("B", DependsOn=["A"]))
    assert graph.find_cycle(built) == ["A", "B", "A"]


def test_topological_order_breaks_ties_by_name() -> None:
    built = _build(
        _proc("Z"),
        _proc("M", DependsOn=["Z"]),
        _proc("A", DependsOn=["Z"]),
        _proc("End", DependsOn=["A", "M"]),
        _proc("B"),
    )
    assert graph.topological(built) == ["B", "Z", "A", "M", "End"]


def test_topological_leaves_out_steps_on_a_cycle() -> None:
    built = _build(_proc("A", DependsOn=["B"]), _proc("B", DependsOn=["A"]), _proc("C"))
    assert graph.topological(built) == ["C"]


def test_descendants_are_transitive_and_exclude_the_start() -> None:
    built = _build(
        _proc("A"),
        _proc("B", DependsOn=["A"]),
        _proc("C", DependsOn=["B"]),
        _proc("D"),
    )
    assert graph.descendants(built, ["A"]) == {"B", "C"}
    assert graph.descendants(built, ["C", "D"]) == set()
    assert graph.descendants(built, []) == set()


def test_a_chain_of_thousands_of_steps_is_checked_without_recursion() -> None:
    def step(i: int) -> dict[str, Any]:
        found = {
            "Name": f"N{3000 - i:04d}",  # sorted first is the end of the chain
            "Type": "Lambda",
            "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:f",
            "Arguments": {},
            "OutputParameters": [],
        }
        return {**found, "DependsOn": [f"N{3001 - i:04d}"]} if i else found

    steps = [step(i) for i in range(3000)]
    doc = {"Version": "2020-12-01", "Parameters": [], "Steps": steps}
    assert validation.check(doc)[1] == []
    steps[0]["DependsOn"] = ["N0001"]  # close the loop
    [issue] = validation.check(doc)[1]
    assert issue.message.startswith("the steps form a cycle: N0001 -> N0002 -> ")
