"""Ids, metadata as given, jurisdictions inferred, paths that cannot be opened: no model, no ingest."""

import json
import os

import numpy as np
import pytest

from ingest.embed import VectorCache
from ingest.errors import RskgError
from ingest.links import load_curated
from ingest.manifest import Given, check_given, entry_for, slug
from ingest.metadata import DOMAINS, infer_jurisdiction, resolve
from ingest.pipeline import expand
from ingest.registry import Registry, Source


def test_names_in_other_scripts_keep_their_own_readable_ids():
    assert slug("研究セキュリティ") == "研究セキュリティ"
    assert slug("수출통제") == "수출통제"
    assert slug("Règlement sur la sécurité") == "reglement-sur-la-securite"
    assert slug("Report 2023") == slug("report_2023") == "report-2023"  # alike: the pipeline adds a hash to the second
    assert slug("***") == "document"


@pytest.mark.parametrize("bad", ["a/b", "has space", "-leading", "x" * 101, "trailing-", "a?b"])
def test_an_id_that_cannot_be_a_uri_segment_is_refused_in_one_line(bad):
    with pytest.raises(RskgError, match="not a usable document id"):
        check_given(Given(id=bad), "--id")


def test_dates_and_addresses_given_are_checked():
    assert check_given(Given(date="2024-05", source="https://science.gc.ca/x"), "cli").date == "2024-05"
    with pytest.raises(RskgError, match="not YYYY"):
        check_given(Given(date="May 2024"), "cli")
    with pytest.raises(RskgError, match="not an http"):
        check_given(Given(source="science.gc.ca/page"), "cli")


def test_a_sidecar_wins_over_the_folder_manifest_key_by_key(tmp_path):
    (tmp_path / "manifest.toml").write_text(
        '[[document]]\nfile = "a.txt"\nid = "from-manifest"\nissuer = "Manifest issuer"\nkind = "guide"\n'
    )
    (tmp_path / "a.txt.toml").write_text('title = "From the sidecar"\nissuer = "Sidecar issuer"\nsource_url = "https://example.nl/a"\n')
    entry = entry_for(tmp_path / "a.txt")
    assert (entry.id, entry.title, entry.issuer, entry.kind, entry.source) == (
        "from-manifest",
        "From the sidecar",
        "Sidecar issuer",
        "guide",
        "https://example.nl/a",
    )


def test_a_broken_sidecar_names_itself(tmp_path):
    (tmp_path / "a.txt.toml").write_text("title = \n")
    with pytest.raises(RskgError, match=r"a\.txt\.toml: not valid TOML"):
        entry_for(tmp_path / "a.txt")


@pytest.mark.parametrize(
    ("address", "jurisdiction"),
    [
        ("https://science.gc.ca/site/science/en/safeguarding", "Canada"),
        ("https://www.nationalsecurity.gov.au/protect", "Australia"),
        ("https://www.loketkennisveiligheid.nl/en", "Netherlands"),
        ("https://www.npsa.gov.uk/trusted-research", "United Kingdom"),
        ("https://www.ox.ac.uk/research", "United Kingdom"),
        ("https://www.nist.gov/publications", "United States"),
    ],
)
def test_the_jurisdiction_is_inferred_from_the_address(address, jurisdiction):
    found, how = infer_jurisdiction(address, "Guidance", [])
    assert found == jurisdiction and "domain" in how


def test_the_jurisdiction_is_inferred_from_the_title_or_the_opening_clauses_only_when_clear():
    assert infer_jurisdiction(None, "Safeguarding Australian research", [])[0] == "Australia"
    opening = ["Canada welcomes collaboration.", "Canadian universities assess partnerships.", "Partners in Japan ..."]
    assert infer_jurisdiction(None, "Guidance", opening)[0] == "Canada"
    assert infer_jurisdiction(None, "Guidance", ["France and Germany agree.", "Germany and France sign."]) is None
    assert infer_jurisdiction("https://www.oecd.org/sti", "Guidance", []) is None


def test_every_jurisdiction_a_domain_names_is_a_curated_one():
    labels = {c.label for c in load_curated()[0] if c.scheme == "jurisdiction"}
    assert set(DOMAINS.values()) <= labels


