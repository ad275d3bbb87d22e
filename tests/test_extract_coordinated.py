"""Values and principles named as a list inside a sentence, found by the dependency parser whatever the wording
around the list (ingest/extract/coordinated.py), and principles stated as a run of "Institutions should ..." items
after a lead that calls them expectations. Each test reads a small page of its own through the real parser and the
real extraction."""

from pathlib import Path

from ingest.pipeline import read_document


def concepts_of(tmp_path: Path, body: str):
    path = tmp_path / "page.html"
    path.write_text(f"<!doctype html><html><head><title>Working abroad</title></head><body><main>{body}</main></body></html>")
    _, _, _, concepts = read_document(path)
    return concepts


def names(concepts, *schemes: str) -> set[str]:
    return {name.casefold() for c in concepts if c.scheme in schemes for name in (c.label, *c.alt_labels)}


def test_a_list_the_sentence_calls_values_is_read_item_by_item_with_each_items_complement(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h1>Our approach</h1><p>The laboratory was founded in 1962 and now hosts visiting scientists from forty countries. "
        "Candour, the open sharing of methods and the dignity of every colleague are, in the board's words, values "
        "that no security measure may trade away.</p>",
    )
    assert {"candour", "open sharing of methods", "dignity of every colleague"} <= names(found, "value")


def test_a_list_of_objects_of_one_repeated_preposition_is_one_list_however_the_parser_attached_it(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h1>How we collaborate</h1><p>Every partnership we enter depends on reciprocity, on mutual respect that both "
        "sides have earned, and on the integrity of the data each side contributes. Contracts are reviewed yearly.</p>",
    )
    assert {"reciprocity", "mutual respect", "integrity of data"} <= {n.replace(" the ", " ") for n in names(found, "value")}


def test_people_and_organisations_listed_near_a_word_for_values_are_not_values(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h1>Who is involved</h1><p>Universities, funding councils and government departments share these values, "
        "and each of them appoints a contact person.</p><p>Students and supervisors should read the values statement "
        "before travelling.</p>",
    )
    assert not names(found, "value", "principle") & {"universities", "funding councils", "government departments", "students"}


def test_a_value_named_in_three_words_stays_one_value(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h1>Our commitments</h1><p>The institute holds that openness and collaboration make research worth doing, and "
        "that equity, diversity and inclusion must never be sacrificed in the name of security.</p>",
    )
    values = names(found, "value")
    assert "equity, diversity and inclusion" in values
    assert "openness" in values and "collaboration" in values
    assert "diversity" not in values


def test_a_value_word_qualified_by_an_adjective_is_also_named_by_itself(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h1>Identity</h1><p>Intellectual freedom and cosmopolitan openness have always been part of our identity, "
        "whatever the political weather.</p>",
    )
    value = next(c for c in found if c.scheme == "value" and c.label.casefold() == "cosmopolitan openness")
    assert "Openness" in value.alt_labels


def test_institutions_should_items_after_a_lead_naming_expectations_are_principles(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h1>What the sector expects</h1><p>The council has adopted the following expectations as its own.</p><ol>"
        "<li>Institutions should brief every researcher on the risks that attach to work abroad.</li>"
        "<li>Institutions should screen partners in proportion to the sensitivity of the project.</li>"
        "<li>Institutions should keep a register of agreements with foreign partners.</li></ol>",
    )
    principles = names(found, "principle")
    assert any(p.startswith("screen partners in proportion") for p in principles), principles
    assert any(p.startswith("keep a register of agreements") for p in principles), principles


def test_one_value_word_the_sentence_commits_to_is_a_value_but_what_values_are_the_foundation_of_is_not(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h1>Agreements</h1><p>None of this alters the faculty's long-standing commitment to transparency in research: "
        "sponsors may not restrict publication.</p><p>The rules set out the values that form the foundation of "
        "international collaboration in the region.</p>",
    )
    values = names(found, "value")
    assert "transparency in research" in values
    assert "international collaboration" not in values and "international collaboration in region" not in values


