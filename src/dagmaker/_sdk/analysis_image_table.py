"""Where SageMaker's analysis images live: Model Monitor's analyzer and Clarify.

``image_uris.retrieve("model-monitor", region)`` and ``retrieve("clarify", region)``
read this table. The analyzer image has no tag; Clarify's has one version, ``1.0``.
Locally the runners map these repositories to dagmaker's own analysis programs, so the
account and region matter only for fidelity with URIs written by SageMaker's SDK.
"""

from __future__ import annotations

from dagmaker._sdk.image_uri_table import FrameworkSpec, VersionSpec

MODEL_MONITOR_ACCOUNTS = {
    "af-south-1": "875698925577",
    "ap-east-1": "001633400207",
    "ap-northeast-1": "574779866223",
    "ap-northeast-2": "709848358524",
    "ap-northeast-3": "990339680094",
    "ap-south-1": "126357580389",
    "ap-southeast-1": "245545462676",
    "ap-southeast-2": "563025443158",
    "ap-southeast-3": "669540362728",
    "ca-central-1": "536280801234",
    "cn-north-1": "453000072557",
    "cn-northwest-1": "453252182341",
    "eu-central-1": "048819808253",
    "eu-central-2": "590183933784",
    "eu-north-1": "895015795356",
    "eu-south-1": "933208885752",
    "eu-south-2": "437450045455",
    "eu-west-1": "468650794304",
    "eu-west-2": "749857270468",
    "eu-west-3": "680080141114",
    "il-central-1": "843974653677",
    "me-central-1": "588750061953",
    "me-south-1": "607024016150",
    "sa-east-1": "539772159869",
    "us-east-1": "156813124566",
    "us-east-2": "777275614652",
    "us-isof-east-1": "853188333426",
    "us-isof-south-1": "467912361380",
    "us-west-1": "890145073186",
    "us-west-2": "159807026194",
}
CLARIFY_ACCOUNTS = {
    "af-south-1": "811711786498",
    "ap-east-1": "098760798382",
    "ap-northeast-1": "377024640650",
    "ap-northeast-2": "263625296855",
    "ap-northeast-3": "912233562940",
    "ap-south-1": "452307495513",
    "ap-southeast-1": "834264404009",
    "ap-southeast-2": "007051062584",
    "ap-southeast-3": "705930551576",
    "ca-central-1": "675030665977",
    "cn-north-1": "122526803553",
    "cn-northwest-1": "122578899357",
    "eu-central-1": "017069133835",
    "eu-central-2": "730335477804",
    "eu-north-1": "763603941244",
    "eu-south-1": "638885417683",
    "eu-west-1": "131013547314",
    "eu-west-2": "440796970383",
    "eu-west-3": "341593696636",
    "me-south-1": "835444307964",
    "sa-east-1": "520018980103",
    "us-east-1": "205585389593",
    "us-east-2": "211330385671",
    "us-gov-west-1": "598674086554",
    "us-isof-east-1": "579539705040",
    "us-isof-south-1": "411392592546",
    "us-west-1": "740489534195",
    "us-west-2": "306415355426",
}

ANALYSIS_FRAMEWORKS: dict[str, FrameworkSpec] = {
    "model-monitor": FrameworkSpec(
        accounts=MODEL_MONITOR_ACCOUNTS,
        versions={"": VersionSpec({"monitoring": "sagemaker-model-monitor-analyzer"})},
        aliases={"": ""},
        default_scope="monitoring",
    ),
    "clarify": FrameworkSpec(
        accounts=CLARIFY_ACCOUNTS,
        versions={"1.0": VersionSpec({"processing": "sagemaker-clarify-processing"})},
        aliases={"": "1.0"},
        default_scope="processing",
    ),
}
