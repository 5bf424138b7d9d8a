"""Hyperparameters are checked and translated the way SageMaker's built-in XGBoost does."""

from __future__ import annotations

import pytest

from dagmaker.errors import JobFailure
from dagmaker.runners.builtin.xgboost_hyperparameters import TrainingConfig, training_config


def test_seed_hyperparameters_become_xgboost_parameters():
    config = training_config(
        {
            "objective": "reg:linear",
            "num_round": "50",
            "max_depth": "5",
            "eta": "0.2",
            "gamma": "4",
            "min_child_weight": "6",
            "subsample": "0.7",
            "silent": "0",
        }
    )

    assert config == TrainingConfig(
        num_round=50,
        params={
            "objective": "reg:squarederror",
            "max_depth": 5,
            "eta": 0.2,
            "gamma": 4.0,
            "min_child_weight": 6.0,
            "subsample": 0.7,
        },
        ignored=(
            "silent has no effect: replaced by verbosity in XGBoost 1.0 "
            "(silent=1 sets verbosity=0)",
        ),
    )


def test_aliases_integers_written_as_floats_and_silent():
    config = training_config(
        {
            "num_round": "10.0",
            "learning_rate": "0.1",
            "reg_lambda": "2",
            "silent": "1",
            "sagemaker_program": "x",
        }
    )

    assert config.num_round == 10
    assert config.params == {"eta": 0.1, "lambda": 2.0, "verbosity": 0}


def test_eval_metrics_are_split_between_xgboost_and_the_container():
    config = training_config(
        {
            "num_round": "5",
            "objective": "binary:logistic",
            "eval_metric": "auc, error@0.7,f1,accuracy",
            "early_stopping_rounds": "4",
            "csv_weights": "1",
        }
    )

    assert config.params["eval_metric"] == ["auc", "error@0.7"]
    assert config.container_metrics == ("f1", "accuracy")
    assert config.early_stopping_rounds == 4
    assert config.early_stopping_metric == "accuracy"
    assert config.csv_weights is True


def test_tuning_objective_metric_is_evaluated_and_watched():
    config = training_config(
        {"num_round": "5", "eval_metric": "mae", "_tuning_objective_metric": "validation:rmse"}
    )

    assert config.params == {"eval_metric": ["mae", "rmse"]}
    assert config.early_stopping_metric == "rmse"


def test_multiclass_and_constraints():
    config = training_config(
        {
            "num_round": "5",
            "objective": "multi:softprob",
            "num_class": "3",
            "monotone_constraints": "( 1, 0,-1 )",
            "interaction_constraints": "[[0, 1], [2]]",
            "updater": "grow_colmaker,prune",
        }
    )

    assert config.params == {
        "objective": "multi:softprob",
        "num_class": 3,
        "monotone_constraints": "(1,0,-1)",
        "interaction_constraints": "[[0,1],[2]]",
        "updater": "grow_colmaker,prune",
    }


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({}, "Hyperparameter num_round: missing required hyperparameter"),
        ({"num_round": "0"}, "Hyperparameter num_round: 0 is not in [1, +inf)"),
        ({"num_round": "2.5"}, "Hyperparameter num_round: expected an integer, got '2.5'"),
        ({"num_round": "5", "subsample": "0"}, "Hyperparameter subsample: 0 is not in (0, 1]"),
        (
            {"num_round": "5", "eta": "nan"},
            "Hyperparameter eta: expected a finite number, got 'nan'",
        ),
        ({"num_round": "5", "gamma": "big"}, "Hyperparameter gamma: expected a number, got 'big'"),
        (
            {"num_round": "5", "booster": "forest"},
            "Hyperparameter booster: 'forest' is not one of: gbtree",
        ),
        ({"num_round": "5", "maxdepth": "3"}, "Hyperparameter maxdepth: not a hyperparameter"),
        ({"num_round": "5", "eta": "0.1", "learning_rate": "0.2"}, "given twice, as 'eta'"),
        (
            {"num_round": "5", "num_class": "3"},
            "Hyperparameter num_class: only used by multi-class",
        ),
        (
            {"num_round": "5", "eval_metric": "auc"},
            "'auc' only applies to classification and ranking",
        ),
        ({"num_round": "5", "eval_metric": "error@x"}, "expected a number after '@' in 'error@x'"),
        ({"num_round": "5", "eval_metric": "rmse@2"}, "unknown metric 'rmse@2'"),
        ({"num_round": "5", "eval_metric": " , "}, "expected a comma-separated list"),
        ({"num_round": "5", "_tuning_objective_metric": "test:rmse"}, "'test:rmse' is not one of"),
        ({"num_round": "5", "monotone_constraints": "(2,0)"}, "expected a tuple of -1, 0 and 1"),
        (
            {"num_round": "5", "interaction_constraints": "[0,1]"},
            "expected a list of feature-index lists",
        ),
        ({"num_round": "5", "updater": "grow_gpu"}, "unknown updater 'grow_gpu'"),
        ({"num_round": "5", "use_dask_gpu_training": "true"}, "GPU training is not available"),
    ],
)
def test_bad_hyperparameters_name_the_problem(raw, message):
    with pytest.raises(JobFailure) as caught:
        training_config(raw)

    assert message in caught.value.message
