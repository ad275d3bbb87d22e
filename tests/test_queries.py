"""The competency questions in ontology/queries/, each answered by the built graph."""

import re

import pytest

from ontology import QUERIES_DIR
from tests.conftest import sparql_rows

pytestmark = pytest.mark.slow
QUERIES = sorted(QUERIES_DIR.glob("*.rq"))


def answer(store, name):
    return sparql_rows(store, (QUERIES_DIR / name).read_text())


def test_there_are_at_least_twelve_each_stating_its_question():
    assert len(QUERIES) >= 12
    for path in QUERIES:
        assert re.match(r"# Question: .+\?", path.read_text()), path.name


@pytest.mark.parametrize("path", QUERIES, ids=[p.stem for p in QUERIES])
def test_every_query_runs_and_answers(store, path):
    assert answer(store, path.name), f"{path.name} has no answer"


def test_values_principles_and_vectors(store):
    assert len(answer(store, "01-values.rq")) == 7
    assert len(answer(store, "02-principles.rq")) == 8
    assert {r["label"] for r in answer(store, "03-risk-vectors.rq")} == {
        "Cyber security",
        "Physical Access and Security",
        "Personnel",
        "Partnerships and Collaborations",
    }


def test_tools_and_jurisdictions(store):
    assert len(answer(store, "04-tools-with-addresses.rq")) >= 25
    assert len(answer(store, "05-jurisdictions.rq")) >= 15


def test_personnel_tools_include_the_curated_dutch_contact_point(store):
    tools = answer(store, "06-tools-for-personnel.rq")
    dutch = next(t for t in tools if t["label"] == "Dutch national contact point for knowledge security")
    assert dutch["jurisdiction"] == "Netherlands" and dutch["curated"] == "true" and int(dutch["evidenceClauses"]) >= 1


def test_every_principle_is_listed_with_the_tools_that_serve_it(store):
    rows = answer(store, "07-tools-per-principle.rq")
    assert {r["principleLabel"] for r in rows} == {r["label"] for r in answer(store, "02-principles.rq")}
    served = {r["principleLabel"] for r in rows if "toolLabel" in r}
    assert len(served) >= 3 and all(r["method"] and 0 < float(r["confidence"]) <= 1 for r in rows if "toolLabel" in r)


def test_contact_points_and_definitions(store):
    assert {r["jurisdiction"] for r in answer(store, "09-national-contact-points.rq")} == {"Netherlands"}
    defining = answer(store, "10-clauses-defining-values.rq")
    assert len(defining) == 7 and all(r["text"].startswith(r["label"]) for r in defining)
    definitions = answer(store, "15-definitions-of-research-security.rq")
    assert any(r["text"].startswith("Research integrity is the adherence") for r in definitions)


def test_export_control_activities_and_technology_areas(store):
    activities = {r["label"] for r in answer(store, "11-export-control-activities.rq")}
    assert {"Teaching", "International collaboration", "Presentations at conferences"} <= activities
    areas = answer(store, "12-technology-areas.rq")
    assert len(areas) == 17 and {r["title"] for r in areas} == {"Trusted Research: What you need to know"}
