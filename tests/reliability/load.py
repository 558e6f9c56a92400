"""A realistic mix of partner and manager traffic over real HTTP with real access tokens,
and the ledger of what the hub acknowledged.

Every write carries an idempotency key of its own. A write that fails in a way that says
nothing about the request (a transport error, a 5xx, ``UNAVAILABLE``, an ``INTERNAL`` error,
a conflict on a write that named no ``expectedVersion``) is sent again with the same key
until the hub answers for it; a write refused for what it asked (a stale
``expectedVersion``, a rule) is settled as refused. Some acknowledged writes are sent again
on purpose, alone or as two twins at once, and must come back as the first result.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx

from tests.e2e.mutations_support import expenditure, operation
from tests.reliability.hub_service import PartnerSystem
from tests.reliability.world import World

TOKEN_REFRESH_SECONDS = 300
RETRY_PAUSE_SECONDS = 0.25
QUERY_NAMES = (
    "ManagerDeliverablesBoard", "PartnerProjectBudget", "PartnerActivitiesCalendar",
    "PartnerProjectPlan",
)  # fmt: skip


@dataclass
class Write:
    """One write the load sent, and what became of it."""

    key: str
    operation: str
    input: dict[str, Any]
    system: PartnerSystem
    state: str = "pending"  # acked, refused, unresolved
    payload: dict[str, Any] = field(default_factory=dict)
    code: str = ""
    attempts: int = 0

    @property
    def logged_key(self) -> str:
        return self.system.key_prefix + self.key

    @property
    def checks_version(self) -> bool:
        return "expectedVersion" in self.input


@dataclass
class Ledger:
    writes: list[Write] = field(default_factory=list)
    failed_attempts: Counter[str] = field(default_factory=Counter)
    queries: Counter[str] = field(default_factory=Counter)
    replays: int = 0
    twin_replays: int = 0
    replay_mismatches: list[str] = field(default_factory=list)
    ack_times: list[float] = field(default_factory=list)

    def settled(self, state: str) -> list[Write]:
        return [w for w in self.writes if w.state == state]

    def summary(self) -> dict[str, Any]:
        refused = Counter(w.code for w in self.settled("refused"))
        return {
            "writes": len(self.writes),
            "acknowledged": len(self.settled("acked")),
            "refused": dict(refused),
            "unresolved": len(self.settled("unresolved")),
            "retried_writes": sum(1 for w in self.writes if w.attempts > 1),
            "failed_attempts": dict(self.failed_attempts),
            "queries": dict(self.queries),
            "replays": self.replays,
            "twin_replays": self.twin_replays,
            "replay_mismatches": len(self.replay_mismatches),
        }


RETRYABLE_CODES = {"UNAVAILABLE", "INTERNAL"}


class Actor:
    """One partner system sending requests one after the other over one keep-alive client."""

    def __init__(self, base: str, system: PartnerSystem, world: World, ledger: Ledger,
                 seed: int) -> None:  # fmt: skip
        self.base, self.system, self.world, self.ledger = base, system, world, ledger
        self.random = random.Random(seed)
        self.counter = itertools.count()
        self.http = httpx.AsyncClient(timeout=httpx.Timeout(30, connect=5))

    async def close(self) -> None:
        await self.http.aclose()

    async def post(self, document: str, variables: dict[str, Any], **headers: str):
        if time.monotonic() - self.system.token_time > TOKEN_REFRESH_SECONDS:
            await self.system.fetch_token(self.http, self.base)
        return await self.http.post(
            self.base + "/graphql", json={"query": document, "variables": variables},
            headers={"authorization": f"Bearer {self.system.token}", **headers},
        )  # fmt: skip

    async def attempt(self, write: Write) -> str:
        """Send ``write`` once: 'acked', 'refused' or the kind of failure to retry after."""
        write.attempts += 1
        variables = {"input": {**write.input, "idempotencyKey": write.key}}
        try:
            response = await self.post(operation(write.operation), variables)
        except httpx.TransportError as error:
            return f"transport:{type(error).__name__}"
        except httpx.HTTPStatusError as error:  # the token endpoint while the hub restarts
            return f"token-http-{error.response.status_code}"
        if response.status_code == 401:
            self.system.token_time = 0.0
            return "http-401"
        if response.status_code == 503 and _code(response) == "UNAVAILABLE":
            return "UNAVAILABLE"
        if response.status_code >= 500:
            return f"http-{response.status_code}"
        if response.status_code != 200:
            write.state, write.code = "refused", f"http-{response.status_code}"
            return "refused"
        body = response.json()
        if body.get("errors"):
            code = body["errors"][0].get("extensions", {}).get("code", "NO_CODE")
            if code in RETRYABLE_CODES or (code == "CONFLICT" and not write.checks_version):
                return code
            write.state, write.code = "refused", code
            write.payload = dict(body["errors"][0].get("extensions", {}))
            return "refused"
        write.state, write.payload = "acked", next(iter(body["data"].values()))
        return "acked"

    async def settle(self, write: Write, deadline: float) -> Write:
        """Send ``write`` until the hub answers for it, or ``deadline`` passes."""
        self.ledger.writes.append(write)
        while True:
            outcome = await self.attempt(write)
            if outcome == "acked":
                self.ledger.ack_times.append(time.monotonic())
            if outcome in ("acked", "refused"):
                return write
            self.ledger.failed_attempts[outcome] += 1
            if time.monotonic() > deadline:
                write.state, write.code = "unresolved", outcome
                return write
            await asyncio.sleep(RETRY_PAUSE_SECONDS)

    async def query(self) -> None:
        name = self.random.choice(QUERY_NAMES)
        variables: dict[str, Any] = {"projectId": self.world.project, "first": 20, "lang": "es"}
        try:
            response = await self.post(operation(name), variables)
        except httpx.TransportError as error:
            self.ledger.queries[f"transport:{type(error).__name__}"] += 1
            return
        except httpx.HTTPStatusError as error:
            self.ledger.queries[f"token-http-{error.response.status_code}"] += 1
            return
        if response.status_code == 503 and _code(response) == "UNAVAILABLE":
            self.ledger.queries["UNAVAILABLE"] += 1
            return
        if response.status_code != 200:
            self.ledger.queries[f"http-{response.status_code}"] += 1
            return
        errors = response.json().get("errors")
        outcome = errors[0].get("extensions", {}).get("code", "NO_CODE") if errors else "ok"
        self.ledger.queries[outcome] += 1

    def new_key(self) -> str:
        return f"{self.system.client_id}-{next(self.counter)}"

    def next_write(self) -> Write:
        """A write in the mix: mostly new activities, contested travel legs and due dates,
        expenditure on the partner's own report."""
        roll = self.random.random()
        world, key = self.world, self.new_key()
        if roll < 0.35 or not world.activities:
            input = activity_input(world, key, self.random)
            return Write(key, "PartnerRecordActivity", input, self.system)
        if roll < 0.65:
            activity, version = world.contested_activity(self.random)
            input = {"activityId": activity, "mode": self.random.choice(("train", "coach")),
                     "distanceKm": f"{self.random.randint(5, 900)}.5", "travellers": 2,
                     "expectedVersion": version}  # fmt: skip
            return Write(key, "PartnerAddTravelLeg", input, self.system)
        report = world.reports.get(self.system.organisation)
        if report and (roll < 0.85 or self.system.organisation != world.lead):
            amount = f"{self.random.randint(1, 999)}.{self.random.randint(0, 99):02d}"
            input = expenditure(report, amount)
            return Write(key, "PartnerRecordExpenditure", input, self.system)
        deliverable, version = world.contested_deliverable(self.random)
        due = date(2024, 7, 1) + timedelta(days=self.random.randint(0, 700))
        input = {"deliverableId": deliverable, "dueOn": due.isoformat(),
                 "justification": "Venue availability", "expectedVersion": version}  # fmt: skip
        return Write(key, "ManagerChangeDeliverableDueDate", input, self.system)

    async def replay(self, deadline: float) -> None:
        """Send an acknowledged write again with its key (twice at once, now and then)."""
        mine = [w for w in self.ledger.writes if w.state == "acked" and w.system is self.system]
        if not mine:
            return
        first = self.random.choice(mine)
        twins = 2 if self.random.random() < 0.3 else 1
        copies = [Write(first.key, first.operation, first.input, self.system) for _ in range(twins)]
        for copy in copies:
            copy.state = "replay"
        self.ledger.replays += 1
        self.ledger.twin_replays += twins == 2
        await asyncio.gather(*(self._replay_one(first, copy, deadline) for copy in copies))

    async def _replay_one(self, first: Write, copy: Write, deadline: float) -> None:
        while (outcome := await self.attempt(copy)) not in ("acked", "refused"):
            self.ledger.failed_attempts[outcome] += 1
            if time.monotonic() > deadline:
                return
            await asyncio.sleep(RETRY_PAUSE_SECONDS)
        same = ("id", "version", "position")
        if first.payload["unchanged"]:  # nothing was written, so no key was kept: decided afresh
            agrees = (copy.state == "refused" and copy.code == "CONFLICT") or (
                copy.state == "acked"
                and copy.payload["unchanged"]
                and all(copy.payload[k] == first.payload[k] for k in same)
            )
        else:
            agrees = (
                copy.state == "acked"
                and copy.payload["duplicate"]
                and all(copy.payload[k] == first.payload[k] for k in same)
            )
        if not agrees:
            self.ledger.replay_mismatches.append(f"{first.key}: {copy.state} {copy.payload}")

    async def run(self, until: float, grace_seconds: float, stop: asyncio.Event) -> None:
        while time.monotonic() < until and not stop.is_set():
            roll = self.random.random()
            if roll < 0.4:
                await self.query()
            elif roll < 0.45:
                await self.replay(until + grace_seconds)
            else:
                write = await self.settle(self.next_write(), until + grace_seconds)
                self.world.learn(write)


