"""Every code a report shows has its label in English, French and Spanish."""

from __future__ import annotations

import pytest

from domain.activities import ActivityKind, TravelMode
from domain.costs import CostCategory, FlatRateKind
from domain.deliverables import DeliverableStatus
from domain.expenditure import ErrorType, ReportStatus
from domain.project import Fund, PartnerRole
from domain.schemes import Agency, SchemeKind
from hub.reports.builders import labels
from hub.reports.builders.figures import flat_rate_category
from hub.reports.catalogue import REPORT_KINDS


@pytest.mark.parametrize(
    ("codes", "table"),
    [
        (list(CostCategory), labels.COST_CATEGORIES),
        ([flat_rate_category(k) for k in FlatRateKind], labels.COST_CATEGORIES),
        (list(ErrorType), labels.ERROR_TYPES),
        (list(ReportStatus), labels.REPORT_STATUSES),
        (list(DeliverableStatus), labels.DELIVERABLE_STATUSES),
        (list(Fund), labels.FUNDS),
        (list(PartnerRole), labels.ROLES),
        (list(ActivityKind), labels.ACTIVITY_KINDS),
        (list(TravelMode), labels.TRAVEL_MODES),
        (list(SchemeKind), labels.SCHEMES),
        (list(Agency), labels.AGENCIES),
    ],
    ids=lambda value: "" if isinstance(value, list) else None,
)
def test_every_code_has_three_labels(codes: list[str], table: dict) -> None:
    for code in codes:
        text = table[code]
        assert text.en and text.fr and text.es, code


def test_poctefa_vocabulary_in_french_and_spanish() -> None:
    staff = labels.COST_CATEGORIES[CostCategory.STAFF]
    assert (staff("fr"), staff("es")) == ("Frais de personnel", "Gastos de personal")


def test_every_report_kind_has_a_builder_and_a_title() -> None:
    from hub.reports.builders import BUILDERS

    assert set(BUILDERS) == set(REPORT_KINDS)
    assert all(kind.title.fr and kind.title.es for kind in REPORT_KINDS.values())
