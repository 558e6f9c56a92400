"""Funder audit reports: built from the log up to a position, rendered in the funders' formats."""
