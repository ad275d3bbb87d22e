"""Ingest end to end: stable ids, the vector cache, bad files, atomic states."""

import json
import subprocess
import sys

import pytest

from ingest.index import HybridIndex
from ingest.pipeline import ingest
from ingest.settings import Settings
from ingest.storage import current_state
from tests.conftest import CORPUS, G7, TRUSTED_RESEARCH
from tests.pdfmaker import text_to_pdf
from tests.test_parse import HTML_PAGE

pytestmark = pytest.mark.slow
OTHER_PAGE = """<html><body><main><h1>Open access policy</h1>
<p>Researchers deposit the accepted manuscript of every journal article in the institutional repository within three months.</p>
</main></body></html>"""
EXPORT_QUESTION = "which guidance covers export control in teaching?"


def top_texts(data_dir, question=EXPORT_QUESTION, k=3):
    index = HybridIndex.load(current_state(data_dir) / "index")
    return [hit.clause.text for hit in index.search(question, k).hits]


def test_an_unchanged_file_is_not_ingested_again(data_copy):
    state = current_state(data_copy)
    report = ingest([TRUSTED_RESEARCH], Settings(data_dir=data_copy))
    assert report.unchanged == ["uk-university-trusted-research"] and report.state is None
    assert current_state(data_copy) == state


def test_reingest_gives_the_same_clause_ids_without_embedding_again(data_copy):
    before = HybridIndex.load(current_state(data_copy) / "index")
    report = ingest([CORPUS], Settings(data_dir=data_copy), rebuild=True)
    after = HybridIndex.load(current_state(data_copy) / "index")
    assert report.embedded == 0
    assert [c.uri for c in after.clauses] == [c.uri for c in before.clauses]
    assert report.total_documents == 5


def test_a_batch_with_bad_files_ingests_the_good_ones_and_keeps_the_rest(data_copy, tmp_path):
    before = top_texts(data_copy)
    (tmp_path / "empty.txt").write_bytes(b"")
    whole = text_to_pdf(G7, tmp_path / "whole.pdf").read_bytes()
    (tmp_path / "truncated.pdf").write_bytes(whole[: len(whole) // 2])
    text_to_pdf(TRUSTED_RESEARCH, tmp_path / "locked.pdf", encrypt="pw")
    (tmp_path / "page.pdf").write_text(HTML_PAGE)
    good = tmp_path / "good-page.html"
    good.write_text(OTHER_PAGE)

    files = ["empty.txt", "truncated.pdf", "locked.pdf", "page.pdf", "good-page.html"]
    report = ingest([tmp_path / f for f in files], Settings(data_dir=data_copy))

    assert sorted(e.path.name for e in report.errors) == sorted(files[:4])
    assert report.documents == ["good-page"]
    assert report.total_documents == 6
    assert top_texts(data_copy)[0] == before[0]
    assert "accepted manuscript" in top_texts(data_copy, "where do I deposit my accepted manuscript?")[0]


def test_when_every_file_fails_the_current_state_is_untouched(data_copy, tmp_path):
    state = current_state(data_copy)
    (tmp_path / "empty.txt").write_bytes(b"")
    report = ingest([tmp_path / "empty.txt"], Settings(data_dir=data_copy))
    assert report.state is None and len(report.errors) == 1
    assert current_state(data_copy) == state


def test_a_rebuild_reads_every_registered_document_again_even_when_the_files_passed_fail(data_copy, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    report = ingest([tmp_path / "empty.txt"], Settings(data_dir=data_copy), rebuild=True)
    assert [e.path.name for e in report.errors] == ["empty.txt"]
    assert sorted(o.action for o in report.outcomes) == ["failed"] + ["restored"] * 5
    assert report.total_documents == 5 and report.embedded == 0
    assert top_texts(data_copy)[0].startswith("The following routine academic activities")


def test_cli_reports_one_line_per_bad_file_and_exits_non_zero(data_copy, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "page.pdf").write_text(HTML_PAGE)
    good = tmp_path / "good.html"
    good.write_text(HTML_PAGE)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "api.cli",
            "ingest",
            str(tmp_path / "empty.txt"),
            str(tmp_path / "page.pdf"),
            str(good),
            "--data-dir",
            str(data_copy),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert any("empty.txt" in line and "empty" in line for line in errors)
    assert any("page.pdf" in line and "not a PDF" in line for line in errors)
    assert "ingested 1 document(s)" in run.stdout
    state = json.loads((current_state(data_copy) / "state.json").read_text())
    assert state["documents"] == 6
