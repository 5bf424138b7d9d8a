"""The path language of property references and JsonGet: parsing, rendering, lookup."""

from __future__ import annotations

import pytest

from dagmaker._lib.json_path import (
    Index,
    Key,
    PathLookupError,
    PathSyntaxError,
    lookup,
    parse,
    render,
)


@pytest.mark.parametrize(
    ("path", "tokens"),
    [
        ("a", [Key("a")]),
        ("a.b.c", [Key("a"), Key("b"), Key("c")]),
        ("loss[0]", [Key("loss"), Index(0)]),
        ("loss[-1]", [Key("loss"), Index(-1)]),
        ("metrics['accuracy']", [Key("metrics"), Index("accuracy")]),
        ('metrics["accuracy"]', [Key("metrics"), Index("accuracy")]),
        ("Result", [Key("Result")]),
        ("Result['total']", [Key("Result"), Index("total")]),
        ("[0]", [Index(0)]),
        ("a[ 2 ]", [Key("a"), Index(2)]),
        ("m[0][1].x", [Key("m"), Index(0), Index(1), Key("x")]),
    ],
)
def test_parse_supported_forms(path: str, tokens: list[object]) -> None:
    assert parse(path) == tokens


def test_keys_with_dots_and_colons_survive_inside_brackets() -> None:
    tokens = parse("FinalMetricDataList['validation:rmse'].Value")
    assert tokens == [Key("FinalMetricDataList"), Index("validation:rmse"), Key("Value")]
    assert parse("Env['a.b.c'].x") == [Key("Env"), Index("a.b.c"), Key("x")]


def test_closing_bracket_and_other_quote_inside_a_quoted_key() -> None:
    assert parse("""m["a]b"]""") == [Key("m"), Index("a]b")]
    assert parse("""m["it's"]""") == [Key("m"), Index("it's")]


def test_leading_dollar_dot_is_tolerated() -> None:
    assert parse("$.regression_metrics.mse.value") == parse("regression_metrics.mse.value")
    assert parse("$['a.b']") == [Index("a.b")]
    assert parse("$[0].x") == [Index(0), Key("x")]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("", "empty path ''"),
        ("$", "empty path '$'"),
        ("$.", "empty path '$.'"),
        ("a..b", "empty key at position 2 in 'a..b'"),
        ("a.", "empty key at position 2 in 'a.'"),
        ("a.[0]", "empty key at position 2 in 'a.[0]'"),
        ("a[0", "unclosed '[' at position 1 in 'a[0'"),
        ("a['x]", "unclosed '[' at position 1 in \"a['x]\""),
        ("a[x]", "bracket index 'x' at position 1 in 'a[x]' must be an integer or a quoted string"),
        ("a[]", "bracket index '' at position 1"),
        ("a[1.5]", "bracket index '1.5'"),
        ("a[0]b", "expected '.' or '[' at position 4 in 'a[0]b'"),
    ],
)
def test_syntax_errors_name_the_position(path: str, message: str) -> None:
    with pytest.raises(PathSyntaxError) as info:
        parse(path)
    assert message in str(info.value)


def test_error_positions_count_the_dollar_prefix() -> None:
    with pytest.raises(PathSyntaxError, match=r"empty key at position 4 in '\$\.a\.\.b'"):
        parse("$.a..b")
    with pytest.raises(PathSyntaxError, match=r"unclosed '\[' at position 3"):
        parse("$.a[0")


def test_syntax_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse("a..b")


@pytest.mark.parametrize(
    "path",
    ["a.b", "a[0]", "Outputs['train'].S3Output.S3Uri", "FinalMetricDataList['val:acc'].Value"],
)
def test_render_round_trips(path: str) -> None:
    assert render(parse(path)) == path
    assert parse(render(parse(path))) == parse(path)


def test_render_uses_single_quotes_like_the_sdk() -> None:
    assert render(parse('Outputs["train"]')) == "Outputs['train']"


DESCRIBE = {
    "ProcessingJobName": "job-1",
    "ProcessingOutputConfig": {
        "Outputs": [
            {"OutputName": "train", "S3Output": {"S3Uri": "s3://b/train"}},
            {"OutputName": "test", "S3Output": {"S3Uri": "s3://b/test"}},
        ]
    },
    "FinalMetricDataList": [
        {"MetricName": "train:rmse", "Value": 2.5},
        {"MetricName": "validation:rmse", "Value": 3.25},
    ],
    "InputDataConfig": [{"ChannelName": "train", "ContentType": "text/csv"}],
    "HyperParameters": {"eta": "0.3", "a.b": "dotted"},
    "loss": [0.9, 0.5, 0.1],
}


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("ProcessingJobName", "job-1"),
        ("ProcessingOutputConfig.Outputs['test'].S3Output.S3Uri", "s3://b/test"),
        ("ProcessingOutputConfig.Outputs[0].S3Output.S3Uri", "s3://b/train"),
        ("FinalMetricDataList['validation:rmse'].Value", 3.25),
        ("InputDataConfig['train'].ContentType", "text/csv"),
        ("HyperParameters['eta']", "0.3"),
        ("HyperParameters['a.b']", "dotted"),
        ("loss[-1]", 0.1),
        ("$.loss[1]", 0.5),
    ],
)
def test_lookup(path: str, value: object) -> None:
    assert lookup(DESCRIBE, parse(path)) == value


def test_lookup_by_name_picks_the_element_not_the_first() -> None:
    items = [{"OutputName": "a", "n": 1}, {"OutputName": "b", "n": 2}]
    assert lookup({"Outputs": items}, parse("Outputs['b'].n")) == 2


def test_lookup_returns_containers_untouched() -> None:
    assert lookup(DESCRIBE, parse("HyperParameters")) is DESCRIBE["HyperParameters"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("Missing", "Missing: no key 'Missing' (keys: ["),
        (
            "ProcessingOutputConfig.Outputs['valid'].S3Output",
            "ProcessingOutputConfig.Outputs['valid']: no element named 'valid'",
        ),
        ("loss[3]", "loss[3]: index 3 out of range (3 items)"),
        ("loss[-4]", "loss[-4]: index -4 out of range (3 items)"),
        ("ProcessingJobName.x", "ProcessingJobName.x: cannot take key 'x' of a str"),
        ("HyperParameters[0]", "HyperParameters[0]: cannot index a dict with 0"),
    ],
)
def test_lookup_errors_name_the_failing_token(path: str, message: str) -> None:
    with pytest.raises(PathLookupError) as info:
        lookup(DESCRIBE, parse(path))
    assert message in str(info.value)


def test_lookup_error_lists_the_available_keys() -> None:
    with pytest.raises(PathLookupError) as info:
        lookup({"b": 1, "a": 2}, parse("c"))
    assert "(keys: ['a', 'b'])" in str(info.value)


def test_lookup_error_is_a_lookup_error() -> None:
    with pytest.raises(LookupError):
        lookup({}, parse("x"))
