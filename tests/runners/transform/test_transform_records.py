"""Splitting, batching, joining and filtering records of a batch transform."""

from __future__ import annotations

import json

import pytest

from dagmaker.errors import JobFailure
from dagmaker.runners import transform_records as tr
from dagmaker.runners.jsonpath_filter import parse
from dagmaker.runners.transform_records import Record


def test_line_split_numbers_records_by_line_and_skips_blank_lines() -> None:
    data = b"a,1\r\n\nb,2\n  \nc,3"
    assert list(tr.split_records(data, "Line")) == [
        Record(1, b"a,1"),
        Record(3, b"b,2"),
        Record(5, b"c,3"),
    ]
    assert list(tr.split_records(data, "None")) == [Record(1, data)]


@pytest.mark.parametrize("split", ["RecordIO", "TFRecord"])
def test_binary_split_types_are_refused(split: str) -> None:
    with pytest.raises(JobFailure, match=f"SplitType '{split}' is not supported"):
        list(tr.split_records(b"x", split))


def _records(count: int, width: int = 9) -> list[Record]:
    return [Record(i, b"x" * width) for i in range(1, count + 1)]


def test_single_record_batches_hold_one_record_each() -> None:
    batches = list(tr.batches(iter(_records(3)), "SingleRecord", 100))
    assert [[r.number for r in b] for b in batches] == [[1], [2], [3]]


def test_multi_record_batches_fill_up_to_the_payload_limit() -> None:
    # Each record costs its 9 bytes plus a line break: three fit in 30 bytes, not four.
    batches = list(tr.batches(iter(_records(7)), "MultiRecord", 30))
    assert [[r.number for r in b] for b in batches] == [[1, 2, 3], [4, 5, 6], [7]]
    assert all(len(tr.payload(b)) <= 30 for b in batches)
    assert tr.payload(batches[0]) == b"xxxxxxxxx\nxxxxxxxxx\nxxxxxxxxx"


def test_zero_payload_limit_means_one_batch() -> None:
    assert len(list(tr.batches(iter(_records(1000)), "MultiRecord", 0))) == 1


def test_a_record_larger_than_the_limit_fails_naming_its_line() -> None:
    records = [Record(1, b"ok"), Record(4, b"y" * 50)]
    with pytest.raises(JobFailure, match="record at line 4 is 50 bytes"):
        list(tr.batches(iter(records), "MultiRecord", 20))


def test_chunks_cut_at_line_breaks_and_track_line_numbers() -> None:
    data = b"".join(f"{i:04d}\n".encode() for i in range(1, 11))  # 10 lines of 5 bytes
    chunks = list(tr.chunks(data, 16))
    assert [first for first, _ in chunks] == [1, 4, 7, 10]
    assert b"".join(c for _, c in chunks) == data
    assert all(len(c) <= 16 for _, c in chunks)
    assert list(tr.chunks(data, 0)) == [(1, data)]


def test_chunks_reject_a_line_longer_than_the_limit() -> None:
    with pytest.raises(JobFailure, match="record at line 2 is 30 bytes"):
        list(tr.chunks(b"short\n" + b"z" * 30 + b"\nend\n", 20))


def test_input_filter_on_csv_keeps_quoting() -> None:
    record = b'7,"a, b",1.5,2.5'
    assert tr.filter_record(record, "csv", parse("$[1:]")) == b'"a, b",1.5,2.5'
    assert tr.filter_record(record, "csv", parse("$[-1]")) == b"2.5"
    assert tr.filter_record(record, "csv", parse("$")) == record


def test_input_filter_on_json() -> None:
    record = b'{"id": 3, "features": [1, 2]}'
    assert tr.filter_record(record, "json", parse("$.features")) == b"[1,2]"


def test_a_csv_filter_selecting_an_object_fails() -> None:
    with pytest.raises(JobFailure, match="selected an object"):
        tr.render_record({"a": 1}, "csv")


@pytest.mark.parametrize(
    ("body", "content_type", "count", "expected"),
    [
        (b"1.5\n2.5\n", "text/csv", 2, [["1.5"], ["2.5"]]),
        (b"0.1,0.9\n0.7,0.3\n", "text/csv", 2, [["0.1", "0.9"], ["0.7", "0.3"]]),
        (b"[1.0, 2.0, 3.0]", "application/json", 3, [1.0, 2.0, 3.0]),
        (
            b'{"predictions": [{"score": 1}, {"score": 2}]}',
            "application/json",
            2,
            [
                {"score": 1},
                {"score": 2},
            ],
        ),
        (b'{"score": 1}\n{"score": 2}\n', "application/jsonlines", 2, [{"score": 1}, {"score": 2}]),
        (b"[4.0]", "application/json", 1, [[4.0]]),
        (b"yes\nno\n", "text/plain", 2, ["yes", "no"]),
    ],
)
def test_split_response_gives_one_output_per_record(
    body: bytes, content_type: str, count: int, expected: list[object]
) -> None:
    assert tr.split_response(body, content_type, count) == expected


def test_split_response_fails_when_counts_differ() -> None:
    with pytest.raises(JobFailure, match="returned 2 outputs for 3 records"):
        tr.split_response(b"1\n2\n", "text/csv", 3)


def test_join_appends_csv_outputs_and_nests_json_outputs() -> None:
    assert tr.join_record(b"7,1.5,2.5", ["0.9"], "csv") == ["7", "1.5", "2.5", "0.9"]
    assert tr.join_record(b'{"id": 7}', {"score": 1}, "json") == {
        "id": 7,
        "SageMakerOutput": {"score": 1},
    }
    assert tr.join_record(b"[1, 2]", 0.5, "json") == {
        "SageMakerInput": [1, 2],
        "SageMakerOutput": 0.5,
    }


def test_join_then_output_filter_then_render() -> None:
    joined = tr.join_record(b"id-1,3.0,4.0", ["12.5"], "csv")
    assert tr.render_record(parse("$[0,-1]").apply(joined), "csv") == b"id-1,12.5"
    document = tr.join_record(b'{"id": "a", "x": [1]}', [2.0], "json")
    rendered = tr.render_record(parse("$['id','SageMakerOutput']").apply(document), "json")
    assert json.loads(rendered) == {"id": "a", "SageMakerOutput": [2.0]}


def test_record_formats() -> None:
    assert tr.record_format("text/csv; charset=utf-8") == "csv"
    assert tr.record_format("application/jsonlines") == "json"
    assert tr.record_format("application/x-npy") == "other"
    assert tr.record_format(None) == "other"
