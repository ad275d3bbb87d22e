"""The bundled corpus: every file described in the manifest, and unchanged since."""

import hashlib
import tomllib

from ingest.manifest import entry_for, slug
from ingest.parse import SUPPORTED
from tests.conftest import CORPUS

MANIFEST = tomllib.loads((CORPUS / "manifest.toml").read_text())["document"]


def test_every_corpus_file_has_a_manifest_entry_and_the_reverse():
    files = {p.name for p in CORPUS.iterdir() if p.suffix in SUPPORTED}
    assert files == {d["file"] for d in MANIFEST}
    assert len({d["id"] for d in MANIFEST}) == len(MANIFEST)


def test_manifest_checksums_match_the_files():
    for document in MANIFEST:
        assert hashlib.sha256((CORPUS / document["file"]).read_bytes()).hexdigest() == document["sha256"], document["file"]


def test_entries_carry_the_metadata_citations_need():
    for document in MANIFEST:
        entry = entry_for(CORPUS / document["file"])
        assert entry.id == document["id"]
        assert entry.title and entry.issuer and entry.jurisdiction and entry.kind


def test_a_file_outside_the_manifest_has_no_id_of_its_own_and_its_name_makes_one(tmp_path):
    assert entry_for(tmp_path / "UK Trusted Research (2023).pdf").id is None
    assert slug("UK Trusted Research (2023)") == "uk-trusted-research-2023"
