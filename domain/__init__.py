"""The pure domain model of the hub: aggregates, their events, value objects and rules.

Nothing here does I/O or imports from the rest of the hub; only the standard library,
eventsourcing and pydantic.
"""
