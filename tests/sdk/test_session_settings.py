"""Session settings read where SDK users start: the default bucket."""

from __future__ import annotations

import pytest

from dagmaker.session import Session


def test_session_default_bucket_follows_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DAGMAKER_DEFAULT_BUCKET", "team-bucket")
    assert Session().default_bucket() == "team-bucket"
    assert Session(default_bucket="mine").default_bucket() == "mine"
    monkeypatch.delenv("DAGMAKER_DEFAULT_BUCKET")
    assert Session().default_bucket() == "dagmaker-default-bucket"