def test_what_the_issuer_regards_as_part_of_itself_is_a_value_but_things_seen_as_part_of_a_review_are_not(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h1>Who we are</h1><p>The school has students from a hundred and twenty countries. We regard this plurality and "
        "this international reach as part of what the school is, not as a means to an end.</p><p>We see the partner and "
        "the contract as part of every review.</p>",
    )
    values = names(found, "value")
    assert {"plurality", "international reach"} <= values
    assert not values & {"partner", "contract"}


def test_a_list_of_what_institutions_should_do_is_principles_whatever_its_lead_says(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h1>Guidance to institutions</h1><p>The foundation asks each institution to act in proportion to its size. "
        "In particular:</p><ol>"
        "<li>Institutions should name a senior official responsible for research security.</li>"
        "<li>Institutions should ask researchers to disclose outside appointments and funding.</li>"
        "<li>Institutions should check international partners in sensitive fields before signing.</li></ol>"
        "<h2>Policy statement</h2><p>In applying this policy the university commits to the following:</p><ul>"
        "<li>The University will keep collaboration open by default.</li>"
        "<li>The University will match each measure to the risk involved.</li></ul>",
    )
    principles = names(found, "principle")
    assert any(p.startswith("name a senior official") for p in principles), principles
    assert any(p.startswith("check international partners") for p in principles), principles
    assert any(p.startswith("keep collaboration open by default") for p in principles), principles


def test_what_a_programme_must_not_lose_or_sacrifice_is_valued(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h1>Our programme</h1><p>The programme is designed to meet federal requirements without losing the openness, "
        "inclusiveness and public purpose set out in the charter.</p>",
    )
    assert {"openness", "inclusiveness", "public purpose"} <= names(found, "value")


def test_a_list_after_the_word_that_counts_it_is_read_though_the_parser_took_it_for_conjuncts(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h1>Values</h1><p>All activity at the University rests on its four values, truth, freedom, Bildung and "
        "inclusivity, and on the principles of responsible conduct of research.</p><p>The report groups measures into four "
        "areas (values, governance, partnerships and cybersecurity).</p>",
    )
    assert {"truth", "freedom", "bildung", "inclusivity"} <= names(found, "value")
    assert not {"governance", "partnerships"} & names(found, "value", "principle")  # "values" there is an item itself


def test_a_value_qualified_by_its_complement_is_also_named_by_itself(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h1>Our culture</h1><p>Our research culture rests on academic freedom, on openness in the sharing of results "
        "and on the trust of our partners.</p>",
    )
    openness = next(c for c in found if c.label.casefold().startswith("openness in"))
    assert "Openness" in openness.alt_labels


def test_a_list_a_law_guarantees_and_a_commitment_in_a_chain_name_their_values(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h1>Scope</h1><p>The Research Activities Act of 2021 guarantees the autonomy of research organisations and the "
        "freedom of research, and these guidelines do not restrict either.</p><p>Science rests on trust between "
        "researchers, on the freedom of academic inquiry and on a shared commitment to honesty in research.</p>",
    )
    values = names(found, "value")
    assert {"autonomy of research organisations", "freedom of research", "freedom of academic inquiry"} <= values
    assert {"trust between researchers", "honesty"} <= values


def test_statements_under_a_heading_of_expectations_of_institutions_are_principles_and_their_lead_is_not(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h1>Technical note</h1><h2>4 Expectations of institutions</h2><p>The agency will take the following into account "
        "when it evaluates programmes.</p><p>Institutions should review all cooperation agreements before signature.</p>"
        "<p>Institutions should require researchers to declare external appointments.</p>",
    )
    principles = names(found, "principle")
    assert any(p.startswith("review all cooperation agreements") for p in principles), principles
    assert any(p.startswith("require researchers to declare") for p in principles), principles
    assert not any("following" in p for p in principles), principles


def test_numbered_paragraphs_of_what_the_university_will_do_under_a_principles_heading_are_principles(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h2>3. Policy principles</h2><p>3.1 The University will keep its research and education as open as possible "
        "and as closed as necessary.</p><p>3.2 The University will assess risks case by case, taking into account the "
        "field and the partner.</p><p>3.3 The University will place the first responsibility with researchers and "
        "faculties and will give them the support they need.</p><h2>4. Risks</h2><p>Risks are listed below.</p>",
    )
    principles = names(found, "principle")
    assert "assess risks case by case" in principles
    assert "place the first responsibility with researchers and faculties" in principles
    assert "keep its research and education as open as possible" in principles  # not "keep its research"


