"""Channel files are read as SageMaker's built-in XGBoost reads them."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dagmaker.errors import JobFailure
from dagmaker.runners.builtin.xgboost_data import data_files, data_format, read_channel


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        (None, "libsvm"),
        ("text/csv", "csv"),
        ("csv", "csv"),
        ("text/csv; label_size=1", "csv"),
        ("Text/CSV;charset=utf-8", "csv"),
        ("libsvm", "libsvm"),
        ("text/libsvm", "libsvm"),
        ("text/x-libsvm", "libsvm"),
    ],
)
def test_content_types(content_type, expected):
    assert data_format("train", content_type) == expected


def test_unknown_content_type_lists_the_accepted_ones():
    with pytest.raises(
        JobFailure, match="'image/png' is not an accepted ContentType; use one of csv"
    ):
        data_format("train", "image/png")


def test_data_files_are_recursive_sorted_and_skip_hidden_names(tmp_path):
    for name in ("b.csv", "a/z.csv", "a/.x.csv", ".hidden/q.csv", "_SUCCESS", "c/_tmp/d.csv"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("1,2\n")

    assert [p.relative_to(tmp_path).as_posix() for p in data_files(tmp_path)] == [
        "a/z.csv",
        "b.csv",
    ]
    assert data_files(tmp_path / "missing") == []


def test_csv_rows_labels_missing_cells_and_delimiters(tmp_path):
    (tmp_path / "a.csv").write_text("1,0.5,2\n\n0,,3\r\n")
    (tmp_path / "b.csv").write_text("2\t1.5\t-4e-1\n")

    data = read_channel("train", tmp_path, "text/csv", csv_weights=False)

    assert data.num_rows == 3 and data.num_columns == 2 and not data.sparse
    assert data.labels.tolist() == [1.0, 0.0, 2.0]
    assert data.features[0].tolist() == [0.5, 2.0]
    assert math.isnan(data.features[1][0])
    assert data.features[2].tolist() == pytest.approx([1.5, -0.4])
    matrix = data.dmatrix(2)
    assert (matrix.num_row(), matrix.num_col()) == (3, 2)


def test_csv_weights_come_from_the_second_column(tmp_path):
    (tmp_path / "w.csv").write_text("1,0.25,7,8\n0,2,9,10\n")

    data = read_channel("train", tmp_path, "csv", csv_weights=True)

    assert data.weights is not None and data.weights.tolist() == [0.25, 2.0]
    assert data.features.tolist() == [[7.0, 8.0], [9.0, 10.0]]
    assert data.dmatrix(2).get_weight().tolist() == [0.25, 2.0]


def test_libsvm_labels_weights_qids_and_indices(tmp_path):
    (tmp_path / "r.libsvm").write_text(
        "1:0.5 qid:1 3:2.5 1:1 # comment\n0:1.5 qid:1 2:-1\n\n2:1 qid:2\n"
    )

    data = read_channel("train", tmp_path, None, csv_weights=False)

    assert data.sparse and data.num_rows == 3 and data.num_columns == 4
    assert data.labels.tolist() == [1.0, 0.0, 2.0]
    assert data.weights is not None and data.weights.tolist() == [0.5, 1.5, 1.0]
    assert data.qid is not None and data.qid.tolist() == [1, 1, 2]
    dense = np.nan_to_num(data.dmatrix(6).get_data().toarray())
    assert dense.shape == (3, 6)
    assert dense[0].tolist() == [0, 1.0, 0, 2.5, 0, 0]
    assert dense[1].tolist() == [0, 0, -1.0, 0, 0, 0]


@pytest.mark.parametrize(
    ("text", "content_type", "message"),
    [
        ("1,2\nx,3\n", "csv", "file 'f', line 2: label 'x' is not a number"),
        ("1,2\n1,inf\n", "csv", "file 'f', line 2: column 2: 'inf' is infinite"),
        ("nan,2\n", "csv", "file 'f', line 1: the label must be a number, got 'nan'"),
        ("1 1:2\n1 2:-inf\n", "libsvm", "line 2: in '2:-inf', the value '-inf' is infinite"),
        ("1 1:2\n1 2:z\n", "libsvm", "line 2: in '2:z', the value 'z' is not a number"),
        ("1 a:2\n", "libsvm", "file 'f', line 1: 'a:2' is not '<index>:<value>'"),
        ("1 3\n", "libsvm", "file 'f', line 1: '3' is not '<index>:<value>'"),
        ("y 1:2\n", "libsvm", "file 'f', line 1: label 'y' is not a number"),
        (
            "1:2 1:1\n0 1:1\n",
            "libsvm",
            "some LibSVM rows have a <label>:<weight> and others do not",
        ),
    ],
)
def test_malformed_records(tmp_path, text, content_type, message):
    (tmp_path / "f").write_text(text)

    with pytest.raises(JobFailure) as caught:
        read_channel("train", tmp_path, content_type, csv_weights=False)
    assert message in caught.value.message
    assert caught.value.message.startswith(("Invalid data in channel 'train'", "Channel 'train'"))
