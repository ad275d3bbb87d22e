"""Values a document holds without listing them: a distinctive word of the shared vocabulary of values used in
prose as a noun of its own (ingest/extract/mentioned.py). Each test reads a small page of its own through the real
parser and the real extraction; the wordings are none of the fixtures'."""

from pathlib import Path

from ingest.pipeline import read_document


def values_of(tmp_path: Path, body: str) -> dict[str, object]:
    path = tmp_path / "page.html"
    path.write_text(f"<!doctype html><html><head><title>Working with partners</title></head><body><main>{body}</main></body></html>")
    _, _, _, concepts = read_document(path)
    return {c.label.casefold(): c for c in concepts if c.scheme in ("value", "principle")}


def test_a_value_the_text_speaks_of_in_its_own_words_is_found_with_its_clause(tmp_path):
    found = values_of(
        tmp_path,
        "<h1>Partnerships</h1><p>The institute has worked with observatories on four continents since 1971.</p>"
        "<p>Its directors have long cared about reciprocity: each side should see the other's data.</p>"
        "<p>Good science, in the board's experience, grows out of openness rather than secrecy.</p>",
    )
    assert {"reciprocity", "openness"} <= set(found)
    assert found["reciprocity"].source_clauses and found["reciprocity"].method == "value-word-in-prose"


def test_a_value_word_inside_a_name_or_describing_another_noun_is_no_value(tmp_path):
    found = values_of(
        tmp_path,
        "<h1>Who to ask</h1><p>Questions go to the Openness and Disclosure Unit on the second floor.</p>"
        "<p>Register the gift under the Foreign Influence Transparency Scheme within fourteen days.</p>"
        "<p>The transparency register is updated every Friday by the records team.</p>"
        "<p>New staff receive a copy of Openness in Practice, the handbook of the Graduate School.</p>",
    )
    assert not {"openness", "transparency"} & set(found)


def test_a_topic_named_alone_is_no_value_but_stays_one_in_a_list_of_values(tmp_path):
    found = values_of(
        tmp_path,
        "<h1>Scope</h1><p>Partners linked to human rights violations need a second review.</p>"
        "<p>This page does not cover research integrity, which has its own office.</p>",
    )
    assert not {"human rights", "research integrity"} & set(found)


def test_a_value_word_opening_a_principle_of_the_document_is_that_principle(tmp_path):
    found = values_of(
        tmp_path,
        "<h1>Principles</h1><dl><dt>Transparency with sponsors</dt><dd>Staff disclose every appointment.</dd>"
        "<dt>Proportionate checks</dt><dd>Checks follow the risk.</dd><dt>Fair treatment</dt><dd>No one is judged by "
        "origin.</dd></dl><p>Without transparency, no sponsor would trust the results.</p>",
    )
    assert "transparency with sponsors" in found
    assert "transparency" not in found
