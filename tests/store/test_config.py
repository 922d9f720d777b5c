"""Store settings from options and the environment: a URI that names no usable port is refused in one line."""
from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.store.config import StoreConfig


@pytest.mark.parametrize("uri", ["bolt://127.0.0.1:99999", "bolt://127.0.0.1:0", "bolt://127.0.0.1:port",
                                 "bolt://:7687", "http://127.0.0.1:7687"])
def test_a_uri_without_a_usable_host_and_port_is_refused(uri):
    with pytest.raises(InputError) as e:
        StoreConfig.from_env_and_options(uri=uri, password="x", env={})
    assert "\n" not in str(e.value) and uri in str(e.value)


@pytest.mark.parametrize("uri", ["bolt://127.0.0.1:7687", "neo4j://db.example:7687", "bolt://localhost"])
def test_a_uri_with_host_and_port_is_taken(uri):
    assert StoreConfig.from_env_and_options(uri=uri, password="x", env={}).uri == uri
