"""Each bias metric against the worked examples of the Clarify documentation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dagmaker.quality import bias_posttraining as post
from dagmaker.quality import bias_pretraining as pre
from dagmaker.quality.bias_math import MetricUnavailable, difference, divide


def _facet(**counts: int) -> tuple[list[bool], list[bool]]:
    """Observed and predicted labels from confusion counts (tp, fp, tn, fn)."""
    observed, predicted = [], []
    for key, (o, p) in {"tp": (1, 1), "fp": (0, 1), "tn": (0, 0), "fn": (1, 0)}.items():
        observed += [bool(o)] * counts.get(key, 0)
        predicted += [bool(p)] * counts.get(key, 0)
    return observed, predicted


def _data(a: dict[str, int], d: dict[str, int], **extra: object) -> post.PosttrainingData:
    a_obs, a_pred = _facet(**a)
    d_obs, d_pred = _facet(**d)
    return post.PosttrainingData(
        observed=np.array(a_obs + d_obs),
        predicted=np.array(a_pred + d_pred),
        facet=np.array([False] * len(a_obs) + [True] * len(d_obs)),
        **extra,  # type: ignore[arg-type]
    )


def _pre(a_pos: int, a_neg: int, d_pos: int, d_neg: int, **extra: object) -> pre.PretrainingData:
    observed = [True] * a_pos + [False] * a_neg + [True] * d_pos + [False] * d_neg
    facet = [False] * (a_pos + a_neg) + [True] * (d_pos + d_neg)
    return pre.PretrainingData(np.array(observed), np.array(facet), **extra)  # type: ignore[arg-type]


def test_class_imbalance_and_label_proportions() -> None:
    data = _pre(a_pos=80, a_neg=20, d_pos=30, d_neg=70)
    assert pre.class_imbalance(_pre(1, 2, 1, 0)) == pytest.approx((3 - 1) / 4)
    assert pre.positive_proportions(data) == pytest.approx(0.8 - 0.3)


def test_kl_matches_the_loan_example() -> None:
    # Approval 80% in facet a, 30% in facet d: KL = 0.8 ln(0.8/0.3) + 0.2 ln(0.2/0.7) ≈ 0.53.
    data = _pre(a_pos=80, a_neg=20, d_pos=30, d_neg=70)
    assert pre.kullback_leibler(data) == pytest.approx(0.5341, abs=1e-4)
    assert pre.jensen_shannon(data) == pytest.approx(
        0.5 * (0.8 * math.log(0.8 / 0.55) + 0.2 * math.log(0.2 / 0.45))
        + 0.5 * (0.3 * math.log(0.3 / 0.55) + 0.7 * math.log(0.7 / 0.45))
    )
    assert pre.lp_norm(data) == pytest.approx(math.sqrt(2) * 0.5)
    assert pre.total_variation(data) == pytest.approx(0.5)
    assert pre.kolmogorov_smirnov(data) == pytest.approx(0.5)


def test_distributions_keep_only_values_both_facets_have() -> None:
    # Facet d has no positives: only the negative share enters, not renormalised.
    data = _pre(a_pos=40, a_neg=60, d_pos=0, d_neg=50)
    assert pre.kullback_leibler(data) == pytest.approx(0.6 * math.log(0.6))
    assert pre.kolmogorov_smirnov(data) == pytest.approx(0.4)


def test_conditional_demographic_disparity_of_the_admissions_example() -> None:
    # Women are 46% of the rejected and 32% of the accepted: DD = 0.14; one group → CDD = DD.
    data = _pre(a_pos=68, a_neg=54, d_pos=32, d_neg=46, groups=np.array(["all"] * 200))
    assert pre.conditional_demographic_disparity(data) == pytest.approx(0.14)
    with pytest.raises(MetricUnavailable, match="Group variable is empty or not provided"):
        pre.conditional_demographic_disparity(_pre(1, 1, 1, 1))


def test_accuracy_difference_example() -> None:
    data = _data(dict(tp=60, fp=10, fn=20, tn=10), dict(tp=40, fp=10, fn=40, tn=10))
    assert post.accuracy_difference(data) == pytest.approx(0.2)


def test_recall_and_specificity_difference_examples() -> None:
    data = _data(dict(tn=20, fn=5, fp=10, tp=65), dict(tn=18, fn=7, fp=5, tp=20))
    assert post.recall_difference(data) == pytest.approx(65 / 70 - 20 / 27)
    assert post.specificity_difference(data) == pytest.approx(0.1159, abs=1e-4)


def test_treatment_equality_example() -> None:
    data = _data(dict(fn=8, fp=6, tp=43, tn=43), dict(fn=5, fp=2, tp=21, tn=22))
    assert post.treatment_equality(data) == pytest.approx(2.5 - 8 / 6)


def test_acceptance_and_rejection_rate_examples() -> None:
    accepted = _data(dict(tp=35, fp=35), dict(tp=40, fp=60))
    assert post.acceptance_rates(accepted) == pytest.approx(0.10)
    rejected = _data(dict(tn=80, fn=20), dict(tn=40, fn=10))
    assert post.rejection_rates(rejected) == pytest.approx(0.0)


def test_conditional_acceptance_and_rejection_examples() -> None:
    # 100 in facet a: 60 predicted positive, 70 observed; 50 in d: 30 predicted, 20 observed.
    accept = _data(dict(tp=60, fn=10, tn=30), dict(tp=20, fp=10, tn=20))
    assert post.conditional_acceptance(accept) == pytest.approx(0.5)
    # 60 / 30 predicted rejections; 50 / 40 observed ones.
    reject = _data(dict(tn=50, fn=10, tp=40), dict(tn=30, fp=10, tp=10))
    assert post.conditional_rejection(reject) == pytest.approx(40 / 30 - 50 / 60)


def test_predicted_proportions_and_disparate_impact() -> None:
    data = _data(dict(tp=60, tn=40), dict(tp=25, tn=25))
    assert post.predicted_proportions(data) == pytest.approx(0.1)
    assert post.disparate_impact(data) == pytest.approx(0.5 / 0.6)


def test_all_positive_predictions_give_the_fraud_samples_pattern() -> None:
    # The real fraud-detection analysis: DCR 0, DRR 0, DI 1, DPPL 0 and DCA = DAR = AD = DPL.
    data = _data(dict(tp=30, fp=70), dict(tp=40, fp=60))
    assert post.conditional_rejection(data) == 0.0
    assert post.rejection_rates(data) == 0.0
    assert post.disparate_impact(data) == 1.0
    assert post.predicted_proportions(data) == 0.0
    dpl = 0.3 - 0.4
    for metric in (post.conditional_acceptance, post.acceptance_rates, post.accuracy_difference):
        assert metric(data) == pytest.approx(dpl)


def test_generalized_entropy() -> None:
    assert post.generalized_entropy(_data(dict(tp=3, tn=3), dict(tp=2))) == 0.0
    mixed = _data(dict(tp=1, fp=1), dict(fn=1, tn=1))
    benefit = np.array([1.0, 2.0, 0.0, 1.0])
    expected = np.sum((benefit / benefit.mean()) ** 2 - 1) / 8
    assert post.generalized_entropy(mixed) == pytest.approx(expected)
    with pytest.raises(MetricUnavailable, match="all predictions are false negatives"):
        post.generalized_entropy(_data(dict(fn=2), dict(fn=1)))


def test_flip_test_counts_members_treated_worse_than_their_neighbours() -> None:
    # Facet a (x near 0) is predicted positive; facet d's twins (x near 0) negative → F+.
    features = np.array([[0.0], [0.1], [0.2], [5.0], [0.05], [0.15], [5.1]])
    data = post.PosttrainingData(
        observed=np.ones(7, dtype=bool),
        predicted=np.array([True, True, True, False, False, False, False]),
        facet=np.array([False, False, False, False, True, True, True]),
        features=features,
    )
    # Two of d's three members have positive neighbours in a but were predicted negative.
    assert post.flip_test(data) == pytest.approx(2 / 3)
    with pytest.raises(MetricUnavailable, match="numeric feature columns: column F3 is text"):
        post.flip_test(
            post.PosttrainingData(
                data.observed, data.predicted, data.facet, features_error="column F3 is text"
            )
        )


def test_zero_denominators_follow_clarifys_rule() -> None:
    assert divide(0, 0) == 0.0
    assert divide(3, 0) == math.inf
    assert divide(-3, 0) == -math.inf
    assert difference(math.inf, math.inf) == 0.0
    assert difference(math.inf, 1.0) == math.inf
