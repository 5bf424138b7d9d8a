"""Script mode: the arguments and SM_* environment SageMaker's training toolkit provides."""

from __future__ import annotations

import json

from dagmaker.runners.script_mode import (
    DecodedHyperparameters,
    cli_args,
    decode_hyperparameters,
    env_value,
    framework_parameters,
    host_names,
    input_data_config_file,
    resource_config,
    training_env,
)

# What a framework estimator writes to hyperparameters.json: every value JSON-encoded,
# except values set through set_hyperparameters on a generic Estimator.
RAW = {
    "n_estimators": "50",
    "max-depth": "3",
    "criterion": '"gini"',
    "verbose": "true",
    "layers": "[64, 32]",
    "nothing": "null",
    "objective": "reg:linear",
    "sagemaker_program": '"train.py"',
    "sagemaker_submit_directory": '"s3://bucket/job-1/source/sourcedir.tar.gz"',
    "sagemaker_container_log_level": "20",
    "sagemaker_job_name": '"job-1"',
    "sagemaker_region": '"us-east-1"',
    "sagemaker_mpi_enabled": "false",
    "_tuning_objective_metric": '"validation:rmse"',
}
USER = {
    "n_estimators": 50,
    "max-depth": 3,
    "criterion": "gini",
    "verbose": True,
    "layers": [64, 32],
    "nothing": None,
    "objective": "reg:linear",
}
SDK = {
    "sagemaker_program": "train.py",
    "sagemaker_submit_directory": "s3://bucket/job-1/source/sourcedir.tar.gz",
    "sagemaker_container_log_level": 20,
    "sagemaker_job_name": "job-1",
    "sagemaker_region": "us-east-1",
    "sagemaker_mpi_enabled": False,
    "_tuning_objective_metric": "validation:rmse",
}
CHANNELS = [
    {
        "ChannelName": "train",
        "DataSource": {
            "S3DataSource": {
                "S3DataType": "S3Prefix",
                "S3Uri": "s3://bucket/train",
                "S3DataDistributionType": "FullyReplicated",
            }
        },
        "ContentType": "text/csv",
    },
    {
        "ChannelName": "test",
        "DataSource": {
            "S3DataSource": {
                "S3DataType": "S3Prefix",
                "S3Uri": "s3://bucket/test",
                "S3DataDistributionType": "ShardedByS3Key",
            }
        },
        "InputMode": "Pipe",
        "RecordWrapperType": "RecordIO",
    },
]
INPUT_DATA_CONFIG = {
    "train": {
        "ContentType": "text/csv",
        "TrainingInputMode": "File",
        "S3DistributionType": "FullyReplicated",
        "RecordWrapperType": "None",
    },
    "test": {
        "TrainingInputMode": "Pipe",
        "S3DistributionType": "ShardedByS3Key",
        "RecordWrapperType": "RecordIO",
    },
}
GROUP = {
    "instance_group_name": "homogeneousCluster",
    "instance_type": "ml.m5.xlarge",
    "hosts": ["algo-1", "algo-2"],
}
RESOURCE_CONFIG = {
    "current_host": "algo-2",
    "current_instance_type": "ml.m5.xlarge",
    "current_group_name": "homogeneousCluster",
    "hosts": ["algo-1", "algo-2"],
    "instance_groups": [GROUP],
    "network_interface_name": "eth0",
}
BASE = "/tmp/job/opt_ml"


def test_decode_hyperparameters_restores_types_and_splits_out_sdk_keys():
    decoded = decode_hyperparameters(RAW)

    assert decoded == DecodedHyperparameters(user=USER, sagemaker=SDK)
    assert framework_parameters(decoded.sagemaker) == {"sagemaker_mpi_enabled": False}


def test_cli_args_follow_the_toolkit_rendering():
    assert cli_args(USER) == [
        "--criterion",
        "gini",
        "--layers",
        "[64, 32]",
        "--max-depth",
        "3",
        "--n_estimators",
        "50",
        "--nothing",
        "",
        "--objective",
        "reg:linear",
        "--verbose",
        "True",
    ]
    assert cli_args({"opts": {"b": 2, "a": "x"}, "a": 0.5, "flag": False}) == [
        "-a",
        "0.5",
        "--flag",
        "False",
        "--opts",
        "a=x,b=2",
    ]


def test_env_values():
    assert env_value("text") == "text"
    assert env_value(None) == ""
    assert env_value(True) == "true"
    assert env_value(3) == "3"
    assert env_value({"b": [1, 2], "a": "é"}) == '{"a":"\\u00e9","b":[1,2]}'


