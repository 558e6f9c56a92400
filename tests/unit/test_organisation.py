from uuid import uuid4

import pytest

from domain.errors import ContactNotFound, InvalidCountry
from domain.organisation import LegalStatus, Organisation, VatRecovery
from domain.personal_data import PersonalData


def grainerie() -> Organisation:
    return Organisation.register(
        "La Grainerie",
        "fr",
        "Occitanie",
        LegalStatus.NON_PROFIT_ASSOCIATION,
        VatRecovery.PARTLY,
        ("fr", "es", "ca"),
    )


def test_an_organisation_id_is_deterministic_from_its_name_and_country() -> None:
    assert grainerie().id == Organisation.create_id("la grainerie", "FR")


def test_a_country_must_be_an_iso_alpha_2_code() -> None:
    with pytest.raises(InvalidCountry) as caught:
        Organisation.register(
            "Artemrede", "PRT", "Lisboa", LegalStatus.NON_PROFIT_ASSOCIATION, VatRecovery.NO
        )
    assert caught.value.rule == "invalid_country_code"


def test_contacts_are_personal_data_and_can_be_removed() -> None:
    organisation = grainerie()
    subject = uuid4()
    organisation.add_contact("project manager", PersonalData(subject, {"name": "Ana"}))
    organisation.remove_contact(subject)
    assert organisation.contacts == {}


def test_removing_an_unknown_contact_is_refused() -> None:
    with pytest.raises(ContactNotFound):
        grainerie().remove_contact(uuid4())


def test_vat_recovery_change_is_recorded_only_when_it_changes() -> None:
    organisation = grainerie()
    organisation.change_vat_recovery(VatRecovery.PARTLY)
    organisation.change_vat_recovery(VatRecovery.YES)
    assert organisation.version == 2
    assert organisation.vat_recovery == VatRecovery.YES
