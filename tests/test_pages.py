"""The web pages and their machine twins, through the real app: HTML for people, JSON and RDF for programs."""

import html

import pytest
import rdflib

from tests.conftest import CORPUS, TRUSTED_RESEARCH, sparql_rows

HTML = {"Accept": "text/html"}
JSON = {"Accept": "application/json"}
QUESTION = "which guidance covers export control in teaching"


def test_ask_answers_html_with_highlights_and_json_with_citations(client):
    page = client.get("/", params={"q": QUESTION}, headers=HTML)
    assert page.status_code == 200 and "<mark>" in page.text and "Export Control" in page.text
    data = client.get("/", params={"q": QUESTION}, headers=JSON).json()
    first = data["results"][0]
    assert first["citation"]["document"] == "Trusted Research: What you need to know"
    assert first["citation"]["href"].startswith("/id/doc/") and "#clause-" in first["citation"]["href"]
    assert "Trusted Research: What you need to know" in first["citation"]["text"]
    assert first["citation"]["text"].endswith(first["citation"]["href"])
    assert any(marked for _, marked in first["runs"])
    assert {f["name"] for f in data["facets"]} >= {"issuer", "kind", "concept"}
    assert data["documents"][0]["title"] == "Trusted Research: What you need to know"
    covering = page.text.index("cover")
    assert covering < page.text.index('<ol class="hits">')  # "N documents cover this" leads, before the clauses


def test_facet_links_filter_and_are_shareable(client):
    data = client.get("/", params={"q": QUESTION}, headers=JSON).json()
    issuer = next(f for f in data["facets"] if f["name"] == "issuer")["values"][-1]
    filtered = client.get(issuer["href"], headers=JSON).json()  # the link itself is the shareable URL
    assert filtered["chosen"] == {"issuer": [issuer["value"]]}
    assert filtered["results"] and all(r["citation"]["issuer"] == issuer["value"] for r in filtered["results"])
    removed = client.get(filtered["active"][0]["href"], headers=JSON).json()
    assert removed["chosen"] == {} and len(removed["results"]) == len(data["results"])


def test_the_empty_ask_page_is_a_form(client):
    page = client.get("/", headers=HTML)
    assert page.status_code == 200 and '<form class="ask" method="get" action="/"' in page.text and "<ol" not in page.text


def test_a_document_page_lists_every_clause_in_order_with_anchors(client, store):
    data = client.get("/id/doc/uk-university-trusted-research", headers=JSON).json()
    clauses = [b for b in data["blocks"] if "text" in b]
    expected = sparql_rows(
        store,
        "SELECT ?text WHERE { ?c rskg:document <https://w3id.org/rskg/id/doc/uk-university-trusted-research> ; "
        "rskg:text ?text ; rskg:position ?p } ORDER BY ?p",
    )
    assert [c["text"] for c in clauses] == [row["text"] for row in expected]
    assert all(c["anchor"] == f"clause-{c['id']}" for c in clauses)
    html = client.get("/id/doc/uk-university-trusted-research", headers=HTML).text
    assert all(f'id="{c["anchor"]}"' in html for c in clauses)
    assert any(b.get("heading") == "A note on export control" for b in data["blocks"])


def test_the_source_file_is_offered_as_ingested(client):
    response = client.get("/id/doc/uk-university-trusted-research/file")
    assert response.status_code == 200 and response.content == TRUSTED_RESEARCH.read_bytes()
    assert TRUSTED_RESEARCH.name in response.headers["content-disposition"]


def test_a_principle_page_lists_its_tools_with_evidence_and_a_tool_page_leads_back(client):
    principle = client.get("/id/concept/principle/risk-proportionality", headers=JSON).json()
    assert principle["definition"].startswith("Research safeguards")
    assert principle["source_clauses"] and principle["links"]
    assert all(link["evidence"] and 0 < link["confidence"] <= 1 for link in principle["links"])
    tool = client.get(principle["links"][0]["concept"]["href"], headers=JSON).json()
    assert tool["scheme"] == "tool"
    assert "/id/concept/principle/risk-proportionality" in [link["concept"]["href"] for link in tool["links"]]


def test_a_tool_page_shows_its_address_jurisdiction_and_issuer(client, store):
    row = sparql_rows(
        store,
        "SELECT ?tool WHERE { ?tool a rskg:Tool ; rskg:address ?a ; rskg:inJurisdiction ?j ; rskg:issuer ?i } LIMIT 1",
    )[0]
    page = client.get(row["tool"].removeprefix("https://w3id.org/rskg"), headers=JSON).json()
    assert page["addresses"] and page["jurisdiction"]["href"].startswith("/id/concept/jurisdiction/")
    assert page["issuer"]["href"].startswith("/id/concept/organisation/")


