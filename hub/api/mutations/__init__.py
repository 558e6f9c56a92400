"""Mutations: one module per field; each checks scope and organisation, builds a command and
hands it to the command bus."""

MUTATIONS: tuple[type, ...] = ()
