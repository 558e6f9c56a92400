"""The composition root of the command side: store, keyring, repository, handlers, bus."""

from __future__ import annotations

import asyncpg

from domain.catalogue import STREAM_TYPES
from hub.commands import Command
from hub.eventstore import EventStore
from hub.handlers import (
    activities_and_schemes,
    data_subjects,
    deliverables,
    evidence,
    organisations,
    partner_reports,
    payments_and_audits,
    plans,
    projects,
)
from hub.handlers.bus import CommandBus
from hub.handlers.repository import Repository
from hub.handlers.session import Handler
from hub.keyring import PostgresKeyring

_MODULES = (
    organisations,
    projects,
    plans,
    deliverables,
    partner_reports,
    payments_and_audits,
    activities_and_schemes,
    data_subjects,
    evidence,
)


def all_handlers() -> dict[type[Command], Handler]:
    handlers: dict[type[Command], Handler] = {}
    for module in _MODULES:
        handlers.update(module.HANDLERS)
    return handlers


def bootstrap(pool: asyncpg.Pool, store: EventStore | None = None) -> CommandBus:
    """A bus over ``pool``; pass the process's ``store`` to share its group commit."""
    store = store or EventStore(pool, STREAM_TYPES)
    return CommandBus(Repository(store, PostgresKeyring(pool)), all_handlers())
