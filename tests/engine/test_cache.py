"""Cache keys over canonical JSON, and the lines that explain a cache miss."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from dagmaker._lib import canonical_json
from dagmaker.engine.cache import cache_payload, explain_difference, key

ARGS: dict[str, Any] = {
    "ProcessingJobName": "pipelines-abc-Prep-2024-01-01-00-00-00-000-x1y2",
    "AppSpecification": {
        "ImageUri": "img:1",
        "ContainerArguments": ["--n", "3"],
        "ContainerEntrypoint": ["python3", "/opt/ml/processing/code/prep.py"],
    },
    "Environment": {"A": "1", "B": "2"},
    "ProcessingInputs": [
        {"InputName": "code", "S3Input": {"S3Uri": "s3://b/code/abc/prep.py"}},
        {"InputName": "data", "S3Input": {"S3Uri": "s3://b/data"}},
    ],
    "ProcessingResources": {"ClusterConfig": {"InstanceCount": 1, "VolumeSizeInGB": 30}},
    "ExperimentConfig": {"TrialName": "exec-1"},
    "Tags": [{"Key": "run", "Value": "1"}],
}


def _key(args: Any, extra: dict[str, Any] | None = None, step_type: str = "Processing") -> str:
    return key(step_type, args, extra or {})


def _reordered(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _reordered(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [_reordered(v) for v in value]
    return value


def test_key_is_a_sha256_hex_digest() -> None:
    digest = _key(ARGS)
    assert len(digest) == 64 and set(digest) <= set("0123456789abcdef")


def test_key_is_stable_under_key_order() -> None:
    assert list(_reordered(ARGS)) != list(ARGS)
    assert _key(_reordered(ARGS)) == _key(ARGS)
    assert _key(ARGS, {"b": 1, "a": 2}) == _key(ARGS, {"a": 2, "b": 1})


def test_key_is_stable_across_calls_and_copies() -> None:
    assert _key(copy.deepcopy(ARGS)) == _key(ARGS)


@pytest.mark.parametrize("field", ["ProcessingJobName", "ExperimentConfig", "Tags"])
def test_job_name_and_run_specific_fields_do_not_change_the_key(field: str) -> None:
    changed = copy.deepcopy(ARGS)
    changed[field] = "something else entirely"
    assert _key(changed) == _key(ARGS)
    removed = copy.deepcopy(ARGS)
    del removed[field]
    assert _key(removed) == _key(ARGS)


@pytest.mark.parametrize(
    ("step_type", "field", "signature"),
    [
        ("Training", "TrainingJobName", "HyperParameters"),
        ("Transform", "TransformJobName", "ModelName"),
        ("Tuning", "HyperParameterTuningJobName", "HyperParameterTuningJobConfig"),
        ("AutoML", "AutoMLJobName", "ProblemType"),
    ],
)
def test_other_job_name_fields_do_not_change_the_key(
    step_type: str, field: str, signature: str
) -> None:
    first = key(step_type, {signature: "x", field: "job-1"}, {})
    assert key(step_type, {signature: "x", field: "job-2"}, {}) == first
    assert key(step_type, {signature: "y", field: "job-1"}, {}) != first


def _changes() -> list[tuple[str, Any]]:
    cases: list[tuple[str, Any]] = []

    def change(label: str, mutate: Any) -> None:
        cases.append((label, mutate))

    change("image", lambda a: a["AppSpecification"].__setitem__("ImageUri", "img:2"))
    change("argument", lambda a: a["AppSpecification"]["ContainerArguments"].__setitem__(1, "4"))
    change("argument order", lambda a: a["AppSpecification"]["ContainerArguments"].reverse())
    change("env value", lambda a: a["Environment"].__setitem__("A", "9"))
    change("env added", lambda a: a["Environment"].__setitem__("C", "3"))
    change("env removed", lambda a: a["Environment"].pop("B"))
    change(
        "code digest",
        lambda a: a["ProcessingInputs"][0]["S3Input"].__setitem__(
            "S3Uri", "s3://b/code/def/prep.py"
        ),
    )
    change("input order", lambda a: a["ProcessingInputs"].reverse())
    change("input removed", lambda a: a["ProcessingInputs"].pop())
    change("env dropped", lambda a: a.pop("Environment"))
    return cases


@pytest.mark.parametrize(("label", "mutate"), _changes(), ids=[c[0] for c in _changes()])
def test_any_signature_argument_change_changes_the_key(label: str, mutate: Any) -> None:
    changed = copy.deepcopy(ARGS)
    mutate(changed)
    assert _key(changed) != _key(ARGS), label


@pytest.mark.parametrize(
    ("label", "value"),
    [("int to float", 1.0), ("int to bool", True), ("int to string", "1"), ("int", 2)],
)
def test_type_only_changes_change_the_key(label: str, value: Any) -> None:
    assert key("Lambda", {"n": 1}, {}) != key("Lambda", {"n": value}, {}), label


def test_attributes_outside_the_documented_signature_do_not_change_the_key() -> None:
    changed = copy.deepcopy(ARGS)
    changed["ProcessingResources"]["ClusterConfig"]["InstanceCount"] = 4
    changed["ProcessingOutputConfig"] = {"Outputs": [{"OutputName": "o"}]}
    changed["RoleArn"] = "arn:aws:iam::1:role/Other"
    assert _key(changed) == _key(ARGS)


def test_training_signature() -> None:
    base = {
        "AlgorithmSpecification": {"TrainingImage": "img"},
        "HyperParameters": {"eta": "0.3"},
        "InputDataConfig": [{"ChannelName": "train"}],
        "ResourceConfig": {"InstanceCount": 1},
        "TrainingJobName": "a",
    }
    hyper = copy.deepcopy(base)
    hyper["HyperParameters"]["eta"] = "0.2"
    resources = copy.deepcopy(base)
    resources["ResourceConfig"]["InstanceCount"] = 2
    resources["TrainingJobName"] = "b"
    assert key("Training", hyper, {}) != key("Training", base, {})
    assert key("Training", resources, {}) == key("Training", base, {})


def test_step_type_and_step_level_keys_are_part_of_the_key() -> None:
    assert _key(ARGS, step_type="Transform") != _key(ARGS)
    lambda_args = {"x": 1}
    assert key("Lambda", lambda_args, {"FunctionArn": "arn:a"}) != key(
        "Lambda", lambda_args, {"FunctionArn": "arn:b"}
    )


def test_check_steps_keep_only_their_settings_among_step_level_keys() -> None:
    settings = {"CheckType": "DATA_QUALITY", "SkipCheck": False}
    assert key("QualityCheck", {}, {**settings, "Other": 1}) == key("QualityCheck", {}, settings)
    assert key("QualityCheck", {}, {**settings, "SkipCheck": True}) != key(
        "QualityCheck", {}, settings
    )


def test_payload_keeps_only_the_signature_attributes() -> None:
    payload = cache_payload("Processing", ARGS, {"Custom": False})
    assert payload["Type"] == "Processing"
    assert payload["Extra"] == {"Custom": False}
    assert set(payload["Arguments"]) == {"AppSpecification", "Environment", "ProcessingInputs"}


def test_types_without_a_documented_signature_keep_every_argument() -> None:
    args = {"x": 1, "JobName": "j"}
    assert cache_payload("Lambda", args, {})["Arguments"] == args
    assert cache_payload("Lambda", [1, 2], {})["Arguments"] == [1, 2]
    assert key("Lambda", [1, 2], {}) != key("Lambda", [2, 1], {})


def test_key_is_the_digest_of_the_canonical_payload() -> None:
    payload = cache_payload("Processing", ARGS, {})
    assert _key(ARGS) == canonical_json.digest(payload)


def test_canonical_json_sorts_keys_drops_whitespace_and_keeps_unicode() -> None:
    assert canonical_json.dumps({"b": [1, 2.0], "a": "é"}) == '{"a":"é","b":[1,2.0]}'


def _explain(mutate: Any, limit: int = 5) -> list[str]:
    before = cache_payload("Processing", ARGS, {})
    changed = copy.deepcopy(ARGS)
    mutate(changed)
    return explain_difference(before, cache_payload("Processing", changed, {}), limit=limit)


def test_explains_a_changed_value_with_its_path() -> None:
    lines = _explain(lambda a: a["Environment"].__setitem__("A", "9"))
    assert lines == ['Arguments.Environment.A changed from "1" to "9"']


def test_explains_added_and_removed_keys() -> None:
    def mutate(args: dict[str, Any]) -> None:
        args["Environment"]["C"] = "3"
        del args["Environment"]["B"]

    assert _explain(mutate) == [
        'Arguments.Environment.B removed (was "2")',
        'Arguments.Environment.C added ("3")',
    ]


def test_explains_list_items_by_index() -> None:
    lines = _explain(lambda a: a["AppSpecification"]["ContainerArguments"].__setitem__(1, "4"))
    assert lines == ['Arguments.AppSpecification.ContainerArguments[1] changed from "3" to "4"']


def test_a_list_of_another_length_is_one_change() -> None:
    lines = _explain(lambda a: a["AppSpecification"]["ContainerArguments"].append("-v"))
    assert lines == [
        'Arguments.AppSpecification.ContainerArguments changed from ["--n","3"] to ["--n","3","-v"]'
    ]


def test_type_only_changes_are_explained() -> None:
    lines = explain_difference(
        cache_payload("Lambda", {"n": 1}, {}), cache_payload("Lambda", {"n": 1.0}, {})
    )
    assert lines == ["Arguments.n changed from 1 to 1.0"]
    flag = explain_difference({"x": [1]}, {"x": [True]})
    assert flag == ["x[0] changed from 1 to true"]


def test_job_name_changes_are_not_explained() -> None:
    assert _explain(lambda a: a.__setitem__("ProcessingJobName", "other")) == []


def test_long_values_are_shortened() -> None:
    lines = explain_difference({"x": "a" * 200}, {"x": "b"})
    assert lines[0].startswith('x changed from "aaaa')
    assert lines[0].endswith('aaa... to "b"')
    assert len(lines[0]) < 120


def test_explanation_stops_at_the_limit() -> None:
    before = {f"k{i}": i for i in range(10)}
    after = {f"k{i}": i + 1 for i in range(10)}
    assert len(explain_difference(before, after)) == 5
    assert len(explain_difference({}, after, limit=3)) == 3
    assert len(explain_difference(before, {}, limit=2)) == 2


def test_explanation_of_equal_payloads_is_empty() -> None:
    assert explain_difference(ARGS, copy.deepcopy(ARGS)) == []


def test_explanation_of_scalars_at_the_root() -> None:
    assert explain_difference(1, 2, path="Arguments") == ["Arguments changed from 1 to 2"]
