"""Fixtures of the reliability scenarios: a database of the test's own and a place for the
hub's logs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import create_database, drop_database


@pytest.fixture
async def scenario_database(admin_url: str) -> AsyncIterator[str]:
    url = await create_database(admin_url)
    yield url
    await drop_database(admin_url, url)


@pytest.fixture
def log_file(tmp_path: Path) -> Path:
    return tmp_path / "hub.log"
