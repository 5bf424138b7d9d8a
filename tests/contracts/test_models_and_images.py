"""The models and image-mapping repositories on every database."""

from __future__ import annotations

import pytest

from dagmaker.errors import Conflict, NotFound
from dagmaker.storage.db.connection import Database
from dagmaker.storage.db.images import ImageMappingRepository
from dagmaker.storage.db.models import ModelRepository
from tests.contracts.parallel import together


def test_models_create_describe_list_delete(db: Database) -> None:
    repo = ModelRepository(db)
    repo.create("Model-A", "arn:model/model-a", {"ModelName": "Model-A", "Containers": [{}]})
    repo.create("b", "arn:model/b", {"ModelName": "b"}, execution_arn="arn:e")
    assert repo.describe("model-a") == {"ModelName": "Model-A", "Containers": [{}]}
    assert repo.describe("arn:model/b") == {"ModelName": "b"}
    assert [m["ModelName"] for m in repo.list()] == ["b", "Model-A"]
    with pytest.raises(Conflict, match="'b' already exists"):
        repo.create("b", "arn:model/b", {})
    repo.delete("b")
    with pytest.raises(NotFound, match="'b' does not exist"):
        repo.describe("b")


def test_concurrent_model_creates_let_exactly_one_win(db: Database) -> None:
    repo = ModelRepository(db)
    results = together([lambda i=i: repo.create("m", "arn:m", {"i": i}) for i in range(5)])
    assert results.count(None) == 1
    assert all(isinstance(r, Conflict) for r in results if r is not None)


def test_image_mappings_put_replace_delete(db: Database) -> None:
    repo = ImageMappingRepository(db)
    repo.put("my/image:1", "python:/usr/bin/python3")
    repo.put("my/image:1", "docker")
    repo.put("other", "python")
    assert repo.all() == {"my/image:1": "docker", "other": "python"}
    assert repo.delete("other") and not repo.delete("other")
    assert repo.all() == {"my/image:1": "docker"}


def test_concurrent_puts_of_one_image_keep_one_mapping(db: Database) -> None:
    repo = ImageMappingRepository(db)
    results = together([lambda i=i: repo.put("img", f"runtime-{i}") for i in range(6)])
    assert results == [None] * 6
    assert list(repo.all()) == ["img"] and repo.all()["img"].startswith("runtime-")
