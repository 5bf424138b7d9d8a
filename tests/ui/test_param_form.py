"""The start form: inputs typed from the definition's parameters, and what it sends."""

from __future__ import annotations

from dagmaker.server.ui.param_form import fields, start_parameters, submitted

DEFINITION = {
    "Parameters": [
        {"Name": "Count", "Type": "Integer", "DefaultValue": 2},
        {"Name": "Rate", "Type": "Float", "DefaultValue": 0.5},
        {"Name": "Strict", "Type": "Boolean", "DefaultValue": False},
        {"Name": "Env", "Type": "String", "DefaultValue": "dev", "EnumValues": ["dev", "prod"]},
        {"Name": "Note", "Type": "String"},
        {"Name": "Untyped"},
        "not a parameter",
    ]
}


def test_inputs_follow_the_declared_types() -> None:
    found = {f.name: f for f in fields(DEFINITION, {})}
    assert list(found) == ["Count", "Rate", "Strict", "Env", "Note", "Untyped"]
    assert (found["Count"].kind, found["Count"].step, found["Count"].value) == ("number", "1", "2")
    assert (found["Rate"].kind, found["Rate"].step) == ("number", "any")
    assert found["Strict"].choices == ("true", "false") and found["Strict"].value == "false"
    assert found["Env"].kind == "select" and found["Env"].choices == ("dev", "prod")
    assert not found["Note"].has_default and found["Note"].value == ""
    assert found["Untyped"].type == "String" and found["Untyped"].kind == "text"
    assert found["Count"].input_name == "param.Count"


def test_values_offered_again_replace_the_defaults() -> None:
    found = {f.name: f for f in fields(DEFINITION, {"Count": "7", "Env": "prod"})}
    assert found["Count"].value == "7" and found["Env"].value == "prod"


def test_what_the_form_sends() -> None:
    form = {"param.Count": ["", "ignored"], "param.Rate": ["0.9"], "param.Note": [""], "x": ["1"]}
    given = submitted(form)
    assert given == {"Count": "", "Rate": "0.9", "Note": ""}
    sent = start_parameters(fields(DEFINITION, given), given)
    # A blank number falls back to its default; a blank String is a value.
    assert sent == [{"Name": "Rate", "Value": "0.9"}, {"Name": "Note", "Value": ""}]
