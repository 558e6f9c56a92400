"""The command side: ``bus = bootstrap(pool)``, then ``await bus.execute(command, context)``."""

from hub.handlers.bootstrap import bootstrap
from hub.handlers.bus import CommandBus
from hub.handlers.context import CommandContext, CommandResult
from hub.handlers.errors import AggregateAlreadyExists, AggregateNotFound, UnknownCommand
from hub.handlers.repository import Repository

__all__ = [
    "AggregateAlreadyExists",
    "AggregateNotFound",
    "CommandBus",
    "CommandContext",
    "CommandResult",
    "Repository",
    "UnknownCommand",
    "bootstrap",
]
