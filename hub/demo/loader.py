"""Loads the demo through the command bus, as a user would, so the log is a real one.

The data is a set of scripts: one ordered list of commands per stream (or per part of a
stream), grouped in stages that respect what depends on what (organisations before the
projects that admit them, plans before the reports pinned to them…). Within a stage the
scripts run concurrently and the store coalesces their appends; within a script commands
run in order. Every command carries the idempotency key ``demo-2021:<script>:<n>``, so a
second load finds every key already used and appends nothing.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from hub.commands import AddContact, Command, RegisterOrganisation
from hub.demo.activities import ACTIVITIES
from hub.demo.deliverables import DELIVERABLES
from hub.demo.finance import REPORTS, report_commands
from hub.demo.organisations import ORGANISATIONS, OrganisationSpec
from hub.demo.payments import AUDITS, PAYMENTS
from hub.demo.plans import PLANS
from hub.demo.projects import PROJECTS, project_commands
from hub.demo.schemes import launch_commands, participation_scripts, scheme_activity_scripts
from hub.handlers import CommandBus, CommandContext

Scripts = dict[str, list[Command]]
KEY_PREFIX = "demo-2021"
ACTOR = "hub demo loader"
CONCURRENCY = 32


class DemoLoadFailed(Exception):
    """A demo command was refused: names the script and the step."""


@dataclass(frozen=True)
class DemoSummary:
    events_appended: int
    commands: int
    duplicates: int
    projects: int
    organisations: int
    schemes: int
    seconds: float

    def line(self) -> str:
        return (
            f"{self.events_appended} events appended ({self.commands} commands, "
            f"{self.duplicates} already loaded), {self.projects} projects, "
            f"{self.organisations} organisations, {self.schemes} schemes, "
            f"{self.seconds:.1f} s"
        )


def organisation_script(spec: OrganisationSpec) -> list[Command]:
    register = RegisterOrganisation(spec.name, spec.country, spec.region, spec.legal_status,
                                    spec.vat_recovery, spec.languages)  # fmt: skip
    return [register, *(AddContact(spec.id, c.role, c.details) for c in spec.contacts)]


def stages() -> list[Scripts]:
    """The scripts, in the order their stages must run."""
    return [
        {
            **{f"organisation:{spec.key}": organisation_script(spec) for spec in ORGANISATIONS},
            **launch_commands(),
        },
        {f"project:{spec.key}": project_commands(spec) for spec in PROJECTS},
        {f"plan:{key}": commands for key, commands in PLANS.items()},
        {
            **DELIVERABLES,
            **{plan.key: report_commands(plan) for plan in REPORTS},
            **ACTIVITIES,
            **scheme_activity_scripts(),
            **AUDITS,
        },
        {
            **PAYMENTS,
            **{f"participations:{key}": steps for key, steps in participation_scripts().items()},
        },
    ]


async def load_demo(bus: CommandBus, concurrency: int = CONCURRENCY) -> DemoSummary:
    """Send every demo command through ``bus``; safe to run again (appends nothing)."""
    started = time.perf_counter()
    all_stages = stages()
    names = [name for scripts in all_stages for name in scripts]
    assert len(names) == len(set(names)), "script names must be unique"
    gate = asyncio.Semaphore(concurrency)
    tallies: list[tuple[int, int, int]] = []
    for scripts in all_stages:
        tallies += await asyncio.gather(
            *(_run_script(bus, name, commands, gate) for name, commands in scripts.items())
        )
    return DemoSummary(
        events_appended=sum(t[0] for t in tallies),
        commands=sum(t[1] for t in tallies),
        duplicates=sum(t[2] for t in tallies),
        projects=len(PROJECTS),
        organisations=len(ORGANISATIONS),
        schemes=len(launch_commands()),
        seconds=time.perf_counter() - started,
    )


async def _run_script(
    bus: CommandBus, name: str, commands: list[Command], gate: asyncio.Semaphore
) -> tuple[int, int, int]:
    """Run one script in order; returns (events appended, commands, duplicates)."""
    appended = duplicates = 0
    async with gate:
        for step, command in enumerate(commands):
            context = CommandContext(
                actor=ACTOR,
                correlation_id=f"{KEY_PREFIX}:{name}",
                idempotency_key=f"{KEY_PREFIX}:{name}:{step}",
            )
            try:
                result = await bus.execute(command, context)
            except Exception as error:
                raise DemoLoadFailed(
                    f"{name} step {step} ({type(command).__name__}): {error}"
                ) from error
            duplicates += result.duplicate
            appended += 0 if result.duplicate else len(result.positions)
    return appended, len(commands), duplicates
