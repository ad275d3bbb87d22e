"""Principles stated as positions the issuer holds ("We hold that A, and that B", "Our position is that ..."), one for
each "that" clause, read through the real parser and extraction from a small page of their own."""

from pathlib import Path

from ingest.pipeline import read_document


def principles_of(tmp_path: Path, body: str) -> set[str]:
    path = tmp_path / "statement.html"
    path.write_text(f"<!doctype html><html><head><title>Our position</title></head><body><main>{body}</main></body></html>")
    _, _, _, concepts = read_document(path)
    return {c.label for c in concepts if c.scheme == "principle"}


def test_each_that_clause_of_a_held_position_is_a_principle_with_its_own_commas(tmp_path):
    found = principles_of(
        tmp_path,
        "<h1>Cooperation with care</h1><p>The observatory has hosted guest astronomers since 1971. We therefore hold that "
        "every department must be able to weigh, project by project, whether a partnership is sound, and that such "
        "decisions belong with the scientists and the directorate together rather than with either alone.</p>",
    )
    assert "Every department must be able to weigh, project by project, whether a partnership is sound" in found
    assert "Such decisions belong with the scientists and the directorate together" in found


def test_a_position_named_as_a_policy_ends_where_its_qualification_begins(tmp_path):
    found = principles_of(
        tmp_path,
        "<h1>Approach</h1><p>The museum's policy is that loans are judged on the object and the borrower, never on the "
        "borrower's nationality, and that openness remains the rule for the collection, with restrictions added only "
        "where the law requires them.</p>",
    )
    assert "Loans are judged on the object and the borrower, never on the borrower's nationality" in found
    assert "Openness remains the rule for the collection" in found


def test_a_belief_about_a_fact_is_not_a_principle(tmp_path):
    found = principles_of(
        tmp_path,
        "<h1>Context</h1><p>We believe that most visiting researchers are unaware of the export rules. We also believe that "
        "every visitor should receive a short briefing on arrival.</p>",
    )
    assert found == {"Every visitor should receive a short briefing on arrival"}


def test_the_research_security_motto_is_a_principle_even_where_the_structure_lists_principles_of_its_own(tmp_path):
    found = principles_of(
        tmp_path,
        "<h1>Guidelines</h1><p>The aim is that researchers can work as openly as possible and as securely as necessary.</p>"
        "<h2>Our principles</h2><ul><li>Proportionality</li><li>Transparency</li><li>Shared responsibility</li></ul>",
    )
    assert {"Proportionality", "Transparency", "Shared responsibility"} <= found
    assert "As openly as possible and as securely as necessary" in found


def test_positions_announced_then_stated_one_sentence_each(tmp_path):
    found = principles_of(
        tmp_path,
        "<h2>1. Policy statement</h2><p>In administering this policy the University acts on a small number of settled "
        "positions. It presumes that research will be published and shared. It expects candour from its researchers "
        "and, in turn, owes them clear rules. It applies the same standards to every person regardless of nationality, "
        "and it confines restrictions to the cases where the law requires them.</p><p>The list of controlled items is "
        "short. It is reviewed each year. It names twelve categories.</p>",
    )
    principles = {p.casefold() for p in found}
    assert {
        "presumes that research will be published and shared",
        "expects candour from its researchers",
        "applies the same standards to every person regardless of nationality",
        "confines restrictions to the cases where the law requires them",
    } <= principles
    assert not {p for p in principles if "reviewed" in p or "twelve" in p}


def test_convictions_announced_then_stated_in_sentences_about_what_they_govern(tmp_path):
    found = principles_of(
        tmp_path,
        "<h2>How we approach research security</h2><p>Our approach rests on a few convictions that the Council set out in "
        "2022. Research at the University is open by default, and restrictions are accepted only where the law demands "
        "them. Reviews are proportionate to the sensitivity of the work. And institutions must keep academic freedom at "
        "the centre.</p><p>The Council adopted three principles in 2022. They were confirmed by the Senate. They are "
        "reviewed every year.</p>",
    )
    principles = {p.casefold() for p in found}
    assert {"research at the university is open by default", "reviews are proportionate to the sensitivity of the work"} <= principles
    assert "keep academic freedom at the centre" in principles
    assert not {p for p in principles if "confirmed" in p or "reviewed" in p}


def test_positions_a_count_announces_and_one_sentence_runs_with_semicolons_are_principles(tmp_path):
    labels = principles_of(
        tmp_path,
        "<h1>Approach</h1><p>The Council's approach rests on a few ideas that run through this note. Open exchange is the default and will "
        "remain so; checks are scaled to the sensitivity of the work, rather than to a partner's country; researchers are "
        "consulted before any decision; and the law is followed without exception, above all sanctions law. Behind these "
        "ideas lies a long tradition of public service.</p>",
    )
    assert {
        "Open exchange is the default and will remain so",
        "Checks are scaled to the sensitivity of the work",
        "Researchers are consulted before any decision",
        "The law is followed without exception",
    } <= labels
    assert not any(label.startswith(("Remain so", "Behind these ideas")) for label in labels)


def test_what_an_approach_starts_from_the_conviction_of_is_a_principle_a_belief_only_when_normative(tmp_path):
    found = principles_of(
        tmp_path,
        "<h1>How we think</h1><p>Our approach starts from the conviction that shared data is the engine of discovery and "
        "that small firms deserve the same advice as large ones. The board's work begins from the belief that most "
        "applicants are honest.</p><p>We also believe in transparency, meaning that every decision is explained.</p>",
    )
    assert {"Shared data is the engine of discovery", "Small firms deserve the same advice as large ones"} <= found
    assert "Most applicants are honest" not in found


def test_what_an_issuer_believes_in_is_a_value(tmp_path):
    path = tmp_path / "belief.html"
    path.write_text(
        "<html><head><title>Notes</title></head><body><main><h1>Notes</h1><p>We also believe in transparency, meaning "
        "that every decision is explained. We believe in the people we hire.</p></main></body></html>"
    )
    _, _, _, concepts = read_document(path)
    values = {c.label for c in concepts if c.scheme == "value"}
    assert "Transparency" in values and not any("people" in v.lower() for v in values)
