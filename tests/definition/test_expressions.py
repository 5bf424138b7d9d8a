"""Expression parsing and walking: Get, Std:Join, Std:JsonGet."""

from __future__ import annotations

import pytest

from dagmaker._lib.json_path import Index, Key
from dagmaker.definition import expressions as ex


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"Get": "Parameters.X"}, True),
        ({"Std:Join": {"On": "", "Values": []}}, True),
        ({"Std:JsonGet": {}}, True),
        ({"Std:Whatever": 1}, True),
        ({"Get": "Parameters.X", "Other": 1}, False),
        ({"Name": "x"}, False),
        ({}, False),
        (["Get"], False),
        ("Get", False),
        (None, False),
    ],
)
def test_is_expression(value: object, expected: bool) -> None:
    assert ex.is_expression(value) is expected


@pytest.mark.parametrize(
    ("text", "root", "name"),
    [
        ("Parameters.InputData", "Parameters", "InputData"),
        ("Execution.PipelineExecutionId", "Execution", "PipelineExecutionId"),
        ("Execution.ProcessingJobName", "Execution", "ProcessingJobName"),
        ("PipelineExperimentConfig.TrialName", "PipelineExperimentConfig", "TrialName"),
    ],
)
def test_get_roots(text: str, root: str, name: str) -> None:
    get = ex.parse({"Get": text})
    assert get == ex.Get(text=text, root=root, name=name)


@pytest.mark.parametrize("variable", ex.EXECUTION_VARIABLES)
def test_every_execution_variable_parses(variable: str) -> None:
    assert ex.parse_get(f"Execution.{variable}", "x").name == variable


def test_step_get_keeps_the_property_path_as_tokens() -> None:
    get = ex.parse_get("Steps.Prep.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri", "p")
    assert (get.root, get.name) == ("Steps", "Prep")
    assert get.tokens == (
        Key("ProcessingOutputConfig"),
        Key("Outputs"),
        Index("train"),
        Key("S3Output"),
        Key("S3Uri"),
    )


def test_step_names_may_contain_hyphens_and_a_bracket_may_follow_directly() -> None:
    get = ex.parse_get("Steps.Best-CreateModel.ModelName", "p")
    assert (get.name, get.tokens) == ("Best-CreateModel", (Key("ModelName"),))
    indexed = ex.parse_get("Steps.Tune[0]", "p")
    assert (indexed.name, indexed.tokens) == ("Tune", (Index(0),))


def test_metric_names_with_colons_and_dots_survive() -> None:
    get = ex.parse_get("Steps.T.FinalMetricDataList['validation:f1.macro'].Value", "p")
    assert get.tokens[1] == Index("validation:f1.macro")


def test_property_file_reference() -> None:
    assert ex.parse_get("Steps.Eval.PropertyFiles.Report", "p").property_file == "Report"
    assert ex.parse_get("Steps.Eval.ProcessingJobName", "p").property_file is None
    assert ex.parse_get("Steps.Eval.PropertyFiles['Report']", "p").property_file is None
    assert ex.parse_get("Parameters.PropertyFiles", "p").property_file is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (3, "Get needs a string like 'Parameters.Name' or 'Steps.Step.Property', got 3"),
        ("Parameters", "got 'Parameters'"),
        ("Foo.Bar", "unknown root 'Foo'"),
        ("Execution.Now", "unknown execution variable 'Now'; known: StartDateTime"),
        ("PipelineExperimentConfig.X", "has only ExperimentName and TrialName"),
        ("Steps.Train", "a step reference needs a property"),
        ("Steps..X", "a step reference needs a property"),
        ("Steps.Train.", "empty path"),
        ("Steps.Train.A..B", "empty key at position 2 in 'A..B'"),
    ],
)
def test_bad_get(body: object, message: str) -> None:
    with pytest.raises(ex.ExpressionError) as info:
        ex.parse({"Get": body}, "Arguments.X")
    assert message in str(info.value)
    assert info.value.json_path == "Arguments.X"


def test_join() -> None:
    join = ex.parse({"Std:Join": {"On": "/", "Values": ["s3:/", {"Get": "Parameters.B"}]}})
    assert join == ex.Join(on="/", values=("s3:/", {"Get": "Parameters.B"}))


def test_join_on_defaults_to_empty() -> None:
    assert ex.parse({"Std:Join": {"Values": [1]}}) == ex.Join(on="", values=(1,))


@pytest.mark.parametrize(
    ("body", "path", "message"),
    [
        ({}, "X", "Std:Join needs an object with a 'Values' list"),
        ({"Values": "a"}, "X", "Std:Join needs an object with a 'Values' list"),
        ([], "X", "Std:Join needs an object"),
        ({"On": 1, "Values": []}, "X.Std:Join.On", "Std:Join 'On' must be a string, got 1"),
    ],
)
def test_bad_join(body: object, path: str, message: str) -> None:
    with pytest.raises(ex.ExpressionError) as info:
        ex.parse({"Std:Join": body}, "X")
    assert message in str(info.value)
    assert info.value.json_path == path


