"""Shared test fixtures: a real store per available engine, and source-file factories."""

from __future__ import annotations

import os
import uuid

import pytest

from graph import open_store

ENGINES = ["ladybug"] + (["neo4j"] if os.environ.get("YIDANG_NEO4J_URI") else [])


@pytest.fixture(params=ENGINES)
def store(request, tmp_path):
    """A fresh, real store: LadybugDB in a temp folder; Neo4j when YIDANG_NEO4J_URI is set."""
    if request.param == "ladybug":
        s = open_store(tmp_path / "store")
    else:
        s = open_store(neo4j_uri=os.environ["YIDANG_NEO4J_URI"],
                       neo4j_user=os.environ.get("YIDANG_NEO4J_USER", "neo4j"),
                       neo4j_password=os.environ.get("YIDANG_NEO4J_PASSWORD", ""),
                       neo4j_database=os.environ.get("YIDANG_NEO4J_DATABASE", "neo4j"))
        s._engine.wipe()  # a test database: start empty
    yield s
    s.close()


@pytest.fixture
def source_files(tmp_path):
    """Factory writing a source file and its mapping; returns (mapping_path, file_path)."""
    from tests.factories import write_source

    def make(**kwargs):
        return write_source(tmp_path / f"src-{uuid.uuid4().hex[:6]}", **kwargs)
    return make


@pytest.fixture(scope="session")
def sample_city(tmp_path_factory):
    """A 1,500-person sample city loaded once: (closed store folder, truth.csv)."""
    from tests.factories import sample_store

    return sample_store(tmp_path_factory.mktemp("sample"))


@pytest.fixture
def city_store(sample_city, tmp_path):
    """A private, open copy of the loaded sample city's store, and its truth file."""
    import shutil

    folder, truth = sample_city
    shutil.copytree(folder, tmp_path / "store")
    s = open_store(tmp_path / "store")
    yield s, truth
    s.close()
