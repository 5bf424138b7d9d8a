"""Where SageMaker's framework images live: registry accounts per region, versions, tags.

A deliberately small table: the frameworks and versions people commonly pick, in the
regions people commonly use. ``image_uris.retrieve`` reads it; the local runners map
these repositories to runtimes, so the account and region only matter for fidelity
with URIs written by SageMaker's SDK.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Registry accounts of the first-party "sagemaker-*" framework images (scikit-learn,
# XGBoost), of the Deep Learning Containers (PyTorch) and of the Spark processing images.
FRAMEWORK_ACCOUNTS = {
    "us-east-1": "683313688378",
    "us-east-2": "257758044811",
    "us-west-1": "746614075791",
    "us-west-2": "246618743249",
    "ca-central-1": "341280168497",
    "eu-west-1": "141502667606",
    "eu-west-2": "764974769150",
    "eu-central-1": "492215442770",
    "ap-northeast-1": "354813040037",
    "ap-southeast-1": "121021644041",
    "ap-southeast-2": "783357654285",
    "ap-south-1": "720646828776",
}
DLC_ACCOUNTS = dict.fromkeys(FRAMEWORK_ACCOUNTS, "763104351884")
SPARK_ACCOUNTS = {
    "us-east-1": "173754725891",
    "us-east-2": "314815235551",
    "us-west-1": "667973535471",
    "us-west-2": "153931337802",
    "ca-central-1": "446299261295",
    "eu-west-1": "571004829621",
    "eu-west-2": "836651553127",
    "eu-central-1": "906073651304",
    "ap-northeast-1": "411782140378",
    "ap-southeast-1": "759080221371",
    "ap-southeast-2": "440695851116",
    "ap-south-1": "105495057255",
}


@dataclass(frozen=True)
class VersionSpec:
    """One framework version.

    Attributes:
        repositories: Repository per image scope (``training``, ``inference``, …).
        py_versions: Python versions the tag may carry; empty when the tag has none.
        processors: Processor kinds the tag may carry; empty when the tag has none.
    """

    repositories: dict[str, str]
    py_versions: tuple[str, ...] = ()
    processors: tuple[str, ...] = ()


@dataclass(frozen=True)
class FrameworkSpec:
    """One framework.

    Attributes:
        accounts: Registry account per region.
        versions: Version specs by full version.
        aliases: Short versions and what they stand for (``"2.1"`` → ``"2.1.0"``).
        default_scope: The scope used when none is given (``None``: one must be given).
        container_version_allowed: Whether a container version may end the tag.
    """

    accounts: dict[str, str]
    versions: dict[str, VersionSpec]
    aliases: dict[str, str] = field(default_factory=dict)
    default_scope: str | None = None
    container_version_allowed: bool = False


def _same_scopes(repository: str, **kwargs: tuple[str, ...]) -> VersionSpec:
    return VersionSpec({"training": repository, "inference": repository}, **kwargs)


_SKLEARN_VERSION = _same_scopes("sagemaker-scikit-learn", py_versions=("py3",), processors=("cpu",))
# scikit-learn 1.4-2 is published for training only.
_SKLEARN_TRAINING_ONLY = VersionSpec(
    {"training": "sagemaker-scikit-learn"}, py_versions=("py3",), processors=("cpu",)
)
_XGB_TAGGED = _same_scopes("sagemaker-xgboost", py_versions=("py3",), processors=("cpu",))
_XGB_PLAIN = _same_scopes("sagemaker-xgboost")

_PYTORCH_PY = {
    "1.8.0": ("py3", "py36"),
    "1.8.1": ("py3", "py36"),
    "1.9.0": ("py38",),
    "1.9.1": ("py38",),
    "1.10.0": ("py38",),
    "1.10.2": ("py38",),
    "1.11.0": ("py38",),
    "1.12.0": ("py38",),
    "1.12.1": ("py38",),
    "1.13.1": ("py39",),
    "2.0.0": ("py310",),
    "2.0.1": ("py310",),
    "2.1.0": ("py310",),
    "2.2.0": ("py310",),
    "2.3.0": ("py311",),
    "2.4.0": ("py311",),
    "2.5.1": ("py311",),
    "2.6.0": ("py312",),
}
_PYTORCH_ALIASES = {
    "1.8": "1.8.1",
    "1.9": "1.9.1",
    "1.10": "1.10.2",
    "1.11": "1.11.0",
    "1.12": "1.12.1",
    "1.13": "1.13.1",
    "2.0": "2.0.1",
    "2.1": "2.1.0",
    "2.2": "2.2.0",
    "2.3": "2.3.0",
    "2.4": "2.4.0",
    "2.5": "2.5.1",
    "2.6": "2.6.0",
}

_SPARK_PY = {
    "2.4": ("py37",),
    "3.0": ("py37",),
    "3.1": ("py37",),
    "3.2": ("py39",),
    "3.3": ("py39",),
    "3.5": ("py39", "py312"),
}

FRAMEWORKS: dict[str, FrameworkSpec] = {
    "sklearn": FrameworkSpec(
        accounts=FRAMEWORK_ACCOUNTS,
        versions={
            **dict.fromkeys(("0.20.0", "0.23-1", "1.0-1", "1.2-1"), _SKLEARN_VERSION),
            "1.4-2": _SKLEARN_TRAINING_ONLY,
        },
        default_scope="training",
    ),
    "xgboost": FrameworkSpec(
        accounts=FRAMEWORK_ACCOUNTS,
        versions={
            **dict.fromkeys(("0.90-1", "0.90-2", "1.0-1"), _XGB_TAGGED),
            **dict.fromkeys(("1.2-1", "1.2-2", "1.3-1", "1.5-1", "1.7-1", "3.0-5"), _XGB_PLAIN),
        },
        default_scope="training",
    ),
    "pytorch": FrameworkSpec(
        accounts=DLC_ACCOUNTS,
        versions={
            version: VersionSpec(
                {"training": "pytorch-training", "inference": "pytorch-inference"},
                py_versions=py_versions,
                processors=("cpu", "gpu"),
            )
            for version, py_versions in _PYTORCH_PY.items()
        },
        aliases=_PYTORCH_ALIASES,
    ),
    "spark": FrameworkSpec(
        accounts=SPARK_ACCOUNTS,
        versions={
            version: VersionSpec(
                {"processing": "sagemaker-spark-processing"},
                py_versions=py_versions,
                processors=("cpu",),
            )
            for version, py_versions in _SPARK_PY.items()
        },
        default_scope="processing",
        container_version_allowed=True,
    ),
}
