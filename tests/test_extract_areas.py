"""Lists of "areas" that do not say of what: their items say it. Areas whose items are mostly named in the words of the
public critical-technology lists (ontology/technology-areas.ttl) are technology areas, with their hierarchy; areas of
anything else are not. Each test reads a small page of its own through the real parser and the real extraction."""

from pathlib import Path

from ingest.pipeline import read_document


def concepts_of(tmp_path: Path, body: str):
    path = tmp_path / "page.html"
    path.write_text(f"<!doctype html><html><head><title>Guidance for grant holders</title></head><body><main>{body}</main></body></html>")
    _, _, _, concepts = read_document(path)
    return concepts


def test_a_nested_list_of_areas_named_as_fields_is_a_hierarchy_of_technology_areas(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h2>6 Where to take extra care</h2><p>Several areas pair great promise with a greater chance of misuse, and "
        "proposals in them get a second reading:</p><ul><li>Marine and polar research<ul><li>Autonomous underwater "
        "vehicles</li><li>Ice-penetrating radar sensing</li></ul></li><li>Health research<ul><li>Vaccine adjuvants</li>"
        "<li>Pathogen surveillance genomics</li></ul></li></ul>",
    )
    areas = {c.label: c for c in found if c.scheme == "technology-area"}
    assert {"Autonomous underwater vehicles", "Vaccine adjuvants", "Pathogen surveillance genomics"} <= set(areas)
    assert areas["Vaccine adjuvants"].extra.get("broader") == "Health research"


def test_areas_of_anything_else_are_not_technology_areas(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h2>Areas of the campus with controlled access</h2><p>The following areas need a badge after hours:</p>"
        "<ul><li>The main library<ul><li>Rare books room</li><li>Reading rooms</li></ul></li><li>The student union"
        "<ul><li>Meeting rooms</li><li>Offices of the societies</li></ul></li></ul>",
    )
    assert not [c.label for c in found if c.scheme == "technology-area"]
