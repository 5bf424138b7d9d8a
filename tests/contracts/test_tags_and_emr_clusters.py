"""Resource tags and EMR cluster mappings on both SQL backends (SQLite, PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

from dagmaker.storage.db.connection import Database
from dagmaker.storage.db.emr_clusters import EmrClusterRepository
from dagmaker.storage.db.tags import TagRepository

ARN = "arn:aws:sagemaker:local:000000000000:pipeline/p"


def test_tags_keep_their_first_order_and_replace_values(db: Database) -> None:
    tags = TagRepository(db)
    assert tags.put(ARN, [("team", "a"), ("key", "k"), ("env", "dev")], limit=50) is None
    assert tags.put(ARN, [("env", "prod"), ("owner", "me")], limit=50) is None
    assert tags.list(ARN) == [("team", "a"), ("key", "k"), ("env", "prod"), ("owner", "me")]
    assert tags.list("arn:other") == []


def test_tags_over_the_limit_change_nothing(db: Database) -> None:
    tags = TagRepository(db)
    tags.put(ARN, [("a", "1"), ("b", "2")], limit=3)
    assert tags.put(ARN, [("b", "3"), ("c", "4"), ("d", "5")], limit=3) == 4
    assert tags.list(ARN) == [("a", "1"), ("b", "2")]


def test_tags_are_deleted_by_key_and_forgotten_with_their_resource(db: Database) -> None:
    tags = TagRepository(db)
    tags.put(ARN, [("a", "1"), ("b", "2"), ("c", "3")], limit=50)
    tags.put("arn:other", [("a", "x")], limit=50)
    tags.delete(ARN, ["b", "b", "missing"])
    assert tags.list(ARN) == [("a", "1"), ("c", "3")]
    tags.put(ARN, [("b", "again")], limit=50)
    assert tags.list(ARN) == [("a", "1"), ("c", "3"), ("b", "again")]
    tags.forget(ARN)
    assert tags.list(ARN) == [] and tags.list("arn:other") == [("a", "x")]


def test_emr_cluster_mappings_are_replaced_listed_and_removed(db: Database) -> None:
    clusters = EmrClusterRepository(db)
    before = datetime.now(UTC)
    clusters.put("j-B", "local[2]", "WAITING")
    clusters.put("j-A", "spark://h:7077", "WAITING")
    clusters.put("j-B", "local[1]", "TERMINATED")
    found = clusters.get("j-B")
    assert found is not None and (found.master, found.state) == ("local[1]", "TERMINATED")
    assert found.created_at >= before and found.created_at.tzinfo is not None
    assert [c.cluster_id for c in clusters.all()] == ["j-A", "j-B"]
    assert clusters.get("j-missing") is None
    assert clusters.delete("j-A") is True and clusters.delete("j-A") is False
    assert [c.cluster_id for c in clusters.all()] == ["j-B"]
