"""Service-model patterns written for Java's regex engine, matched with Python's."""

from __future__ import annotations

import pytest

from dagmaker._lib.java_regex import PatternError, compile_pattern

TAG = r"([\p{L}\p{Z}\p{N}_.:/=+\-@]*)"


@pytest.mark.parametrize(
    ("pattern", "value", "matches"),
    [
        ("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}", "my-pipeline", True),
        ("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}", "my_pipeline", False),  # whole value, not a prefix
        (TAG, "team: ml/=+@", True),
        (TAG, "café 東京 ٣", True),  # letters and digits of any script
        (TAG, "semi;colon", False),
        (TAG, "new\nline", False),
        (r"([\p{L}\p{Z}\p{N}_.:\/=+\-@]*)${1,128}", "key", True),  # Java's quantified "$"
        (r"arn:[\p{Alnum}\-]+:lambda:.*", "arn:aws-cn:lambda:x", True),
        (r"arn:[\p{Alnum}\-]+:lambda:.*", "arn:aws_x:lambda:x", False),
        (r"[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*", "tab\tand 😀", True),
        (r"[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*", "bell\x07", False),
        (r"[^\s\p{Cc}\p{Cf}]+", "visible", True),
        (r"[^\s\p{Cc}\p{Cf}]+", "zero\u200bwidth", False),
        (r"[^\s\p{Cc}\p{Cf}]+", "tab\t", False),
    ],
)
def test_patterns_match_whole_values_as_java_does(pattern: str, value: str, matches: bool) -> None:
    assert compile_pattern(pattern)(value) is matches


def test_an_unknown_property_is_an_error_not_a_silent_pass() -> None:
    with pytest.raises(PatternError):
        compile_pattern(r"[\p{Nonsense}]")("x")
