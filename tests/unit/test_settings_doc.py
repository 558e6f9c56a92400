"""docs/configuration.md lists every setting as the code defines it."""

from hub.settings import PROJECT_ROOT, Settings
from hub.settings_doc import render


def test_the_configuration_page_matches_the_settings_model():
    page = (PROJECT_ROOT / "docs" / "configuration.md").read_text()
    assert page == render(), "regenerate: python -m hub.settings_doc > docs/configuration.md"


def test_every_setting_has_a_description():
    assert all(field.description for field in Settings.model_fields.values())
