"""Documents that never collide, carry their metadata, and a data directory that never loses them.

Real files, real ingests into temporary data directories, the real CLI."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app
from api.resources import Resources
from ingest.index import HybridIndex
from ingest.pipeline import ingest
from ingest.settings import Settings
from ingest.storage import current_state, finished_states

pytestmark = pytest.mark.slow

CANADA_PAGE = """<html><head><title>page</title></head><body><main><h1>Safeguarding your research</h1>
<p>Researchers assess the risks of each partnership with a foreign organisation before they sign an agreement.</p>
<p>Research institutions name a research security contact who advises researchers on sensitive technology areas.</p>
</main></body></html>"""
ADDRESS = "https://science.gc.ca/site/science/en/safeguarding-your-research"
PDF_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "producers"


def cli(*args: str):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def write(path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def documents(data_dir) -> dict:
    return HybridIndex.load(current_state(data_dir) / "index").documents


def test_names_in_any_script_or_that_slug_alike_never_replace_each_other(tmp_path):
    data = tmp_path / "data"
    japanese = write(tmp_path / "研究セキュリティ.txt", "研究セキュリティ\n\nResearchers protect their data and their collaborations.\n")
    korean = write(tmp_path / "수출통제.txt", "수출통제\n\nExport controls apply to the transfer of controlled technology abroad.\n")
    first = write(tmp_path / "a" / "Report 2023.txt", "Annual report\n\nThe committee reviewed forty research partnerships in the year.\n")
    second = write(tmp_path / "b" / "report_2023.txt", "Annual report\n\nThe office trained two hundred researchers on safeguarding.\n")

    run = cli("ingest", japanese, korean, first, "--data-dir", data)
    assert run.exit_code == 0, run.output
    assert f"added     研究セキュリティ ({japanese})" in run.stdout
    assert f"added     수출통제 ({korean})" in run.stdout
    assert f"added     report-2023 ({first})" in run.stdout

    run = cli("ingest", second, "--data-dir", data)
    other_id = re.search(r"added     (report-2023-[0-9a-f]{8}) ", run.stdout).group(1)
    assert "index now holds 4 documents" in run.stdout

    first.write_text("Annual report\n\nThe committee reviewed fifty research partnerships in the year.\n")
    run = cli("ingest", first, second, "--data-dir", data)
    assert f"replaced  report-2023 ({first})" in run.stdout
    assert f"unchanged {other_id} ({second})" in run.stdout
    held = documents(data)
    assert sorted(held) == sorted(["研究セキュリティ", "수출통제", "report-2023", other_id])
    assert (held["report-2023"].file, held[other_id].file) == ("Report 2023.txt", "report_2023.txt")
    assert held["수출통제"].uri.endswith("/doc/%EC%88%98%EC%B6%9C%ED%86%B5%EC%A0%9C")

    run = cli("ingest", second, "--id", "office-report-2023", "--data-dir", data)  # the same source, renamed
    assert f"replaced  office-report-2023 ({second}): the same source was {other_id}" in run.stdout
    assert sorted(documents(data)) == sorted(["研究セキュリティ", "수출통제", "report-2023", "office-report-2023"])
    assert cli("ingest", second, "--id", "bad id", "--data-dir", data).stderr.startswith("error: rskg ingest: 'bad id' is not a usable")


def test_metadata_from_the_command_line_and_a_sidecar_reach_citations_and_survive_a_rebuild(tmp_path):
    data = tmp_path / "data"
    page = write(tmp_path / "safeguarding.html", CANADA_PAGE)
    notes = write(
        tmp_path / "notes.txt", "Knowledge security\n\nInstitutions screen applicants for positions in sensitive research fields.\n"
    )
    write(
        tmp_path / "notes.txt.toml",
        'id = "dutch-notes"\ntitle = "Knowledge security notes"\nissuer = "NWO"\njurisdiction = "Netherlands"\n',
    )

    refused = cli("ingest", page, notes, "--title", "One title", "--data-dir", data)
    assert refused.exit_code == 1 and "--title describe one document and 2 files were given" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1

    options = ["--title", "Safeguarding your research", "--issuer", "Government of Canada", "--date", "2024-05"]
    run = cli("ingest", page, *options, "--kind", "national guidance", "--source-url", ADDRESS, "--data-dir", data)
    assert run.exit_code == 0, run.output
    assert cli("ingest", notes, "--data-dir", data).exit_code == 0

    found = json.loads(cli("search", "partnership with a foreign organisation", "--k", "1", "--json", "--data-dir", data).stdout)
    cited = found["results"][0]["document"]
    assert cited["id"] == "safeguarding" and cited["title"] == "Safeguarding your research"
    assert (cited["issuer"], cited["date"], cited["kind"], cited["source"]) == (
        "Government of Canada",
        "2024-05",
        "national guidance",
        ADDRESS,
    )
    assert cited["jurisdiction"] == "Canada" and cited["inferred"] == ["jurisdiction"]
    assert f"source: {ADDRESS}" in cli("search", "partnership with a foreign organisation", "--k", "1", "--data-dir", data).stdout

    marked = cli(
        "query", 'ASK { ?d rskg:inferredMetadata "jurisdiction" ; rskg:metadataNote ?note ; dcterms:source ?s }', "--data-dir", data
    )
    assert marked.stdout.strip() == "true"
    dutch = documents(data)["dutch-notes"]
    assert (dutch.title, dutch.issuer, dutch.jurisdiction, dutch.inferred) == ("Knowledge security notes", "NWO", "Netherlands", {})

    with TestClient(create_app(Settings(data_dir=data, reload_interval=0))) as client:
        assert f'href="{ADDRESS}"' in client.get("/id/doc/safeguarding").text
        hit = client.get("/", params={"q": "partnership with a foreign organisation"}, headers={"Accept": "application/json"}).json()
        assert f"Available at {ADDRESS}." in hit["results"][0]["citation"]["text"]

    page.unlink()
    notes.unlink()  # the originals are gone: the registry's stored copies are enough
    run = cli("ingest", "--rebuild", "--data-dir", data)
    assert run.exit_code == 0, run.output
    assert run.stdout.count("restored") == 2
    rebuilt = documents(data)
    assert (rebuilt["safeguarding"].issuer, rebuilt["safeguarding"].source, rebuilt["dutch-notes"].issuer) == (
        "Government of Canada",
        ADDRESS,
        "NWO",
    )


def test_a_looping_link_and_a_pathological_page_are_one_line_each_and_the_good_file_goes_in(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    nested = write(
        tmp_path / "nested.html", "<html><body>" + "<div>" * 100_000 + "<p>Deep text.</p>" + "</div>" * 100_000 + "</body></html>"
    )
    good = write(tmp_path / "good.txt", "Open access\n\nResearchers deposit the accepted manuscript in the repository.\n")
    run = subprocess.run(
        [sys.executable, "-m", "api.cli", "ingest", str(loop), str(nested), str(good), "--data-dir", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert [line for line in errors if "loop.txt" in line] == [
        f"error: {loop}: is a symbolic link that loops back on itself; point it at a real file or folder"
    ]
    assert len([line for line in errors if "nested.html" in line]) <= 1  # one line if it cannot be read
    assert run.returncode == 1
    assert f"added     good ({good})" in run.stdout


def test_a_damaged_current_state_is_served_from_the_last_good_one_and_the_next_ingest_repairs_it(data_copy, tmp_path):
    page = write(tmp_path / "open-access.html", CANADA_PAGE.replace("Safeguarding your research", "Open access"))
    ingest([page], Settings(data_dir=data_copy))
    damaged = current_state(data_copy)
    (damaged / "index" / "vectors.npy").unlink()

    resources = Resources.load(data_copy)
    assert resources.state != damaged and len(resources.index.documents) == 5
    assert "index/vectors.npy: missing" in resources.warning
    resources.in_use.close()
    with TestClient(create_app(Settings(data_dir=data_copy, reload_interval=0))) as client:
        assert client.get("/health").json()["documents"] == 5
        assert client.get("/search", params={"q": "export control in teaching"}).status_code == 200
    searched = cli("search", "export control in teaching", "--k", "1", "--data-dir", data_copy)
    assert searched.exit_code == 0 and "warning: the current state" in searched.stderr
    doctor = cli("doctor", "--data-dir", data_copy)
    assert doctor.exit_code == 1 and "rskg ingest --repair" in doctor.stderr and "vectors.npy: missing" in doctor.stderr

    report = ingest([], Settings(data_dir=data_copy), repair=True)
    assert report.total_documents == 6 and [(o.action, o.doc_id) for o in report.outcomes] == [("restored", "open-access")]
    assert not damaged.exists() and current_state(data_copy) == report.state
    assert cli("doctor", "--data-dir", data_copy).exit_code == 0

    documents_file = report.state / "index" / "documents.json"  # published read-only: damage it on purpose
    documents_file.chmod(0o644)
    documents_file.write_text(documents_file.read_text()[:100])
    shutil.rmtree(report.state / "graph")
    later = write(tmp_path / "later.txt", "Later guidance\n\nInstitutions review export licences every year.\n")
    report = ingest([later], Settings(data_dir=data_copy))
    assert any("is damaged" in w for w in report.warnings)
    assert report.total_documents == 7 and {"open-access", "later"} <= set(documents(data_copy))
    assert Resources.load(data_copy).warning is None


def test_a_corrupt_embedding_cache_is_set_aside_and_ingest_goes_on(tmp_path):
    data = tmp_path / "data"
    ingest([write(tmp_path / "one.txt", "First\n\nResearchers register their foreign affiliations.\n")], Settings(data_dir=data))
    for vectors in (data / "cache").glob("embeddings*/vectors.npy"):  # the concept model's and the retrieval model's
        vectors.write_bytes(b"\x93NUMPY garbage")
    report = ingest([write(tmp_path / "two.txt", "Second\n\nVisitors are escorted in laboratories.\n")], Settings(data_dir=data))
    assert not report.errors and report.total_documents == 2
    assert report.embedded == report.total_clauses  # nothing came from the damaged cache
    assert any("embedding cache" in w and "damaged" in w for w in report.warnings)
    again = ingest([write(tmp_path / "three.txt", "Third\n\nExport licences are renewed yearly.\n")], Settings(data_dir=data))
    assert not again.warnings and again.embedded == 1
    assert len(finished_states(data)) == 2


def test_a_data_directory_from_before_registries_gets_one_without_losing_a_document(data_copy):
    from tests.conftest import CORPUS

    (data_copy / "sources.json").unlink()
    (current_state(data_copy) / "sources.json").unlink()
    assert cli("doctor", "--data-dir", data_copy).exit_code == 1
    report = ingest([CORPUS], Settings(data_dir=data_copy))
    assert not report.errors and report.total_documents == 5 and report.embedded == 0
    registered = json.loads((data_copy / "sources.json").read_text())["documents"]
    assert len(registered) == 5 and all(row["stored"] and row["path"] for row in registered)
    assert ingest([CORPUS], Settings(data_dir=data_copy)).unchanged and cli("doctor", "--data-dir", data_copy).exit_code == 0


def test_when_no_state_loads_the_registry_rebuilds_every_document(data_copy):
    from ingest.states import DamagedState

    only = current_state(data_copy)
    (only / "index" / "documents.json").unlink()
    with pytest.raises(DamagedState, match="rskg ingest --rebuild"):
        Resources.load(data_copy)
    failed = subprocess.run(
        [sys.executable, "-m", "api.cli", "search", "export control", "--data-dir", str(data_copy)], capture_output=True, text=True
    )
    assert failed.returncode == 1 and "Traceback" not in failed.stderr and failed.stderr.startswith("error: no state in")
    report = ingest([], Settings(data_dir=data_copy), repair=True)
    assert report.total_documents == 5 and {o.action for o in report.outcomes} == {"restored"} and report.embedded == 0
    assert not only.exists() and Resources.load(data_copy).warning is None


def _flip_page_contents(pdf: Path, target: Path, page: int) -> Path:
    """Bit rot in one page's content stream, as a broken download leaves it."""
    from pypdf import PdfReader

    contents = PdfReader(pdf).pages[page - 1].raw_get("/Contents")
    raw = bytearray(pdf.read_bytes())
    start = re.search(rb"(?<!\d)%d 0 obj.*?stream\r?\n" % contents.idnum, raw, re.S).end()
    for i in range(start + 20, start + 28):
        raw[i] ^= 0xFF
    target.write_bytes(raw)
    return target


def test_a_pdf_with_damaged_pages_goes_in_without_them_and_the_user_is_told_which(tmp_path):
    damaged = _flip_page_contents(PDF_FIXTURES / "libreoffice" / "ca-research-partnerships.pdf", tmp_path / "damaged.pdf", page=2)
    run = cli("ingest", damaged, "--data-dir", tmp_path / "data")
    assert run.exit_code == 0, run.output
    assert "damaged.pdf: page(s) 2 are damaged and could not be read; the document is ingested without them" in run.output
    clause_pages = {c.page for c in HybridIndex.load(current_state(tmp_path / "data") / "index").clauses}
    assert {1, 3} <= clause_pages and 2 not in clause_pages
