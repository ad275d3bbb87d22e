"""Clauses: the retrievable unit, with stable ids and provenance."""

from ingest.clauses import build_clauses
from ingest.parse import parse
from tests.conftest import G7, TRUSTED_RESEARCH


def clauses_of(path, doc_id="doc"):
    return build_clauses(doc_id, parse(path))


def test_a_list_stays_with_the_sentence_that_introduces_it():
    _, clauses = clauses_of(TRUSTED_RESEARCH)
    export = next(c for c in clauses if "routine academic activities" in c.text)
    assert export.text.startswith("The following routine academic activities could be covered by export control:")
    assert "- Teaching" in export.text and "- Presentations at conferences" in export.text
    assert export.kind == "list"
    assert not any(c.text.strip("- ") == "Teaching" for c in clauses)


def test_definition_items_are_clauses_of_their_own_with_their_section():
    _, clauses = clauses_of(G7)
    risk = next(c for c in clauses if c.text.startswith("Risk Proportionality:"))
    assert risk.kind == "item"
    assert "Shared Responsibilities:" not in risk.text
    assert risk.section_path[-1] == "G7 Principles of Research Security"


def test_sections_nest_under_the_title():
    sections, _ = clauses_of(G7)
    title, *rest = sections
    assert title.level == 1 and title.parent is None
    assert all(s.parent == title.number for s in rest)


def test_ids_are_stable_and_change_only_for_changed_text(tmp_path):
    _, first = clauses_of(G7)
    _, again = clauses_of(G7)
    assert [c.id for c in first] == [c.id for c in again]
    assert len({c.id for c in first}) == len(first)

    edited = tmp_path / "g7.txt"
    edited.write_text(
        G7.read_text().replace("Openness and security are not contradictory", "Openness and security are never contradictory")
    )
    _, changed = clauses_of(edited)
    before, after = {c.id for c in first}, {c.id for c in changed}
    assert len(before - after) == 1 and len(after - before) == 1


def test_clauses_carry_offsets_and_stay_within_the_model_window():
    _, clauses = clauses_of(G7)
    assert all(0 <= c.start < c.end for c in clauses)
    assert max(len(c.text) for c in clauses) <= 1600
    assert [c.position for c in clauses] == list(range(1, len(clauses) + 1))
