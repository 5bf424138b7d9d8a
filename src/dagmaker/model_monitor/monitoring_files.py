"""Model Monitor's result files as objects: statistics, constraints, constraint violations.

Each file lives in S3 (the session's artifact store locally). ``from_s3_uri`` reads one,
``from_string`` / ``from_file_path`` store a local file first (under
``s3://<default bucket>/monitoring/<uuid>/``), and ``save`` writes ``body_dict`` back.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any, Self

from dagmaker._sdk.s3_upload import s3_path_join, split_s3_uri, upload_text
from dagmaker._sdk.session_facts import default_bucket, default_prefix
from dagmaker.session import Session

__all__ = ["ConstraintViolations", "Constraints", "ModelMonitoringFile", "Statistics"]


class ModelMonitoringFile:
    """A JSON result file stored in S3.

    Attributes:
        body_dict: The parsed file.
        file_s3_uri: Where the file is.
        kms_key: KMS key used when saving.
        session: The session the file is read and written through.
    """

    DEFAULT_FILE_NAME = ""

    def __init__(
        self, body_dict: dict[str, Any], file_s3_uri: str, kms_key: Any, sagemaker_session: Any
    ) -> None:
        self.body_dict = body_dict
        self.file_s3_uri = file_s3_uri
        self.kms_key = kms_key
        self.session = sagemaker_session

    def save(self, new_save_location_s3_uri: str | None = None) -> str:
        """Write ``body_dict`` to ``file_s3_uri`` (or to a new location, which is kept).

        Returns:
            The URI written.
        """
        if new_save_location_s3_uri is not None:
            self.file_s3_uri = new_save_location_s3_uri
        return upload_text(
            self.session or Session(), json.dumps(self.body_dict), self.file_s3_uri, self.kms_key
        )

    @classmethod
    def _load(cls, s3_uri: str, kms_key: Any, sagemaker_session: Any) -> Self:
        """Read the file at ``s3_uri``."""
        return cls(cls._read(s3_uri, sagemaker_session), s3_uri, kms_key, sagemaker_session)

    @classmethod
    def _read(cls, s3_uri: str, sagemaker_session: Any) -> dict[str, Any]:
        session = sagemaker_session or Session()
        bucket, key = split_s3_uri(s3_uri)
        text = session.read_s3_file(bucket, key)
        try:
            body = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"{s3_uri} is not a JSON {cls.__name__.lower()} file: {exc.msg} at line "
                f"{exc.lineno}, column {exc.colno}"
            ) from None
        if not isinstance(body, dict):
            raise ValueError(
                f"{s3_uri} holds a JSON {type(body).__name__}, not the object a "
                f"{cls.__name__.lower()} file holds"
            )
        return body

    @classmethod
    def _store_string(
        cls, text: str, file_name: str | None, kms_key: Any, sagemaker_session: Any
    ) -> tuple[str, Any]:
        session = sagemaker_session or Session()
        desired = s3_path_join(
            "s3://",
            default_bucket(session),
            default_prefix(session),
            "monitoring",
            str(uuid.uuid4()),
            file_name or cls.DEFAULT_FILE_NAME,
        )
        return upload_text(session, text, desired, kms_key), session

    def __repr__(self) -> str:
        return f"{type(self).__name__}(file_s3_uri={self.file_s3_uri!r})"


class Statistics(ModelMonitoringFile):
    """A ``statistics.json`` file."""

    DEFAULT_FILE_NAME = "statistics.json"

    def __init__(
        self,
        body_dict: dict[str, Any],
        statistics_file_s3_uri: str,
        kms_key: Any = None,
        sagemaker_session: Any = None,
    ) -> None:
        super().__init__(body_dict, statistics_file_s3_uri, kms_key, sagemaker_session)

    @classmethod
    def from_s3_uri(
        cls, statistics_file_s3_uri: str, kms_key: Any = None, sagemaker_session: Any = None
    ) -> Statistics:
        """Read the statistics file at ``statistics_file_s3_uri``."""
        return cls._load(statistics_file_s3_uri, kms_key, sagemaker_session)

    @classmethod
    def from_string(
        cls,
        statistics_file_string: str,
        kms_key: Any = None,
        file_name: str | None = None,
        sagemaker_session: Any = None,
    ) -> Statistics:
        """Store ``statistics_file_string`` in S3 and return it as a file object."""
        uri, session = cls._store_string(
            statistics_file_string, file_name, kms_key, sagemaker_session
        )
        return cls.from_s3_uri(uri, kms_key, session)

    @classmethod
    def from_file_path(
        cls, statistics_file_path: str, kms_key: Any = None, sagemaker_session: Any = None
    ) -> Statistics:
        """Store a local statistics file in S3 and return it as a file object."""
        path = Path(statistics_file_path)
        return cls.from_string(path.read_text(), kms_key, path.name, sagemaker_session)


class Constraints(ModelMonitoringFile):
    """A ``constraints.json`` file (for Clarify monitors, an ``analysis.json``)."""

    DEFAULT_FILE_NAME = "constraints.json"

    def __init__(
        self,
        body_dict: dict[str, Any],
        constraints_file_s3_uri: str,
        kms_key: Any = None,
        sagemaker_session: Any = None,
    ) -> None:
        super().__init__(body_dict, constraints_file_s3_uri, kms_key, sagemaker_session)

    @classmethod
    def from_s3_uri(
        cls, constraints_file_s3_uri: str, kms_key: Any = None, sagemaker_session: Any = None
    ) -> Constraints:
        """Read the constraints file at ``constraints_file_s3_uri``."""
        return cls._load(constraints_file_s3_uri, kms_key, sagemaker_session)

    @classmethod
    def from_string(
        cls,
        constraints_file_string: str,
        kms_key: Any = None,
        file_name: str | None = None,
        sagemaker_session: Any = None,
    ) -> Constraints:
        """Store ``constraints_file_string`` in S3 and return it as a file object."""
        uri, session = cls._store_string(
            constraints_file_string, file_name, kms_key, sagemaker_session
        )
        return cls.from_s3_uri(uri, kms_key, session)

    @classmethod
    def from_file_path(
        cls, constraints_file_path: str, kms_key: Any = None, sagemaker_session: Any = None
    ) -> Constraints:
        """Store a local constraints file in S3 and return it as a file object."""
        path = Path(constraints_file_path)
        return cls.from_string(path.read_text(), kms_key, path.name, sagemaker_session)

    def set_monitoring(self, enable_monitoring: bool, feature_name: str | None = None) -> None:
        """Turn constraint evaluation on or off, for the whole file or for one feature.

        Raises:
            ValueError: for a feature the file does not have.
        """
        flag = "Enabled" if enable_monitoring else "Disabled"
        if feature_name is None:
            self.body_dict.setdefault("monitoring_config", {})["evaluate_constraints"] = flag
            return
        for feature in self.body_dict.get("features", []):
            if feature.get("name") == feature_name:
                overrides = feature.setdefault("monitoring_config_overrides", {})
                overrides["evaluate_constraints"] = flag
                return
        names = ", ".join(str(f.get("name")) for f in self.body_dict.get("features", []))
        raise ValueError(
            f"the constraints have no feature {feature_name!r} (features: {names or 'none'})"
        )


class ConstraintViolations(ModelMonitoringFile):
    """A ``constraint_violations.json`` file."""

    DEFAULT_FILE_NAME = "constraint_violations.json"

    def __init__(
        self,
        body_dict: dict[str, Any],
        constraint_violations_file_s3_uri: str,
        kms_key: Any = None,
        sagemaker_session: Any = None,
    ) -> None:
        super().__init__(body_dict, constraint_violations_file_s3_uri, kms_key, sagemaker_session)

    @classmethod
    def from_s3_uri(
        cls,
        constraint_violations_file_s3_uri: str,
        kms_key: Any = None,
        sagemaker_session: Any = None,
    ) -> ConstraintViolations:
        """Read the violations file at ``constraint_violations_file_s3_uri``."""
        return cls._load(constraint_violations_file_s3_uri, kms_key, sagemaker_session)

    @classmethod
    def from_string(
        cls,
        constraint_violations_file_string: str,
        kms_key: Any = None,
        file_name: str | None = None,
        sagemaker_session: Any = None,
    ) -> ConstraintViolations:
        """Store ``constraint_violations_file_string`` in S3 and return it as a file object."""
        uri, session = cls._store_string(
            constraint_violations_file_string, file_name, kms_key, sagemaker_session
        )
        return cls.from_s3_uri(uri, kms_key, session)

    @classmethod
    def from_file_path(
        cls,
        constraint_violations_file_path: str,
        kms_key: Any = None,
        sagemaker_session: Any = None,
    ) -> ConstraintViolations:
        """Store a local violations file in S3 and return it as a file object."""
        path = Path(constraint_violations_file_path)
        return cls.from_string(path.read_text(), kms_key, path.name, sagemaker_session)