def test_items_completing_a_lead_that_pledges_them_are_principles_with_their_whole_lists(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h2>3. Policy statement</h2><p>3.1 In applying this policy, the University will:</p><ul>"
        "<li>Keep research as open as possible and restrict it only where a documented risk requires it.</li>"
        "<li>Assess every proposed partnership in proportion to its risk, using the due diligence process.</li>"
        "<li>Comply fully with export control, sanctions and national security legislation.</li>"
        "<li>Treat all researchers fairly, whatever their nationality or origin.</li></ul>"
        "<h2>4. Roles</h2><p>The Research Office will:</p><ul><li>Review agreements.</li><li>Keep the register.</li>"
        "<li>Advise researchers.</li></ul>",
    )
    principles = names(found, "principle")
    assert {"keep research as open as possible", "assess every proposed partnership in proportion to its risk"} <= principles
    assert "comply fully with export control, sanctions and national security legislation" in principles
    assert "treat all researchers fairly" in principles  # the qualifier after its comma is not part of the list
    assert not {"review agreements", "keep the register"} & principles  # an office's duties


def test_values_one_acts_with_rests_on_or_keeps_a_culture_of(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h2>Our approach</h2><p>We expect every member of staff to act with integrity when they declare outside "
        "interests.</p><p>The handbook supports a culture of trust and cooperation across the faculties.</p><p>The plan "
        "rests on the premise that scientific progress depends on collaboration and on the free flow of people and "
        "ideas.</p>",
    )
    values = names(found, "value")
    assert {"integrity", "trust", "cooperation", "collaboration", "free flow of people and ideas"} <= values


def test_a_chain_of_one_preposition_splits_where_the_preposition_comes_again(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h2>Values</h2><p>Our research community depends on academic freedom, on equity, diversity and inclusion, and on "
        "the free exchange of ideas across borders, and nothing in this guidance is meant to weaken any of them.</p>"
        "<p>The statement of values speaks of manaakitanga, of respect for every person, of intellectual curiosity and of "
        "accountability to the communities we serve.</p><p>Our research culture is built on curiosity, collaboration, "
        "inclusivity and integrity, and on the conviction that knowledge gains value when it is shared.</p>",
    )
    values = names(found, "value")
    assert {"academic freedom", "equity, diversity and inclusion", "free exchange of ideas"} <= values
    assert {"intellectual curiosity", "accountability", "collaboration", "inclusivity", "integrity"} <= values
    assert not {v for v in values if v.startswith(("of ", "on ", "to "))}
    assert not {"conviction", "collaboration, inclusivity and integrity", "diversity"} & values


def test_a_list_the_next_sentence_calls_values_is_read_as_values(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h2>Our position</h2><p>The Senate reaffirms that research at the University serves peaceful purposes, human "
        "dignity and the common good, and that cooperation abroad is conducted with candour and responsibility towards society. "
        "These values are shared across the faculties.</p><p>The declaration describes academic freedom as the right to "
        "choose research questions and methods. These values may claim to be universal.</p>",
    )
    values = names(found, "value")
    assert {"peaceful purposes", "human dignity", "common good", "responsibility towards society"} <= values
    assert not {"research questions", "methods"} & values  # what an infinitive does is not a value


def test_the_motto_in_a_table_cell_stays_whole_and_a_statement_ends_before_its_means(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h2>Principles</h2><table><tr><th>Principle</th><th>What it means in practice</th></tr>"
        "<tr><td>As open as possible, as secure as necessary</td><td>Openness is the default.</td></tr>"
        "<tr><td>Non-discrimination</td><td>Nationality is never a reason on its own.</td></tr></table>"
        "<h2>Expectations</h2><p>Institutions are asked to follow these principles.</p><ul>"
        "<li>Institutions should make researchers aware of their obligations through regular training.</li>"
        "<li>Institutions should record significant decisions so that they can be reviewed.</li>"
        "<li>Institutions should cooperate with one another.</li></ul>",
    )
    principles = names(found, "principle")
    assert "as open as possible, as secure as necessary" in principles
    assert "make researchers aware of their obligations" in principles


