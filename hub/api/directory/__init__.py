"""Organisations, projects and partnerships: the public directory of the cooperation projects."""

from hub.api.directory.queries import DirectoryQueries
from hub.api.directory.types import Organisation, Partnership, Project

QUERIES: tuple[type, ...] = (DirectoryQueries,)
TYPES: tuple[type, ...] = (Organisation, Project, Partnership)
