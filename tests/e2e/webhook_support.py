"""Shared helpers of the webhook tests (this module holds no tests)."""

from __future__ import annotations

import asyncio
import importlib.util
import time
import uuid
from collections.abc import Awaitable, Callable
from types import ModuleType

from domain.organisation import LegalStatus, VatRecovery
from hub.commands import Command, RegisterOrganisation
from hub.database import Database
from hub.handlers import CommandContext, bootstrap
from hub.settings import PROJECT_ROOT

EXAMPLES = PROJECT_ROOT / "docs" / "examples"


def verifier() -> ModuleType:
    """docs/examples/python/verify_webhook.py, the receiver code partners copy."""
    path = EXAMPLES / "python" / "verify_webhook.py"
    spec = importlib.util.spec_from_file_location("verify_webhook", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CONTEXT = CommandContext(actor="user:test", organisation="org:oes", client_id="console")


async def run_command(database: Database, command: Command) -> int:
    """Run a command through the hub's bus; the log position it wrote."""
    return (await bootstrap(database.pool).execute(command, CONTEXT)).position


async def register_organisations(database: Database, count: int) -> list[int]:
    """Append ``count`` Organisation.Registered events; their log positions."""
    positions = []
    for _ in range(count):
        name = f"Théâtre {uuid.uuid4().hex[:8]}"
        command = RegisterOrganisation(
            name, "FR", "Occitanie", LegalStatus.NON_PROFIT_ASSOCIATION, VatRecovery.NO
        )
        positions.append(await run_command(database, command))
    return positions


async def until(check: Callable[[], Awaitable[bool] | bool], within: float = 30.0) -> None:
    """Wait for a condition (delivery is asynchronous); fail if it never holds."""
    deadline = time.monotonic() + within
    while True:
        outcome = check()
        if isinstance(outcome, Awaitable):
            outcome = await outcome
        if outcome:
            return
        assert time.monotonic() < deadline, "did not happen in time"
        await asyncio.sleep(0.05)