def _code(response: httpx.Response) -> str:
    try:
        return str(response.json()["errors"][0]["extensions"]["code"])
    except (ValueError, KeyError, IndexError, TypeError):
        return "NO_CODE"


def activity_input(world: World, key: str, chooser: random.Random) -> dict[str, Any]:
    held = date(2024, 1, 15) + timedelta(days=chooser.randint(0, 600))
    return {
        "ownerId": world.project, "code": key, "kind": "performance",
        "title": f"Circus night {key}", "heldOn": held.isoformat(),
        "place": {"city": "Jaca", "country": "ES", "venue": "Palacio de Congresos"},
        "partners": [world.teatro],
    }  # fmt: skip


async def run_load(
    base: str,
    systems: list[PartnerSystem],
    world: World,
    seconds: float,
    *,
    grace_seconds: float = 90,
    stop: asyncio.Event | None = None,
    ledger: Ledger | None = None,
) -> Ledger:
    """Every system sends the mix for ``seconds``; writes still failing then are retried for
    up to ``grace_seconds`` more."""
    ledger = ledger or Ledger()
    until = time.monotonic() + seconds
    actors = [Actor(base, s, world, ledger, seed) for seed, s in enumerate(systems)]
    try:
        for actor in actors:
            await actor.system.fetch_token(actor.http, base)
        await asyncio.gather(
            *(actor.run(until, grace_seconds, stop or asyncio.Event()) for actor in actors)
        )
    finally:
        for actor in actors:
            await actor.close()
    return ledger
