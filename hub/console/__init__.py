"""The web console: server-rendered pages for project managers and auditors at /console."""

from hub.console.mount import console_mount

__all__ = ["console_mount"]
