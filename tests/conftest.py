"""Shared fixtures: real files, a real ingest of the bundled corpus, the real app."""

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ingest.pipeline import ingest
from ingest.settings import PROJECT_ROOT, Settings

CORPUS = PROJECT_ROOT / "corpus"
SHARED = PROJECT_ROOT.parent / "shared"
TRUSTED_RESEARCH = CORPUS / "004_2c87f31f18ce8fac.txt"
G7 = CORPUS / "000_1ca7f78fd2aefb61.txt"


@pytest.fixture(scope="session")
def corpus_data_dir(tmp_path_factory) -> Path:
    """A data directory holding an ingest of the whole bundled corpus (made once per run)."""
    data_dir = tmp_path_factory.mktemp("corpus-data")
    report = ingest([CORPUS], Settings(data_dir=data_dir))
    assert not report.errors, report.errors
    return data_dir


@pytest.fixture
def data_copy(corpus_data_dir, tmp_path) -> Path:
    """A private copy of the corpus data directory, for tests that change it."""
    target = tmp_path / "data"
    shutil.copytree(corpus_data_dir, target, symlinks=True)
    return target


@pytest.fixture(scope="session")
def store(corpus_data_dir):
    """The Oxigraph store of the corpus ingest, read-only."""
    from ingest import graph
    from ingest.storage import current_state

    return graph.open_store(current_state(corpus_data_dir) / "graph")


def sparql_rows(store, sparql: str) -> list[dict[str, str]]:
    """SELECT results as plain dicts of variable -> value."""
    from ingest import graph

    return graph.rows(store, sparql)


@pytest.fixture(scope="session")
def client(corpus_data_dir):
    from api.app import create_app

    with TestClient(create_app(Settings(data_dir=corpus_data_dir))) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def g7_pdf(tmp_path_factory) -> Path:
    from tests.pdfmaker import text_to_pdf

    return text_to_pdf(G7, tmp_path_factory.mktemp("pdf") / "g7.pdf", header="G7 SIGRE | Common Values and Principles")
