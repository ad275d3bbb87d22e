"""The concept graph: what extraction finds in the corpus, and the links it makes."""

import pytest

from tests.conftest import sparql_rows

pytestmark = pytest.mark.slow

G7_VALUES = {
    "Academic Freedom",
    "Freedom from Discrimination, Harassment, and Coercion",
    "Equity, Diversity, and Inclusion",
    "Institutional Autonomy",
    "Open Science and Access to Research",
    "Fostering Public Trust",
    "Transparency, Disclosure, and Honesty",
}
G7_PRINCIPLES = {
    "Balancing National and Global Interests",
    "Maintaining Openness and Research Security",
    "Collaboration and Dialogue",
    "Proactive Efforts",
    "Risk Proportionality",
    "Shared Responsibilities",
    "Accountability and Responsibility",
    "Adaptability",
}
G7_RISK_VECTORS = {"Cyber security", "Physical Access and Security", "Personnel", "Partnerships and Collaborations"}


def labels_of(store, cls):
    return {r["label"] for r in sparql_rows(store, f"SELECT ?label WHERE {{ ?c a rskg:{cls} ; skos:prefLabel ?label }}")}


def test_exactly_the_g7_values_principles_and_risk_vectors(store):
    defined = {r["label"] for r in sparql_rows(store, "SELECT ?label { ?c a rskg:Value ; skos:prefLabel ?label ; skos:definition ?d }")}
    assert defined == G7_VALUES
    # a value another document names in a sentence ("to respect academic freedom and research autonomy") is a value
    # too, without a definition: its label is in the clause it comes from
    for row in sparql_rows(
        store,
        "SELECT ?label ?text WHERE { ?c a rskg:Value ; skos:prefLabel ?label ; rskg:sourceClause ?k . "
        "?k rskg:text ?text FILTER NOT EXISTS { ?c skos:definition ?d } }",
    ):
        assert row["label"] not in G7_VALUES
        assert row["label"].casefold() in " ".join(row["text"].split()).casefold(), row
    assert labels_of(store, "Principle") == G7_PRINCIPLES
    assert labels_of(store, "RiskVector") == G7_RISK_VECTORS


def test_each_has_its_g7_definition_from_its_clause(store):
    found = sparql_rows(
        store,
        """SELECT ?label ?definition ?text WHERE { ?c skos:inScheme ?s ; skos:prefLabel ?label ; skos:definition ?definition ;
             rskg:sourceClause/rskg:text ?text . FILTER(?s IN (id:scheme\\/value, id:scheme\\/principle, id:scheme\\/risk-vector)) }""",
    )
    # each of the 19 is defined by its own clause of the G7 text; another document's sentence that names it (a workshop
    # report's "to respect academic freedom and research autonomy") is a further source, not a second definition
    defining = {r["label"] for r in found if r["text"].startswith(r["label"] + ":") and r["definition"] in r["text"]}
    assert len(defining) == 19 and len({r["label"] for r in found}) == 19, sorted(r["label"] for r in found)
    risk = next(r for r in found if r["label"] == "Risk Proportionality")
    assert risk["definition"].startswith("Research safeguards can have adverse impacts on innovation")


def test_tools_with_addresses_and_jurisdictions(store):
    tools = sparql_rows(
        store,
        """SELECT ?label ?address ?place WHERE { ?t a rskg:Tool ; skos:prefLabel ?label ; rskg:address ?address .
             OPTIONAL { ?t rskg:inJurisdiction/skos:prefLabel ?place } }""",
    )
    assert len(tools) >= 25
    by_label = {t["label"]: t for t in tools}
    assert by_label["Dutch national contact point for knowledge security"]["place"] == "Netherlands"
    assert by_label["UK trusted research guidance for academia"]["address"] == "https://www.npsa.gov.uk/trusted-research-academia"
    assert by_label["Portal on research security"]["place"] == "Canada", "a .ca address outweighs the list it was filed under"


def test_at_least_fifteen_jurisdictions_spoken_of(store):
    places = sparql_rows(store, "SELECT DISTINCT ?label WHERE { ?j a rskg:Jurisdiction ; skos:prefLabel ?label . ?c rskg:about ?j }")
    assert len(places) >= 15
    assert {"Netherlands", "China", "Japan", "Canada", "United Kingdom"} <= {p["label"] for p in places}


def test_trusted_research_lists(store):
    assert {"Teaching", "Presentations at conferences", "Export of materials"} <= labels_of(store, "Activity")
    areas = labels_of(store, "TechnologyArea")
    assert len(areas) == 17 and {"Quantum Technologies", "Synthetic Biology", "Artificial Intelligence"} <= areas
    assert {"Export Control", "Partner suitability", "Intellectual Property"} <= labels_of(store, "Topic")


def test_export_control_clause_is_about_export_control_and_teaching(store):
    about = sparql_rows(
        store,
        """SELECT ?label ?score ?method WHERE { ?c rskg:text ?t . FILTER(STRSTARTS(?t, "The following routine academic activities"))
             ?l rskg:clause ?c ; rskg:concept/skos:prefLabel ?label ; rskg:score ?score ; rskg:method/rdfs:label ?method }""",
    )
    labels = {a["label"] for a in about}
    assert {"Export Control", "Teaching"} <= labels
    assert all(a["method"] for a in about)


def test_every_crosswalk_link_rests_on_clauses_and_every_inferred_one_on_a_sentence(store):
    unsupported = sparql_rows(
        store,
        """SELECT ?l WHERE { ?l a rskg:CrosswalkLink ; rskg:curated ?curated .
             FILTER (NOT EXISTS { ?l rskg:evidence/rskg:text ?e } || (?curated = false && NOT EXISTS { ?l rskg:sentence ?s })) }""",
    )
    assert unsupported == []
    sources = sparql_rows(store, "SELECT DISTINCT ?c WHERE { ?l rskg:from ?c ; rskg:curated false }")
    assert len(sources) >= 4, "inferred links reach several of the framework's concepts"


def test_curated_knowledge_is_marked_and_synonyms_apply(store):
    curated = sparql_rows(store, "SELECT ?label WHERE { ?c a rskg:Jurisdiction ; rskg:curated true ; skos:prefLabel ?label }")
    assert len(curated) >= 20
    alts = sparql_rows(store, 'SELECT ?alt WHERE { ?c a rskg:Term ; skos:prefLabel "Research security"@en ; skos:altLabel ?alt }')
    assert "knowledge security" in {a["alt"] for a in alts}
    links = sparql_rows(
        store, "SELECT ?curated (COUNT(?l) AS ?n) WHERE { ?l a rskg:CrosswalkLink ; rskg:curated ?curated } GROUP BY ?curated"
    )
    assert {r["curated"] for r in links} == {"true", "false"}
    dfg = sparql_rows(
        store,
        """SELECT ?tool WHERE { ?l rskg:curated true ; rskg:from/skos:prefLabel "Risk Proportionality"@en ;
             rskg:tool/skos:prefLabel ?tool }""",
    )
    assert [r["tool"] for r in dfg] == ['DFG recommendations "Dealing with risks in international cooperation"'], (
        "matched on either address"
    )
