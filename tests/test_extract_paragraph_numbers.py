"""A policy that numbers its paragraphs by part ("B1.", "B2.") states its principles as bold run-in heads after them:
the paragraph numbers are no heads, so the principles are read under the paragraph that introduces them."""

from ingest.pipeline import read_document


def test_bold_run_in_heads_after_paragraphs_numbered_by_part_are_principles(tmp_path):
    heads = ["Open unless there is a reason", "Checks in proportion", "Fair to every applicant"]
    body = "".join(f"<p><b>{head}.</b> The agency explains this in the annex.</p>" for head in heads)
    path = tmp_path / "policy.html"
    path.write_text(
        "<html><head><title>Award conditions</title></head><body><h1>Award conditions</h1><h2>Part B. Policy</h2>"
        "<p>B1. The agency funds research in every field and publishes what it funds.</p>"
        f"<p>B2. The agency applies the following principles to every award.</p>{body}"
        "<h2>Part C. Contacts</h2><p>C1. Write to the awards office.</p></body></html>"
    )
    _, _, _, concepts = read_document(path)
    assert {c.label for c in concepts if c.scheme == "principle"} >= set(heads)
    assert not {c.label for c in concepts} & {"B1", "B2", "C1"}


def test_a_numbered_list_of_references_written_as_sentences_gives_each_title_and_address(tmp_path):
    path = tmp_path / "references.html"
    path.write_text(
        "<html><head><title>Orientations</title></head><body><h1>Orientations</h1><p>Institutions should read the "
        "national policy before they sign.</p><h2>References</h2>"
        "<p>[1] Ministry of Science, Technology and Innovation. National Policy on Science, Technology and Innovation. "
        "https://www.example.gob/policy/</p><p>[2] Government Incident Team. Alerts and recommendations. "
        "https://www.example.gob/alerts/</p></body></html>"
    )
    _, _, _, concepts = read_document(path)
    tools = {c.label: c.address for c in concepts if c.scheme == "tool"}
    assert tools.get("National Policy on Science, Technology and Innovation") == "https://www.example.gob/policy/"
    assert tools.get("Alerts and recommendations") == "https://www.example.gob/alerts/"
    assert "Technology and Innovation" not in tools
