"""Renders docs/configuration.md from the settings model: `python -m hub.settings_doc`."""

from __future__ import annotations

from hub.settings import PROJECT_ROOT, Settings

HEADER = """# Configuration

Every setting is an environment variable with the `HUB_` prefix (`HUB_DATABASE_URL` may also
be given as `DATABASE_URL`). The hub reads them once at start-up and stops with a message
naming the variable if one is invalid. This page is generated from `hub/settings.py`
(`python -m hub.settings_doc > docs/configuration.md`); a test keeps them in step.

| variable | default | meaning |
|---|---|---|
"""


def _default(name: str, value: object) -> str:
    if value is None:
        return "unset"
    text = str(value)
    if text.startswith(str(PROJECT_ROOT)):
        text = "<project>" + text[len(str(PROJECT_ROOT)) :]
    return f"`{text}`"


def render() -> str:
    rows = [
        f"| `HUB_{name.upper()}` | {_default(name, field.default)} | {field.description or ''} |"
        for name, field in Settings.model_fields.items()
    ]
    return HEADER + "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(render(), end="")