BROWSABLE = ["value", "principle", "risk-vector", "tool", "activity", "technology-area", "jurisdiction", "organisation"]


@pytest.mark.parametrize("scheme", BROWSABLE)
def test_every_kind_of_concept_has_a_page_and_dereferences_as_rdf(client, store, scheme):
    uris = [r["c"] for r in sparql_rows(store, f"SELECT ?c WHERE {{ ?c skos:inScheme <https://w3id.org/rskg/id/scheme/{scheme}> }}")]
    assert uris
    for uri in uris[:5]:
        path = uri.removeprefix("https://w3id.org/rskg")
        assert client.get(path, headers=HTML).status_code == 200
        graph = rdflib.Graph().parse(data=client.get(path, headers={"Accept": "text/turtle"}).text, format="turtle")
        assert (rdflib.URIRef(uri), rdflib.SKOS.prefLabel, None) in graph
    as_jsonld = client.get(uris[0].removeprefix("https://w3id.org/rskg"), headers={"Accept": "application/ld+json"})
    assert as_jsonld.headers["content-type"].startswith("application/ld+json")
    assert (rdflib.URIRef(uris[0]), None, None) in rdflib.Graph().parse(data=as_jsonld.text, format="json-ld")


def test_a_clause_uri_takes_a_browser_to_its_place_in_the_document(client):
    hit = client.get("/", params={"q": QUESTION}, headers=JSON).json()["results"][0]
    path = hit["uri"].removeprefix("https://w3id.org/rskg")
    redirect = client.get(path, headers=HTML, follow_redirects=False)
    assert redirect.status_code == 303 and redirect.headers["location"] == hit["citation"]["href"]
    assert client.get(path, headers=JSON).json()["text"] == hit["text"]
    turtle = rdflib.Graph().parse(data=client.get(path, headers={"Accept": "text/turtle"}).text, format="turtle")
    assert str(turtle.value(rdflib.URIRef(hit["uri"]), rdflib.URIRef("https://w3id.org/rskg/ontology#text"))) == hit["text"]


def test_the_crosswalk_sets_every_tool_against_the_g7_framework_and_every_link_opens(client, store):
    data = client.get("/crosswalk", headers=JSON).json()
    values, principles, vectors = data["columns"]
    assert len(values["concepts"]) == 7 and len(principles["concepts"]) == 8 and len(vectors["concepts"]) == 4
    rows = [row for group in data["groups"] for row in group["tools"]]
    cells = [c for row in rows for c in row["cells"] if c]
    links = sparql_rows(store, "SELECT ?l WHERE { ?l a rskg:CrosswalkLink }")
    assert len(cells) == data["links"] == len(links) == len(data["network"]["edges"])
    assert data["methods"]["curated"] == 8 and set(data["methods"]) <= {
        "curated",
        "sentence-names-tool-and-concept",
        "sentence-names-tool-near-definition",
        "tool-own-text",
    }
    labels = [row["tool"]["label"] for row in rows]
    assert len(labels) == len(set(labels)) and all("..." not in label and "…" not in label for label in labels)  # full names
    assert "United Kingdom" in [g["jurisdiction"] for g in data["groups"]]  # grouped by jurisdiction
    for cell in cells:
        link = client.get(cell["href"], headers=JSON).json()
        assert link["evidence"] and link["source"]["href"] and link["concept"]["href"]
        assert link["curated"] or link["sentences"], "an inferred link names the sentences that justify it"
    page = client.get("/crosswalk", headers=HTML).text
    assert "Legend" in page and "curated: stated by" in page
    as_csv = client.get("/crosswalk", params={"format": "csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    lines = as_csv.text.lstrip("\ufeff").strip().splitlines()
    assert lines[0] == "concept,kind,tool,jurisdiction,curated,confidence,method,link" and len(lines) == 1 + data["links"]
    for show, curated in (("curated", True), ("inferred", False)):
        kept = client.get("/crosswalk", params={"show": show}, headers=JSON).json()
        shown = [c for group in kept["groups"] for row in group["tools"] for c in row["cells"] if c]
        assert shown and all(c["curated"] is curated for c in shown) and kept["all_links"] == data["links"]


def test_unknown_things_get_a_404_a_person_can_read(client):
    page = client.get("/id/doc/no-such-document", headers=HTML)
    assert page.status_code == 404 and "<h1>Not found</h1>" in page.text and "no-such-document" in page.text
    api = client.get("/id/concept/tool/nothing", headers=JSON)
    assert api.status_code == 404 and "nothing in the graph" in api.json()["detail"]
    too_many = client.get("/", params={"q": QUESTION, "k": 1000}, headers=HTML)
    assert too_many.status_code == 422 and "k:" in too_many.text


def test_every_document_has_a_page(client, store):
    documents = sparql_rows(store, "SELECT ?d ?title WHERE { ?d a rskg:Document ; dcterms:title ?title }")
    assert len(documents) == len(list(CORPUS.glob("*.txt")))
    for row in documents:
        page = client.get(row["d"].removeprefix("https://w3id.org/rskg"), headers=HTML)
        assert page.status_code == 200 and html.escape(row["title"]) in page.text


def test_the_documents_page_lists_the_collection_as_html_json_and_csv(client):
    import csv
    import io

    listed = client.get("/documents", headers=JSON).json()["documents"]
    assert len(listed) == client.get("/health").json()["documents"]
    trusted = next(d for d in listed if d["title"] == "Trusted Research: What you need to know")
    assert trusted["jurisdiction"] == "United Kingdom" and trusted["clauses"] > 0 and trusted["href"].startswith("/id/doc/")
    page = client.get("/documents", headers=HTML)
    assert (
        page.status_code == 200 and "Trusted Research: What you need to know" in page.text and 'aria-current="page">Documents' in page.text
    )
    as_csv = client.get("/documents", headers={"Accept": "text/csv"})
    assert as_csv.headers["content-type"].startswith("text/csv") and as_csv.text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(as_csv.text.lstrip("\ufeff"))))
    assert [r["id"] for r in rows] == [d["id"] for d in listed] and rows[0]["clauses"].isdigit()
    assert client.get("/documents?format=csv").text == as_csv.text


