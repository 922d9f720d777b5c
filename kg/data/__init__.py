"""Data files: lexicons and patterns (YAML), read by one loader.

``load_yaml`` parses with libyaml's safe loader where PyYAML was built with it (the wheels are): the
same data as PyYAML's own safe loader, about eight times faster, and the lexicons are read at every
start of kg (bodies.yaml alone took a third of a second).
"""
from __future__ import annotations

from importlib import resources
from typing import IO

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(source: str | IO[str]) -> object:
    """The data of a YAML text or open text file, loaded safely (plain data, never objects)."""
    return yaml.load(source, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python


def read(name: str) -> object:
    """The data of one file of this package, e.g. ``read("frames.yaml")``."""
    with resources.files(__name__).joinpath(name).open("r", encoding="utf-8") as fh:
        return load_yaml(fh)
