"""AutoML jobs through the wire protocol: boto3's sagemaker client against dagmaker server."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
import pytest
from botocore.exceptions import ClientError

from tests.server.conftest import RunningServer, boto_client

pytestmark = pytest.mark.slow
ROLE = "arn:aws:iam::000000000000:role/test"


def _rows() -> bytes:
    rng = np.random.default_rng(4)
    x = rng.normal(size=(120, 2))
    frame = pd.DataFrame(x.round(4), columns=["a", "b"])
    frame["y"] = np.where(x[:, 0] - x[:, 1] + rng.normal(0, 0.3, 120) > 0, "1", "0")
    return frame.to_csv(index=False).encode()


def test_boto3_creates_describes_and_lists_an_automl_job(server: RunningServer) -> None:
    sm: Any = boto_client(server, "sagemaker")
    s3: Any = boto_client(server, "s3")
    s3.create_bucket(Bucket="wire-automl")
    s3.put_object(Bucket="wire-automl", Key="train/rows.csv", Body=_rows())
    sm.create_auto_ml_job(
        AutoMLJobName="wire-automl",
        InputDataConfig=[
            {
                "DataSource": {
                    "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://wire-automl/train/"}
                },
                "TargetAttributeName": "y",
                "ContentType": "text/csv;header=present",
            }
        ],
        OutputDataConfig={"S3OutputPath": "s3://wire-automl/out"},
        AutoMLJobConfig={
            "Mode": "HYPERPARAMETER_TUNING",
            "CompletionCriteria": {"MaxCandidates": 1},
        },
        RoleArn=ROLE,
    )
    deadline = time.monotonic() + 300
    described = sm.describe_auto_ml_job(AutoMLJobName="wire-automl")
    while described["AutoMLJobStatus"] in ("InProgress", "Stopping"):
        assert time.monotonic() < deadline, "the job did not end"
        time.sleep(1)
        described = sm.describe_auto_ml_job(AutoMLJobName="wire-automl")
    assert described["AutoMLJobStatus"] == "Completed", described.get("FailureReason")
    assert isinstance(described["CreationTime"], datetime)
    best = described["BestCandidate"]
    assert best["FinalAutoMLJobObjectiveMetric"]["StandardMetricName"] == "F1"
    assert len(best["InferenceContainers"]) == 3
    listed = sm.list_candidates_for_auto_ml_job(AutoMLJobName="wire-automl")["Candidates"]
    assert [c["CandidateName"] for c in listed] == [best["CandidateName"]]
    v2 = sm.describe_auto_ml_job_v2(AutoMLJobName="wire-automl")
    assert v2["AutoMLProblemTypeConfig"]["TabularJobConfig"]["TargetAttributeName"] == "y"
    summaries = sm.list_auto_ml_jobs(NameContains="wire")["AutoMLJobSummaries"]
    assert [s["AutoMLJobName"] for s in summaries] == ["wire-automl"]
    with pytest.raises(ClientError) as missing:
        sm.describe_auto_ml_job(AutoMLJobName="no-such-job")
    assert missing.value.response["Error"]["Code"] == "ResourceNotFound"
