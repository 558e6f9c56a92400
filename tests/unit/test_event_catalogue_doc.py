from hub.event_catalogue_doc import render
from hub.settings import PROJECT_ROOT


def test_docs_events_md_is_the_rendered_catalogue() -> None:
    checked_in = (PROJECT_ROOT / "docs" / "events.md").read_text(encoding="utf-8")
    assert checked_in == render(), "run: python -m hub.event_catalogue_doc > docs/events.md"


def test_the_catalogue_doc_names_every_event_with_its_version() -> None:
    text = render()
    assert "### `Organisation.Registered` (version 2)" in text
    assert "### `DataSubject.Forgotten` (version 1)" in text
