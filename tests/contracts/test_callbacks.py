"""The callback store (queues and tokens) on every backend: SQLite, PostgreSQL, in memory."""

from __future__ import annotations

import pytest

from dagmaker.errors import Conflict, InvalidRequest, NotFound
from dagmaker.records.callbacks import CallbackStatus, CallbackToken, QueueMessage
from dagmaker.storage.db.callbacks import CallbackRepository
from dagmaker.storage.db.connection import Database
from dagmaker.storage.memory import InMemoryCallbackStore
from dagmaker.storage.ports import CallbackStore
from tests.contracts.parallel import together

QUEUE = "https://sqs.us-east-2.amazonaws.com/000000000000/MyQueue"
Store = CallbackRepository | InMemoryCallbackStore


@pytest.fixture
def repo(metadata_db: Database | None) -> Store:
    return InMemoryCallbackStore() if metadata_db is None else CallbackRepository(metadata_db)


def test_messages_are_received_once_oldest_first(repo: Store) -> None:
    for i in range(3):
        repo.send(QUEUE, {"n": i})
    repo.send("OtherQueue", {"n": 99})
    first = repo.receive("MyQueue", max_messages=2)
    assert [m.body for m in first] == [{"n": 0}, {"n": 1}]
    assert all(m.received_at is not None and m.receipt for m in first)
    assert [m.body for m in repo.receive(QUEUE)] == [{"n": 2}]
    assert repo.receive(QUEUE) == []
    assert [m.body for m in repo.receive("OtherQueue")] == [{"n": 99}]


def test_a_queue_url_must_name_a_queue(repo: Store) -> None:
    with pytest.raises(InvalidRequest, match="queue name"):
        repo.send(" / ", {})


def test_a_token_is_issued_once_with_its_message(repo: Store) -> None:
    assert repo.open("tok", "arn:e", "Wait", QUEUE, {"token": "tok"})
    assert not repo.open("tok", "arn:e", "Wait", QUEUE, {"token": "tok"})
    assert [m.body for m in repo.receive(QUEUE)] == [{"token": "tok"}]
    token = repo.get("tok")
    assert (token.status, token.step_name, token.outputs) == (CallbackStatus.WAITING, "Wait", [])
    assert token.created_at is not None and token.created_at.tzinfo is not None


def test_a_token_takes_one_answer(repo: Store) -> None:
    repo.open("tok", "arn:e", "Wait", QUEUE, {})
    outputs = [{"Name": "x", "Value": "1"}]
    answered = repo.answer("tok", CallbackStatus.SUCCEEDED, outputs)
    assert answered.status == CallbackStatus.SUCCEEDED and answered.outputs == outputs
    assert answered.answered_at is not None
    with pytest.raises(Conflict, match="already answered"):
        repo.answer("tok", CallbackStatus.FAILED, failure_reason="late")
    with pytest.raises(NotFound, match="'other' does not exist"):
        repo.answer("other", CallbackStatus.SUCCEEDED)


def test_the_stopping_message_is_posted_once(repo: Store) -> None:
    repo.open("tok", "arn:e", "Wait", QUEUE, {"token": "tok"})
    repo.receive(QUEUE)
    assert repo.post_stopping("tok") and not repo.post_stopping("tok")
    assert [m.body for m in repo.receive(QUEUE)] == [{"token": "tok", "status": "Stopping"}]
    assert repo.get("tok").stop_sent


def test_tokens_of_an_execution(repo: Store) -> None:
    repo.open("t1", "arn:e", "A", QUEUE, {})
    repo.open("t2", "arn:e", "B", QUEUE, {})
    repo.open("t3", "arn:other", "A", QUEUE, {})
    assert [t.token for t in repo.for_execution("arn:e")] == ["t1", "t2"]


def test_concurrent_receivers_never_get_the_same_message(repo: Store) -> None:
    for i in range(40):
        repo.send(QUEUE, {"n": i})
    batches = together([lambda: _drain(repo) for _ in range(4)])
    numbers = [m.body["n"] for batch in batches for m in batch]
    assert sorted(numbers) == list(range(40))


def _drain(repo: Store) -> list[QueueMessage]:
    taken: list[QueueMessage] = []
    while batch := repo.receive(QUEUE, max_messages=3):
        taken += batch
    return taken


def test_concurrent_answers_let_exactly_one_through(repo: Store) -> None:
    repo.open("tok", "arn:e", "Wait", QUEUE, {})
    results = together(
        [
            lambda i=i: repo.answer("tok", CallbackStatus.SUCCEEDED, [{"Name": "i", "Value": i}])
            for i in range(6)
        ]
    )
    winners = [r for r in results if isinstance(r, CallbackToken)]
    assert len(winners) == 1
    assert all(isinstance(r, Conflict) for r in results if r is not winners[0])
    assert repo.get("tok").outputs == winners[0].outputs


def test_the_store_is_a_callback_store(repo: Store) -> None:
    assert isinstance(repo, CallbackStore)


def test_a_token_with_a_bad_queue_url_is_not_issued(repo: Store) -> None:
    with pytest.raises(InvalidRequest, match="queue name"):
        repo.open("tok", "arn:e", "Wait", " / ", {})
    with pytest.raises(NotFound):
        repo.get("tok")
    assert not repo.post_stopping("tok")


def test_bodies_and_outputs_are_copies(repo: Store) -> None:
    body = {"token": "tok", "arguments": {"k": [1]}}
    repo.open("tok", "arn:e", "Wait", QUEUE, body)
    body["arguments"]["k"].append(2)
    [message] = repo.receive(QUEUE)
    message.body["arguments"]["k"].append(3)
    assert repo.get("tok").body == {"token": "tok", "arguments": {"k": [1]}}
    outputs = [{"Name": "x", "Value": "1"}]
    repo.answer("tok", CallbackStatus.FAILED, outputs, failure_reason="no")
    outputs.append({"Name": "y", "Value": "2"})
    answered = repo.get("tok")
    assert answered.outputs == [{"Name": "x", "Value": "1"}]
    assert (answered.status, answered.failure_reason) == (CallbackStatus.FAILED, "no")