def test_the_home_page_says_what_the_collection_holds_and_offers_questions(client):
    home = client.get("/", headers=JSON).json()["collection"]
    assert home["documents"] == client.get("/health").json()["documents"] and "United Kingdom" in home["jurisdictions"]
    assert home["examples"] and all(e.endswith("?") for e in home["examples"])
    page = client.get("/", headers=HTML).text
    assert "What is here" in page and 'href="/documents"' in page
    answered = client.get("/", params={"q": home["examples"][0]}, headers=JSON).json()
    assert answered["results"]  # an example question gets answers


def test_compare_shows_each_jurisdictions_best_clause_side_by_side(client):
    page = client.get("/compare", params={"q": "export control of teaching"}, headers=JSON).json()
    groups = {g["value"]: g for g in page["groups"]}
    assert "United Kingdom" in groups and groups["United Kingdom"]["strong"]
    assert "export control" in groups["United Kingdom"]["text"].lower()
    assert all(g["citation"]["href"].startswith("/id/doc/") for g in page["groups"])
    jurisdictions = {d["jurisdiction"] for d in client.get("/documents", headers=JSON).json()["documents"]}
    assert set(groups) | set(page["silent"]) == jurisdictions  # every jurisdiction is either compared or said to be silent
    by_issuer = client.get("/compare", params={"q": "export control of teaching", "by": "issuer"}, headers=JSON).json()
    assert by_issuer["by"] == "issuer" and len(by_issuer["groups"]) >= 2
    assert client.get("/compare", params={"q": "x", "by": "planet"}).status_code == 422


def test_the_ask_page_answers_a_list_question_with_a_card_above_the_clauses(client):
    page = client.get("/", params={"q": "What are the G7 principles?"}, headers=HTML).text
    card = page.index('class="answer-card"')
    assert card < page.index('<ol class="hits">') and page.count("<li>", card, page.index("</ol>", card)) == 8
    assert "Risk Proportionality" in page[card : page.index("</section>", card)]


@pytest.mark.parametrize("question", ["how do I bake sourdough bread", "What does Brazil's research security law require?"])
def test_the_ask_page_says_honestly_when_nothing_answers(client, question):
    page = client.get("/", params={"q": question}, headers=HTML).text
    assert "Nothing here answers that well." in page and '<ol class="hits">' in page
    answered = client.get("/", params={"q": QUESTION}, headers=HTML).text
    assert "Nothing here answers that well." not in answered