def test_config_documents_from_a_create_training_job_request():
    assert input_data_config_file(CHANNELS) == INPUT_DATA_CONFIG
    assert input_data_config_file(CHANNELS[:1], training_input_mode="FastFile") == {
        "train": {**INPUT_DATA_CONFIG["train"], "TrainingInputMode": "FastFile"}
    }
    assert host_names(3) == ["algo-1", "algo-2", "algo-3"]
    assert resource_config(2, "algo-2", instance_type="ml.m5.xlarge") == RESOURCE_CONFIG
    assert resource_config(["algo-1"], "algo-1")["instance_groups"] == [
        {"instance_group_name": "homogeneousCluster", "instance_type": "local", "hosts": ["algo-1"]}
    ]


def test_training_env_variables():
    env = training_env(
        RAW,
        INPUT_DATA_CONFIG,
        RESOURCE_CONFIG,
        num_cpus=4,
        base=BASE,
        job_name="job-1",
        framework_module="sagemaker_sklearn_container.training:main",
    )
    training = json.loads(env.pop("SM_TRAINING_ENV"))

    assert env == {
        "SM_HOSTS": '["algo-1","algo-2"]',
        "SM_NETWORK_INTERFACE_NAME": "eth0",
        "SM_USER_ENTRY_POINT": "train.py",
        "SM_RESOURCE_CONFIG": (
            '{"current_group_name":"homogeneousCluster","current_host":"algo-2",'
            '"current_instance_type":"ml.m5.xlarge","hosts":["algo-1","algo-2"],'
            '"instance_groups":[{"hosts":["algo-1","algo-2"],"instance_group_name":'
            '"homogeneousCluster","instance_type":"ml.m5.xlarge"}],"network_interface_name":"eth0"}'
        ),
        "SM_INPUT_DATA_CONFIG": (
            '{"test":{"RecordWrapperType":"RecordIO","S3DistributionType":"ShardedByS3Key",'
            '"TrainingInputMode":"Pipe"},"train":{"ContentType":"text/csv","RecordWrapperType":'
            '"None","S3DistributionType":"FullyReplicated","TrainingInputMode":"File"}}'
        ),
        "SM_OUTPUT_DATA_DIR": "/tmp/job/opt_ml/output/data",
        "SM_CURRENT_HOST": "algo-2",
        "SM_CURRENT_INSTANCE_TYPE": "ml.m5.xlarge",
        "SM_CURRENT_INSTANCE_GROUP": "homogeneousCluster",
        "SM_CURRENT_INSTANCE_GROUP_HOSTS": '["algo-1","algo-2"]',
        "SM_INSTANCE_GROUPS": '["homogeneousCluster"]',
        "SM_INSTANCE_GROUPS_DICT": (
            '{"homogeneousCluster":{"hosts":["algo-1","algo-2"],"instance_group_name":'
            '"homogeneousCluster","instance_type":"ml.m5.xlarge"}}'
        ),
        "SM_DISTRIBUTION_INSTANCE_GROUPS": "[]",
        "SM_IS_HETERO": "false",
        "SM_MODULE_NAME": "train",
        "SM_LOG_LEVEL": "20",
        "SM_FRAMEWORK_MODULE": "sagemaker_sklearn_container.training:main",
        "SM_INPUT_DIR": "/tmp/job/opt_ml/input",
        "SM_INPUT_CONFIG_DIR": "/tmp/job/opt_ml/input/config",
        "SM_OUTPUT_DIR": "/tmp/job/opt_ml/output",
        "SM_NUM_CPUS": "4",
        "SM_NUM_GPUS": "0",
        "SM_MODEL_DIR": "/tmp/job/opt_ml/model",
        "SM_MODULE_DIR": "s3://bucket/job-1/source/sourcedir.tar.gz",
        "SM_OUTPUT_INTERMEDIATE_DIR": "/tmp/job/opt_ml/output/intermediate",
        "SM_HPS": (
            '{"criterion":"gini","layers":[64,32],"max-depth":3,"n_estimators":50,'
            '"nothing":null,"objective":"reg:linear","verbose":true}'
        ),
        "SM_FRAMEWORK_PARAMS": '{"sagemaker_mpi_enabled":false}',
        "SM_CHANNELS": '["test","train"]',
        "SM_USER_ARGS": (
            '["--criterion","gini","--layers","[64, 32]","--max-depth","3","--n_estimators",'
            '"50","--nothing","","--objective","reg:linear","--verbose","True"]'
        ),
        "SM_CHANNEL_TRAIN": "/tmp/job/opt_ml/input/data/train",
        "SM_CHANNEL_TEST": "/tmp/job/opt_ml/input/data/test",
        "SM_HP_N_ESTIMATORS": "50",
        "SM_HP_MAX-DEPTH": "3",
        "SM_HP_CRITERION": "gini",
        "SM_HP_VERBOSE": "true",
        "SM_HP_LAYERS": "[64,32]",
        "SM_HP_NOTHING": "",
        "SM_HP_OBJECTIVE": "reg:linear",
        "TRAINING_JOB_NAME": "job-1",
        "SAGEMAKER_JOB_NAME": "job-1",
        "SAGEMAKER_REGION": "us-east-1",
        "CURRENT_HOST": "algo-2",
    }
    assert training == {
        "additional_framework_parameters": {"sagemaker_mpi_enabled": False},
        "channel_input_dirs": {
            "train": "/tmp/job/opt_ml/input/data/train",
            "test": "/tmp/job/opt_ml/input/data/test",
        },
        "current_host": "algo-2",
        "current_instance_group": "homogeneousCluster",
        "current_instance_group_hosts": ["algo-1", "algo-2"],
        "current_instance_type": "ml.m5.xlarge",
        "distribution_hosts": [],
        "distribution_instance_groups": [],
        "framework_module": "sagemaker_sklearn_container.training:main",
        "hosts": ["algo-1", "algo-2"],
        "hyperparameters": USER,
        "input_config_dir": "/tmp/job/opt_ml/input/config",
        "input_data_config": INPUT_DATA_CONFIG,
        "input_dir": "/tmp/job/opt_ml/input",
        "instance_groups": ["homogeneousCluster"],
        "instance_groups_dict": {"homogeneousCluster": GROUP},
        "is_hetero": False,
        "is_master": False,
        "is_modelparallel_enabled": None,
        "job_name": "job-1",
        "log_level": 20,
        "master_hostname": "algo-1",
        "model_dir": "/tmp/job/opt_ml/model",
        "module_dir": "s3://bucket/job-1/source/sourcedir.tar.gz",
        "module_name": "train",
        "network_interface_name": "eth0",
        "num_cpus": 4,
        "num_gpus": 0,
        "output_data_dir": "/tmp/job/opt_ml/output/data",
        "output_dir": "/tmp/job/opt_ml/output",
        "output_intermediate_dir": "/tmp/job/opt_ml/output/intermediate",
        "resource_config": RESOURCE_CONFIG,
        "user_entry_point": "train.py",
    }


