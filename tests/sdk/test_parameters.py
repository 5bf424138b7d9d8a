import pytest

from dagmaker.workflow.parameters import (
    Parameter,
    ParameterBoolean,
    ParameterFloat,
    ParameterInteger,
    ParameterString,
    ParameterTypeEnum,
)


def test_requests_of_each_type() -> None:
    assert ParameterInteger(name="Count", default_value=2).to_request() == {
        "Name": "Count",
        "Type": "Integer",
        "DefaultValue": 2,
    }
    assert ParameterFloat(name="T", default_value=6.0).to_request()["DefaultValue"] == 6.0
    assert ParameterBoolean(name="B", default_value=False).to_request() == {
        "Name": "B",
        "Type": "Boolean",
        "DefaultValue": False,
    }
    assert ParameterString(name="S").to_request() == {"Name": "S", "Type": "String"}
    assert ParameterString(name="E", default_value="a", enum_values=["a", "b"]).to_request() == {
        "Name": "E",
        "Type": "String",
        "DefaultValue": "a",
        "EnumValues": ["a", "b"],
    }


def test_expr_and_python_types() -> None:
    assert ParameterFloat(name="X").expr == {"Get": "Parameters.X"}
    assert ParameterTypeEnum.BOOLEAN.python_type is bool
    assert Parameter(name="Plain").parameter_type is ParameterTypeEnum.STRING


@pytest.mark.parametrize(
    ("factory", "value", "expected"),
    [
        (ParameterFloat, 1, "float"),
        (ParameterInteger, 1.5, "int"),
        (ParameterString, 3, "str"),
        (ParameterBoolean, 1, "bool"),
    ],
)
def test_a_truthy_default_of_the_wrong_type_is_refused(factory, value, expected) -> None:
    with pytest.raises(TypeError) as error:
        factory(name="P", default_value=value)
    assert f"expected a {expected}" in str(error.value)
    assert "'P'" in str(error.value)


@pytest.mark.parametrize(
    ("factory", "value"),
    [
        (ParameterFloat, 0),
        (ParameterString, ""),
        (ParameterInteger, False),
        (ParameterInteger, True),
    ],
)
def test_falsy_defaults_and_bools_as_ints_pass_like_sagemaker(factory, value) -> None:
    assert factory(name="P", default_value=value).to_request()["DefaultValue"] == value


def test_names_and_enum_values_are_checked() -> None:
    with pytest.raises(ValueError, match="non-empty string name"):
        ParameterString(name="")
    with pytest.raises(TypeError, match="enum_values"):
        ParameterString(name="E", enum_values=[1, 2])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="ParameterTypeEnum"):
        Parameter(name="P", parameter_type="String")  # type: ignore[arg-type]


def test_equality_and_hashing() -> None:
    assert ParameterInteger(name="A", default_value=1) == ParameterInteger(
        name="A", default_value=1
    )
    assert ParameterInteger(name="A", default_value=1) != ParameterInteger(
        name="A", default_value=2
    )
    assert ParameterInteger(name="A") != ParameterFloat(name="A")
    assert len({ParameterString(name="S"), ParameterString(name="S")}) == 1
