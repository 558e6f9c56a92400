"""The collaboration hub of Occitanie en scène's cooperation projects."""

__version__ = "0.1.0"
