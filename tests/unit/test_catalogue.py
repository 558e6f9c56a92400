import importlib
import pkgutil

from eventsourcing.domain import Aggregate, CanMutateAggregate

import domain
from domain.catalogue import EVENT_TYPES, STREAM_TYPES, describe, schema_version


def aggregates_defined_in_domain() -> set[type[Aggregate]]:
    found = set()
    for module_info in pkgutil.iter_modules(domain.__path__):
        module = importlib.import_module(f"domain.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Aggregate) and value is not Aggregate:
                if value.__module__ == module.__name__:
                    found.add(value)
    return found


def event_classes_of(aggregate: type[Aggregate]) -> list[type]:
    return [
        value
        for name, value in vars(aggregate).items()
        if isinstance(value, type)
        and issubclass(value, CanMutateAggregate)
        and name not in ("Event", "Created")
    ]


def test_every_aggregate_is_a_stream_type() -> None:
    assert set(STREAM_TYPES.values()) == aggregates_defined_in_domain()


def test_every_event_class_appears_exactly_once_in_the_catalogue() -> None:
    listed = list(EVENT_TYPES.values())
    defined = [cls for agg in aggregates_defined_in_domain() for cls in event_classes_of(agg)]
    assert sorted(map(str, listed)) == sorted(map(str, defined))
    assert len(set(listed)) == len(listed)


def test_event_names_start_with_their_stream_type() -> None:
    for name, cls in EVENT_TYPES.items():
        stream = STREAM_TYPES[name.split(".")[0]]
        assert cls in event_classes_of(stream)


def test_every_event_has_a_class_version() -> None:
    assert {cls.class_version for cls in EVENT_TYPES.values()} == {1, 2}
    assert all(schema_version(cls) == cls.class_version for cls in EVENT_TYPES.values())


def test_describe_lists_names_versions_and_typed_fields() -> None:
    entries = {entry["name"]: entry for entry in describe()}
    registered = entries["Organisation.Registered"]
    assert registered["version"] == 2
    assert {"name": "vat_recovery", "type": "VatRecovery"} in registered["fields"]
    assert {"name": "line", "type": "ExpenditureLine"} in entries[
        "PartnerReport.ExpenditureDeclared"
    ]["fields"]
    assert len(entries) == len(EVENT_TYPES)
