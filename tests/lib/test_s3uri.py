import dataclasses

import pytest

from dagmaker._lib import s3uri
from dagmaker._lib.s3uri import S3Uri, is_s3_uri, join, parse


@pytest.mark.parametrize(
    ("uri", "bucket", "key"),
    [
        ("s3://bucket/a/b.csv", "bucket", "a/b.csv"),
        ("s3://bucket", "bucket", ""),
        ("s3://bucket/", "bucket", ""),
        ("s3://bucket/prefix/", "bucket", "prefix/"),
        ("s3://my.bucket-1/x", "my.bucket-1", "x"),
        ("s3://Legacy_Bucket/x", "Legacy_Bucket", "x"),
        ("s3://b//abs", "b", "/abs"),
        ("s3://b/a b/ü?x=1#frag", "b", "a b/ü?x=1#frag"),
    ],
)
def test_parse_splits_bucket_and_key_verbatim(uri: str, bucket: str, key: str) -> None:
    assert parse(uri) == S3Uri(bucket, key)


@pytest.mark.parametrize(
    ("uri", "fragment"),
    [
        ("/local/path", "is not an S3 URI"),
        ("S3://bucket/key", "is not an S3 URI"),
        ("s3:/bucket/key", "is not an S3 URI"),
        ("https://bucket.s3.amazonaws.com/key", "is not an S3 URI"),
        ("", "is not an S3 URI"),
        ("s3://", "has no bucket name"),
        ("s3:///key", "has no bucket name"),
        ("s3://..", "invalid bucket name '..'"),
        ("s3://./key", "invalid bucket name '.'"),
        ("s3://-bucket/key", "invalid bucket name"),
        ("s3://bucket-/key", "invalid bucket name"),
        ("s3://buck et/key", "invalid bucket name"),
        ("s3://buck\\et/key", "invalid bucket name"),
        ("s3://" + "a" * 256 + "/key", "invalid bucket name"),
    ],
)
def test_parse_rejects_with_a_message_saying_what_is_wrong(uri: str, fragment: str) -> None:
    with pytest.raises(ValueError, match="s3://") as caught:
        parse(uri)
    assert fragment in str(caught.value)
    assert repr(uri) in str(caught.value)


def test_parse_rejects_non_strings() -> None:
    with pytest.raises(ValueError, match="is not an S3 URI"):
        parse(None)  # type: ignore[arg-type]


def test_str_round_trips() -> None:
    for uri in ["s3://b/a/b.csv", "s3://b/", "s3://b/dir/", "s3://b//abs"]:
        assert str(parse(uri)) == uri
    assert str(S3Uri("bucket", "k")) == "s3://bucket/k"
    assert str(parse("s3://bucket")) == "s3://bucket/"


def test_s3uri_is_frozen_and_hashable() -> None:
    uri = S3Uri("b", "k")
    with pytest.raises(dataclasses.FrozenInstanceError):
        uri.key = "other"  # type: ignore[misc]
    assert {uri, S3Uri("b", "k")} == {uri}


@pytest.mark.parametrize(
    ("base", "parts", "expected"),
    [
        ("s3://b", ("x",), "s3://b/x"),
        ("s3://b/", ("x",), "s3://b/x"),
        ("s3://b/a/", ("/c", "d.csv"), "s3://b/a/c/d.csv"),
        ("s3://b/a", ("c/", "/d"), "s3://b/a/c/d"),
        ("s3://b/a", ("", "c", ""), "s3://b/a/c"),
        ("s3://b/a", ("x//y",), "s3://b/a/x/y"),
        ("s3://b/a", ("out/",), "s3://b/a/out/"),
        ("s3://b/a/", (), "s3://b/a/"),
        ("s3://b/a", (), "s3://b/a"),
        ("s3://b", (), "s3://b/"),
        ("s3://b", ("/",), "s3://b/"),
        ("s3://b/pipe", ("code", "abc123", "run.py"), "s3://b/pipe/code/abc123/run.py"),
    ],
)
def test_join_uses_single_slashes(base: str, parts: tuple[str, ...], expected: str) -> None:
    assert join(base, *parts) == expected


def test_join_rejects_a_non_s3_base() -> None:
    with pytest.raises(ValueError, match="is not an S3 URI"):
        join("/tmp/x", "y")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("s3://b/k", True),
        ("s3://bucket", True),
        ("s3://", False),
        ("file:///x", False),
        ("s3://../x", False),
        (None, False),
        (42, False),
        (b"s3://b/k", False),
    ],
)
def test_is_s3_uri(value: object, expected: bool) -> None:
    assert is_s3_uri(value) is expected


@pytest.mark.parametrize(
    "name", ["abc", "my-bucket.logs", "a" * 63, "sagemaker-us-east-1-123456789012", "b1.b2"]
)
def test_valid_new_bucket_names(name: str) -> None:
    assert s3uri.bucket_name_problem(name) == ""


@pytest.mark.parametrize(
    "name",
    [
        "B_AD",
        "ab",
        "a" * 64,
        "Upper",
        "under_score",
        "-start",
        "end-",
        "two..dots",
        "192.168.5.4",
        "xn--bucket",
        "sthree-bucket",
        "bucket-s3alias",
        "bucket--ol-s3",
    ],
)
def test_invalid_new_bucket_names_quote_the_rule(name: str) -> None:
    problem = s3uri.bucket_name_problem(name)
    assert repr(name) in problem
    assert "lowercase letters, digits, '.' and '-'" in problem
