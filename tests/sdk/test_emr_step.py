import pytest

from dagmaker.workflow.emr_step import EMRStep, EMRStepConfig
from dagmaker.workflow.parameters import ParameterString

CONFIG = EMRStepConfig(jar="s3://b/job.jar")
GROUPS = {"Instances": {"InstanceGroups": [{"InstanceRole": "MASTER"}]}}


def _step(**kwargs) -> EMRStep:
    arguments = {"cluster_id": None, "step_config": CONFIG, **kwargs}
    return EMRStep(name="Emr", display_name=None, description=None, **arguments)


def test_running_cluster_form() -> None:
    cluster = ParameterString(name="Cluster")
    step = _step(cluster_id=cluster, execution_role_arn="arn:role")
    assert step.arguments == {
        "StepConfig": {"HadoopJarStep": {"Jar": "s3://b/job.jar"}},
        "ClusterId": cluster,
        "ExecutionRoleArn": "arn:role",
    }
    assert step.properties.ClusterId is cluster
    assert step.properties.Status.State.expr == {"Get": "Steps.Emr.Status.State"}


def test_cluster_config_form_and_step_config() -> None:
    config = EMRStepConfig(jar="j", args=["a"], main_class="Main", properties=[{"Key": "k"}])
    step = _step(cluster_config=GROUPS, step_config=config)
    assert step.arguments["ClusterConfig"] == GROUPS
    assert step.arguments["StepConfig"]["HadoopJarStep"] == {
        "Jar": "j",
        "Args": ["a"],
        "MainClass": "Main",
        "Properties": [{"Key": "k"}],
    }
    assert step.properties.ClusterConfig == GROUPS


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "needs cluster_id .* or cluster_config"),
        ({"cluster_id": "j-1", "cluster_config": GROUPS}, "got both cluster_id and cluster_config"),
        (
            {"cluster_config": GROUPS, "execution_role_arn": "r"},
            "execution_role_arn needs cluster_id",
        ),
        ({"cluster_config": {"Name": "x", **GROUPS}}, "must not contain Name"),
        ({"cluster_config": {"Steps": [], **GROUPS}}, "must not contain Steps"),
        ({"cluster_config": {"ReleaseLabel": "emr-6"}}, "must contain Instances"),
        (
            {"cluster_config": {"Instances": {"InstanceGroups": [], "TerminationProtected": True}}},
            "must not contain TerminationProtected",
        ),
        (
            {"cluster_config": {"Instances": {"InstanceGroups": [], "InstanceFleets": []}}},
            "exactly one of InstanceGroups and InstanceFleets",
        ),
        ({"cluster_config": {"Instances": {}}}, "exactly one of InstanceGroups and InstanceFleets"),
    ],
)
def test_cluster_rules(kwargs, message) -> None:
    with pytest.raises(ValueError, match=message) as error:
        _step(**kwargs)
    assert "'Emr'" in str(error.value)