def test_values_regarded_as_foundations_stood_by_or_protected_and_threats_are_not_values(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h2>Mission</h2><p>The University regards creativity, academic freedom and trust between colleagues as the "
        "foundations of its research culture; security measures are justified only where they protect that culture.</p>"
        "<p>The University has said that it stands by academic freedom, by the free exchange of ideas across borders, and "
        "by the international students who make up much of its workforce.</p><p>Research security is meant to protect "
        "integrity, honesty and objectivity in research, not to single out any group of people.</p><p>Research security "
        "is the protection of the research enterprise against misappropriation, against related breaches of research "
        "integrity, and against interference by foreign governments.</p>",
    )
    values = names(found, "value")
    assert {"creativity", "academic freedom", "trust between colleagues", "free exchange of ideas across borders"} <= values
    assert {"integrity", "honesty", "objectivity"} <= values
    assert not {"integrity, honesty", "interference", "misappropriation", "international students"} & values


def test_virtues_one_acts_with_are_values(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h2>How we work</h2><p>The University asks every researcher to act with truthfulness and diligence in every partnership.</p>",
    )
    assert {"truthfulness", "diligence"} <= names(found, "value")


def test_values_in_keeping_with_a_named_list_in_any_language_end_before_the_clause_after_it(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h2>How we work</h2><p>Leaders treat these measures as part of doing research well, in keeping with the values of "
        "manaakitanga, whanaungatanga and kaitiakitanga that the University's strategy names, and with its obligations "
        "to its partners.</p><p>Measures follow the principle of proportionality, so that the burden matches the risk.</p>",
    )
    assert {"manaakitanga", "whanaungatanga", "kaitiakitanga"} <= names(found, "value")
    assert not {v for v in names(found, "value", "principle") if v.startswith(("so", "with "))}


def test_a_list_something_rests_on_is_a_list_of_values_but_not_what_a_rule_is_based_on(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h1>Our approach</h1><p>Our teaching rests on curiosity, on the fairness of assessment and on an atmosphere of "
        "mutual respect, and we expect partners to share that view. The Academy prizes academic freedom, the service of the "
        "public and the open sharing of data.</p><h2>Decisions</h2><p>Staff should base any restriction on conduct, "
        "affiliation or a legal requirement. The board restricts participation or publication only where the law demands "
        "it. The scheme was founded on peer review rather than on detailed regulation and on ministerial orders.</p>",
    )
    found = names(found, "value", "principle")
    assert {"curiosity", "fairness of assessment", "mutual respect", "academic freedom", "service of the public"} <= found
    assert not {"conduct", "affiliation", "participation", "publication", "detailed regulation", "ministerial orders"} & found


def test_a_list_opened_by_a_noun_of_quality_the_tagger_read_as_an_adjective_is_still_read(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h1>Principles</h1><p>Openness, academic freedom and the autonomy of scholars are essential to good science, and "
        "knowledge security measures exist to protect them rather than to replace them.</p>",
    )
    assert {"openness", "academic freedom", "autonomy of scholars"} <= names(found, "value")


def test_a_chain_of_to_phrases_holds_when_the_tagger_takes_one_to_for_an_infinitives(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h1>Why this note</h1><p>So is the Council's commitment to equity, to excellence that is measured against the best "
        "in the world, and to the stewardship of public money, values that a careless partnership can damage.</p>",
    )
    assert {"equity", "excellence", "stewardship of public money"} <= names(found, "value")


def test_what_an_issuer_regards_as_the_standards_of_its_work_are_values(tmp_path):
    found = concepts_of(
        tmp_path,
        "<h1>About</h1><p>The Institute regards candour and patience as the standards by which its work is judged. It "
        "regards the annual audit as the standard procedure.</p>",
    )
    assert {"candour", "patience"} <= names(found, "value") and "annual audit" not in names(found, "value")
