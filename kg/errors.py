"""Errors a user can act on: the CLI prints them as one line, without a traceback."""

from __future__ import annotations


class KGError(Exception):
    """A problem with the user's input or environment, reported as one line."""


class InputError(KGError):
    """An input file or folder cannot be read as articles."""


class QueryError(KGError):
    """A SPARQL query is invalid, refused, or failed."""