def test_what_is_given_beats_the_file_which_beats_inference():
    meta = resolve(
        Given(issuer="Given issuer"),
        {"issuer": "File issuer", "title": "File title", "source": "https://www.canada.ca/en/x", "date": "2023"},
        "Heading",
        "file-name",
        [],
    )
    assert (meta.title, meta.issuer, meta.date, meta.jurisdiction) == ("File title", "Given issuer", "2023", "Canada")
    assert dict(meta.inferred) == {"jurisdiction": "the address's domain (.canada.ca)"}
    assert resolve(Given(jurisdiction="G7"), {"source": "https://x.gc.ca"}, None, "name", []).inferred == ()
    assert resolve(Given(), {"source": "not an address"}, None, "name", []).source is None


@pytest.mark.parametrize(
    ("written", "date"),
    [("2024-05-01T10:00:00Z", "2024-05-01"), ("D:20240501103000+01'00'", "2024-05-01"), ("2023", "2023"), ("May", None)],
)
def test_a_date_the_file_gives_is_kept_to_year_month_and_day(written, date):
    assert resolve(Given(), {"date": written}, None, "name", []).date == date


def test_paths_that_cannot_be_opened_are_errors_not_crashes(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    dangling = tmp_path / "gone.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    good = tmp_path / "good.txt"
    good.write_text("Text.")
    files, errors = expand([loop, dangling, tmp_path / "missing.pdf", good, good])
    assert files == [good]
    messages = {e.path.name: e.problem for e in errors}
    assert "loops back on itself" in messages["loop.txt"]
    assert "does not exist" in messages["gone.txt"]
    assert messages["missing.pdf"] == "no such file or folder"


def test_a_folder_lists_its_looping_links_as_errors(tmp_path):
    (tmp_path / "good.txt").write_text("Text.")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "good.txt.toml").write_text('title = "x"\n')
    files, errors = expand([tmp_path])
    assert [f.name for f in files] == ["good.txt"]
    assert [e.path.name for e in errors] == ["loop.txt"]


@pytest.mark.parametrize("damage", ["truncated", "garbage", "mismatch", "one file"])
def test_a_damaged_embedding_cache_is_set_aside_with_a_warning(tmp_path, damage):
    cache = VectorCache(tmp_path)
    cache.vectors = {"a": np.ones(384, np.float32), "b": np.zeros(384, np.float32)}
    cache.save()
    vectors = tmp_path / "vectors.npy"
    if damage == "truncated":
        vectors.write_bytes(vectors.read_bytes()[:200])
    elif damage == "garbage":
        (tmp_path / "keys.json").write_text("[not json")
    elif damage == "mismatch":
        (tmp_path / "keys.json").write_text(json.dumps(["a"]))
    else:
        vectors.unlink()
    reopened = VectorCache(tmp_path)
    assert reopened.vectors == {} and "is damaged" in reopened.warning


def test_an_intact_cache_loads_without_a_warning(tmp_path):
    cache = VectorCache(tmp_path)
    cache.vectors = {"a": np.ones(384, np.float32)}
    cache.save()
    assert VectorCache(tmp_path).warning is None and list(VectorCache(tmp_path).vectors) == ["a"]


def test_the_registry_round_trips_and_a_damaged_one_says_so(tmp_path):
    registry = Registry()
    registry.put(Source(id="x", key="/a/x.txt", file="x.txt", sha256="0" * 64, stored="files/0.txt", given={"issuer": "I"}))
    registry.save(tmp_path / "sources.json")
    again = Registry.read(tmp_path / "sources.json")
    assert again.by_key("/a/x.txt").given == {"issuer": "I"} and again.sources["x"].added
    (tmp_path / "sources.json").write_text('{"version": 1, "documents": [{"id"')
    with pytest.raises(ValueError, match=r"sources\.json"):
        Registry.read(tmp_path / "sources.json")


def test_published_files_are_read_only(corpus_data_dir):
    from ingest.storage import current_state

    state = current_state(corpus_data_dir)
    files = [p for p in state.rglob("*") if p.is_file() and p.name != ".in-use"]
    assert files and all(p.stat().st_mode & 0o777 == 0o444 for p in files)
    stored = list((corpus_data_dir / "files").iterdir())
    assert len(stored) == 5 and all(p.stat().st_mode & 0o777 == 0o444 for p in stored)
    if os.geteuid() != 0:  # root may write anyway
        with pytest.raises(PermissionError):
            open(state / "index" / "vectors.npy", "r+b")  # noqa: SIM115