def test_json_get_property_file_form() -> None:
    expr = ex.parse(
        {
            "Std:JsonGet": {
                "PropertyFile": {"Get": "Steps.Eval.PropertyFiles.Report"},
                "Path": "regression.mse.value",
            }
        }
    )
    assert isinstance(expr, ex.JsonGet)
    assert expr.path == "regression.mse.value"
    assert expr.property_file is not None and expr.property_file.name == "Eval"
    assert expr.property_file.property_file == "Report"
    assert expr.s3_uri is None


def test_json_get_s3_uri_form() -> None:
    uri = {"Std:Join": {"On": "/", "Values": ["s3://b", "r.json"]}}
    expr = ex.parse({"Std:JsonGet": {"S3Uri": uri, "Path": "Result['k']"}})
    assert expr == ex.JsonGet(path="Result['k']", s3_uri=uri)


@pytest.mark.parametrize(
    ("body", "path", "message"),
    [
        ({"S3Uri": "s3://b/k"}, "X", "Std:JsonGet needs an object with a string 'Path'"),
        ({"S3Uri": "s3://b/k", "Path": 3}, "X", "string 'Path'"),
        ({"Path": "a"}, "X", "exactly one of 'PropertyFile' and 'S3Uri'"),
        (
            {"Path": "a", "S3Uri": "s3://b/k", "PropertyFile": {"Get": "Steps.E.PropertyFiles.R"}},
            "X",
            "exactly one of 'PropertyFile' and 'S3Uri'",
        ),
        ({"Path": "a[", "S3Uri": "s3://b/k"}, "X.Std:JsonGet.Path", "unclosed '['"),
        (
            {"Path": "a", "PropertyFile": "Report"},
            "X.Std:JsonGet.PropertyFile",
            "PropertyFile must be {'Get': 'Steps.<Step>.PropertyFiles.<Name>'}",
        ),
        (
            {"Path": "a", "PropertyFile": {"Get": "Steps.E.ProcessingJobName"}},
            "X.Std:JsonGet.PropertyFile",
            "PropertyFile must be",
        ),
        (
            {"Path": "a", "PropertyFile": {"Get": "Nope.E"}},
            "X.Std:JsonGet.PropertyFile",
            "unknown root 'Nope'",
        ),
    ],
)
def test_bad_json_get(body: object, path: str, message: str) -> None:
    with pytest.raises(ex.ExpressionError) as info:
        ex.parse({"Std:JsonGet": body}, "X")
    assert message in str(info.value)
    assert info.value.json_path == path


def test_unknown_function() -> None:
    with pytest.raises(ex.ExpressionError, match="unknown function 'Std:Foo'; the functions"):
        ex.parse({"Std:Foo": 1}, "X")


NESTED = {
    "A": [1, {"Get": "Parameters.P"}],
    "B": {
        "Std:Join": {
            "On": "/",
            "Values": [
                {"Std:Join": {"On": "", "Values": [{"Get": "Steps.S.X"}]}},
                {
                    "Std:JsonGet": {
                        "S3Uri": {"Get": "Steps.T.OutputDataConfig.S3OutputPath"},
                        "Path": "a",
                    }
                },
            ],
        }
    },
    "C": {"Std:JsonGet": {"PropertyFile": {"Get": "Steps.E.PropertyFiles.R"}, "Path": "x"}},
}


def test_walk_yields_every_expression_outermost_first_with_its_path() -> None:
    found = [(path, type(expr).__name__) for path, expr in ex.walk(NESTED)]
    assert found == [
        ("A[1]", "Get"),
        ("B", "Join"),
        ("B.Std:Join.Values[0]", "Join"),
        ("B.Std:Join.Values[0].Std:Join.Values[0]", "Get"),
        ("B.Std:Join.Values[1]", "JsonGet"),
        ("B.Std:Join.Values[1].Std:JsonGet.S3Uri", "Get"),
        ("C", "JsonGet"),
        ("C.Std:JsonGet.PropertyFile", "Get"),
    ]


def test_walk_prefixes_the_given_path() -> None:
    assert [p for p, _ in ex.walk({"x": {"Get": "Parameters.P"}}, "Arguments")] == ["Arguments.x"]


def test_gets_and_step_references() -> None:
    assert [get.text for _, get in ex.gets(NESTED)] == [
        "Parameters.P",
        "Steps.S.X",
        "Steps.T.OutputDataConfig.S3OutputPath",
        "Steps.E.PropertyFiles.R",
    ]
    assert ex.step_references(NESTED) == {"S", "T", "E"}


BROKEN = {
    "bad": {"Get": 3},
    "ok": {"Get": "Steps.A.X"},
    "join": {"Std:Join": {"Values": [{"Std:Foo": 1}, {"Get": "Steps.B.Y"}]}},
}


def test_walk_raises_on_the_first_malformed_expression_by_default() -> None:
    with pytest.raises(ex.ExpressionError) as info:
        list(ex.walk(BROKEN))
    assert info.value.json_path == "bad"


def test_walk_with_an_error_list_collects_every_problem_and_keeps_going() -> None:
    errors: list[ex.ExpressionError] = []
    found = [path for path, _ in ex.walk(BROKEN, "", errors)]
    assert found == ["ok", "join", "join.Std:Join.Values[1]"]
    assert [e.json_path for e in errors] == ["bad", "join.Std:Join.Values[0]"]


def test_step_references_skip_malformed_expressions() -> None:
    assert ex.step_references(BROKEN) == {"A", "B"}
