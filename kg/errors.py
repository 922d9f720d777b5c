"""Errors that reach the user as one clear line and a non-zero exit code, never a traceback."""
from __future__ import annotations


class KgError(Exception):
    """An error the user can act on; ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class InputError(KgError):
    """A document or argument that cannot be read or used."""

    exit_code = 2


class StoreError(KgError):
    """The graph store cannot be reached, refused the credentials or failed a write."""

    exit_code = 3
