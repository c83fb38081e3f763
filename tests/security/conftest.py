"""Fixtures of the security suite, and the count of the requests it sends.

Every request a test client sends during the suite is counted per file, and the
tests say how many distinct hostile inputs they tried; with ``-n0`` (one process)
the counts are printed at the end of the run (``pytest -n0 tests/security``), and
the README's "The security suite" quotes them.
"""

from collections import Counter
from pathlib import Path

import pytest
from django.test import Client

REQUESTS: Counter[str] = Counter()
TESTS: Counter[str] = Counter()
INPUTS: Counter[str] = Counter()


@pytest.fixture
def tried():
    """``tried(what, count)``: how many distinct hostile inputs of a kind a test tried
    (the largest count of its runs), for the summary."""

    def record(what: str, count: int) -> None:
        INPUTS[what] = max(INPUTS[what], count)

    return record


@pytest.fixture(autouse=True)
def count_requests(request, monkeypatch):
    """Count each request a Django test client sends during the test, under its file."""
    name = Path(request.node.fspath).name
    TESTS[name] += 1
    send = Client.request

    def counted(self, **environ):
        REQUESTS[name] += 1
        return send(self, **environ)

    monkeypatch.setattr(Client, "request", counted)


def pytest_terminal_summary(terminalreporter):
    if not REQUESTS:
        return  # run under xdist: the workers counted, not this process
    write = terminalreporter.write_line
    write(f"security suite: {sum(REQUESTS.values())} requests in {sum(TESTS.values())} tests")
    for name in sorted(TESTS):
        write(f"  {name}: {REQUESTS[name]} requests in {TESTS[name]} tests")
    for what, count in sorted(INPUTS.items()):
        write(f"  {count} {what}")


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def other_learner(django_user_model):
    return django_user_model.objects.create_user(
        "other", "other@example.com", "a-long-test-password"
    )
