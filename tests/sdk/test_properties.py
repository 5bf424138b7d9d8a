import pytest

from dagmaker.definition.step_types import STEP_TYPES
from dagmaker.workflow.properties import Properties, PropertiesList, PropertiesMap, PropertyFile


def _root(step_type: str, name: str = "S") -> Properties:
    return Properties(name, shape_name=STEP_TYPES[step_type].shape)


def test_member_paths_render_as_get_expressions() -> None:
    train = _root("Training", "TrainAbaloneModel")
    assert train.ModelArtifacts.S3ModelArtifacts.expr == {
        "Get": "Steps.TrainAbaloneModel.ModelArtifacts.S3ModelArtifacts"
    }
    assert train.expr == {"Get": "Steps.TrainAbaloneModel"}


def test_list_and_map_indexes_use_brackets_and_single_quotes() -> None:
    prep = _root("Processing", "P")
    outputs = prep.ProcessingOutputConfig.Outputs
    assert isinstance(outputs, PropertiesList)
    assert outputs["train"].S3Output.S3Uri.expr == {
        "Get": "Steps.P.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri"
    }
    assert outputs[0].OutputName.expr == {
        "Get": "Steps.P.ProcessingOutputConfig.Outputs[0].OutputName"
    }
    environment = prep.Environment
    assert isinstance(environment, PropertiesMap)
    assert environment["KEY"].expr == {"Get": "Steps.P.Environment['KEY']"}
    metric = _root("Training", "T").FinalMetricDataList["validation:rmse"].Value
    assert metric.expr == {"Get": "Steps.T.FinalMetricDataList['validation:rmse'].Value"}


def test_each_job_type_is_typed_by_its_describe_response() -> None:
    assert _root("Transform").TransformOutput.S3OutputPath.expr["Get"].endswith("S3OutputPath")
    assert _root("Model").PrimaryContainer.ModelDataUrl.expr == {
        "Get": "Steps.S.PrimaryContainer.ModelDataUrl"
    }
    assert _root("RegisterModel").ModelPackageArn.expr == {"Get": "Steps.S.ModelPackageArn"}
    tuning = _root("Tuning")
    assert tuning.BestTrainingJob.TrainingJobName.expr == {
        "Get": "Steps.S.BestTrainingJob.TrainingJobName"
    }
    assert tuning.TrainingJobSummaries[2].TrainingJobName.expr == {
        "Get": "Steps.S.TrainingJobSummaries[2].TrainingJobName"
    }
    assert _root("EMR").Status.State.expr == {"Get": "Steps.S.Status.State"}
    assert _root("AutoML").BestCandidate.InferenceContainers[0].Environment["MODEL"].expr == {
        "Get": "Steps.S.BestCandidate.InferenceContainers[0].Environment['MODEL']"
    }
    assert _root("AutoML").BestCandidateProperties.ModelInsightsJsonReportPath.expr == {
        "Get": "Steps.S.BestCandidateProperties.ModelInsightsJsonReportPath"
    }


def test_sagemaker_style_service_name_for_emr_shapes() -> None:
    step = Properties("E", shape_name="Step", service_name="emr")
    assert step.Config.Jar.expr == {"Get": "Steps.E.Config.Jar"}


def test_a_misspelt_name_lists_the_valid_names_and_suggests_one() -> None:
    train = _root("Training", "Train")
    with pytest.raises(AttributeError) as error:
        train.ModelArtifact  # noqa: B018
    message = str(error.value)
    assert "Steps.Train has no property 'ModelArtifact'" in message
    assert "Did you mean 'ModelArtifacts'?" in message
    assert "TrainingJobName" in message and "FinalMetricDataList" in message
    with pytest.raises(AttributeError, match="Valid names: S3ModelArtifacts"):
        train.ModelArtifacts.S3Uri  # noqa: B018


def test_scalars_lists_and_structures_explain_misuse() -> None:
    prep = _root("Processing", "P")
    with pytest.raises(AttributeError, match="is a string and has no property 'Foo'"):
        prep.ProcessingJobName.Foo  # noqa: B018
    with pytest.raises(AttributeError, match=r"is a list.*index it with \[0\]"):
        prep.ProcessingOutputConfig.Outputs.S3Output  # noqa: B018
    with pytest.raises(TypeError, match="not a list or a map"):
        prep.ProcessingOutputConfig[0]
    with pytest.raises(TypeError, match="index with an int"):
        prep.ProcessingOutputConfig.Outputs[1.5]  # type: ignore[index]
    with pytest.raises(TypeError):
        prep.ProcessingOutputConfig.Outputs[True]
    with pytest.raises(ValueError, match="single quote"):
        prep.Environment["it's"]


def test_nodes_are_cached_and_dir_lists_members() -> None:
    train = _root("Training")
    assert train.ModelArtifacts is train.ModelArtifacts
    assert train.FinalMetricDataList[0] is train.FinalMetricDataList[0]
    assert "ModelArtifacts" in dir(train)


def test_referenced_steps_prefers_the_step_object() -> None:
    owner = object()
    with_step = Properties("A", shape_name="DescribeModelOutput", step=owner)
    assert with_step.ModelName._referenced_steps == [owner]
    assert Properties("A")._referenced_steps == ["A"]


def test_unknown_shapes_and_attached_members() -> None:
    with pytest.raises(ValueError, match="unknown property shape"):
        Properties("A", shape_name="NoSuchShape")
    root = Properties("L")
    root.attach("Outputs", {"x": 1})
    assert root.Outputs == {"x": 1}
    with pytest.raises(AttributeError, match="Valid names: Outputs"):
        root.Output  # noqa: B018


def test_property_file() -> None:
    report = PropertyFile(name="EvaluationReport", output_name="evaluation", path="evaluation.json")
    assert report.expr == {
        "PropertyFileName": "EvaluationReport",
        "OutputName": "evaluation",
        "FilePath": "evaluation.json",
    }
    assert report == PropertyFile("EvaluationReport", "evaluation", "evaluation.json")
    with pytest.raises(ValueError, match="output_name"):
        PropertyFile(name="R", output_name="", path="x.json")