def test_training_env_defaults_and_distributed_frameworks():
    env = training_env(
        {"epochs": "2", "sagemaker_mpi_enabled": "true"},
        {"training": {"TrainingInputMode": "File"}},
        resource_config(2, "algo-1"),
        num_cpus=2,
    )
    training = json.loads(env["SM_TRAINING_ENV"])

    assert env["SM_MODEL_DIR"] == "/opt/ml/model"
    assert env["SM_CHANNEL_TRAINING"] == "/opt/ml/input/data/training"
    assert env["SM_USER_ENTRY_POINT"] == ""
    assert env["SM_MODULE_NAME"] == ""
    assert env["SM_MODULE_DIR"] == "/opt/ml/code"
    assert env["SM_FRAMEWORK_MODULE"] == ""
    assert env["SM_USER_ARGS"] == '["--epochs","2"]'
    assert env["SM_DISTRIBUTION_INSTANCE_GROUPS"] == '["homogeneousCluster"]'
    assert env["TRAINING_JOB_NAME"] == ""
    assert env["SAGEMAKER_REGION"] == ""
    assert training["distribution_hosts"] == ["algo-1", "algo-2"]
    assert training["is_master"] is True
    assert training["current_instance_type"] == "local"


def test_training_env_with_a_minimal_resource_config():
    env = training_env({}, {}, {"current_host": "algo-1", "hosts": ["algo-1"]}, num_cpus=1)
    training = json.loads(env["SM_TRAINING_ENV"])

    assert env["SM_CHANNELS"] == "[]"
    assert env["SM_HPS"] == "{}"
    assert env["SM_USER_ARGS"] == "[]"
    assert env["SM_INSTANCE_GROUPS"] == "[]"
    assert env["SM_CURRENT_INSTANCE_GROUP_HOSTS"] == "[]"
    assert training["distribution_hosts"] == ["algo-1"]
    assert training["master_hostname"] == "algo-1"
    assert training["is_master"] is True
