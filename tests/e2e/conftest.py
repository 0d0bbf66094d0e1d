"""Fixtures: one gunicorn server for the session, one driver per locale model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .harness import MODEL_FILES, Driver, Model, Server, Voice, node_missing, start_server


@pytest.fixture(scope="session")
def skill_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The real web service: gunicorn, 2 workers, loopback, SQLite store, verification off."""
    reason = node_missing()
    if reason:  # never a silent skip: the end-to-end tests are part of CI
        pytest.fail(f"{reason}: run `make setup`", pytrace=False)
    server = start_server(tmp_path_factory.mktemp("e2e-server"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module", params=MODEL_FILES, ids=lambda p: p.stem)
def model(request: pytest.FixtureRequest) -> Model:
    path: Path = request.param
    return Model.load(path)


@pytest.fixture(scope="module")
def driver(skill_server: Server, model: Model) -> Iterator[Driver]:
    driver = Driver(skill_server.url, model)
    try:
        yield driver
    finally:
        driver.close()


@pytest.fixture
def voice(driver: Driver) -> Voice:
    """A new person on a new virtual device."""
    return Voice(driver)
