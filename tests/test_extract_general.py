"""Extraction mechanisms that do not depend on a document's wording: links in prose, context that names a list's
scheme, nested hierarchies, risk lists, values named in sentences. Each test reads a small document of its own
through the real parser and the real extraction."""

from pathlib import Path

from ingest.pipeline import read_document


def concepts_of(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _, _, _, concepts = read_document(path)
    return concepts


def labels(concepts, scheme: str) -> set[str]:
    return {c.label for c in concepts if c.scheme == scheme}


PAGE = """<!doctype html><html><head><title>Partnering abroad</title></head><body>
<nav><a href="/en">Home</a></nav>
<main><h1>Partnering abroad</h1>
<p>Universities weigh partnerships with care. Since 2021 every proposal is checked under the Code of Practice for
Overseas Partnerships (https://example.org/code-of-practice), and laboratories follow the Handbook for Export Licensing
(https://example.org/handbook-export) when equipment ships abroad. A longer overview sits in its summary of the
partnership rules (https://example.org/summary), which the ministry keeps up to date for every reader who asks.</p>
<aside class="resources"><h2>Resources</h2><ul>
<li><a href="https://example.org/guide">Guide to partner checks</a> - step by step</li>
<li><a href="https://example.org/forms">Partner declaration form</a></li></ul></aside>
</main><footer><a href="/privacy">Privacy</a></footer></body></html>"""


def test_links_in_prose_are_tools_titled_by_the_phrase_before_the_address(tmp_path):
    tools = {c.label: c.address for c in concepts_of(tmp_path, "page.html", PAGE) if c.scheme == "tool"}
    assert tools["Code of Practice for Overseas Partnerships"] == "https://example.org/code-of-practice"
    assert tools["Handbook for Export Licensing"] == "https://example.org/handbook-export"
    assert tools.get("summary of the partnership rules") == "https://example.org/summary"


def test_an_aside_inside_the_main_content_is_read_but_the_site_chrome_is_not(tmp_path):
    tools = {c.label: c.address for c in concepts_of(tmp_path, "page.html", PAGE) if c.scheme == "tool"}
    assert tools["Guide to partner checks"] == "https://example.org/guide"
    assert tools["Partner declaration form"] == "https://example.org/forms"
    assert not any("Privacy" in label or label == "Home" for label in tools)


AREAS_PAGE = """<!doctype html><html><head><title>Protected Technology Fields</title></head><body><main>
<h1>Protected Technology Fields</h1>
<h2>The fields</h2>
<p>Every group below lists the subgroups that make it up. Open a group to see them.</p>
<ul>
<li>Marine engineering<ul><li>Hull design</li><li>Propulsion<ul><li>Electric drives</li><li>Hydrogen engines</li></ul></li></ul></li>
<li><details><summary>Photonics</summary><p>Subgroups are given on a page of their own.</p></details></li>
<li><details><summary>Synthetic biology</summary><p>Subgroups are given on a page of their own.</p></details></li>
</ul></main></body></html>"""


def test_a_nested_list_of_areas_is_a_hierarchy_at_every_depth_and_its_context_says_of_what(tmp_path):
    areas = {c.label: c.extra.get("broader") for c in concepts_of(tmp_path, "areas.html", AREAS_PAGE) if c.scheme == "technology-area"}
    assert areas["Marine engineering"] is None
    assert areas["Propulsion"] == "Marine engineering"
    assert areas["Electric drives"] == "Propulsion"
    assert areas["Photonics"] is None and areas["Synthetic biology"] is None  # the note after the name is not part of it


HANDBOOK = """# Handbook chapter 2: sensitive technologies

## 2.1 Why it matters

Some research advances technologies that others want for military use.

## 2.2 Two areas in detail

## Marine robotics

The subfields are:

- Autonomous underwater vehicles
- Swarm navigation

## Photonics

Its subfields include:

- Laser weapons
- Optical sensing

## 2.3 What to do next

Talk to the research office before you sign anything.

Area table

1 Marine robotics 2 Photonics 3 Synthetic biology 4 Hypersonics
"""


def test_headings_printed_at_one_level_take_their_parent_from_the_numbering(tmp_path):
    areas = {c.label: c.extra.get("broader") for c in concepts_of(tmp_path, "handbook.md", HANDBOOK) if c.scheme == "technology-area"}
    assert areas["Swarm navigation"] == "Marine robotics"
    assert areas["Optical sensing"] == "Photonics"
    assert "Marine robotics" in areas and "Photonics" in areas


def test_a_numbered_run_printed_as_one_line_is_a_list(tmp_path):
    from ingest.extract.runs import numbered_run

    assert numbered_run("1 Marine robotics 2 Photonics 3 Synthetic biology 4 Hypersonics") == [
        "Marine robotics",
        "Photonics",
        "Synthetic biology",
        "Hypersonics",
    ]
    assert numbered_run("In 2 cases out of 3 Reviewers said so.") is None


RISKS = """# Protecting your lab

## Who might target you

Some people want your results without asking. Watch for these warning signs:

- sabotage directed at shared equipment and its software;
- bribery of staff after a long courtship;
- competitors seeking an unfair edge;
- leaks through careless sharing of drafts.

## Managing risk

The guidance recommends:

- appointing a named security lead who answers to the board;
- setting up a review panel for difficult cases, with members from legal affairs;
- keeping a register of sensitive projects and their partners.
"""


def test_a_list_of_risks_is_cut_to_noun_phrases_and_a_list_of_steps_is_not_risks(tmp_path):
    risks = labels(concepts_of(tmp_path, "risks.md", RISKS), "risk-area")
    assert {"Sabotage", "Bribery of staff", "Competitors", "Leaks"} <= risks
    assert not any(label.lower().startswith(("appointing", "setting", "keeping")) for label in risks)


QUESTIONS = """<!doctype html><html><head><title>Assessing a new partnership</title></head><body><main>
<h1>Assessing a new partnership</h1>
<h2>Questions before you apply</h2>
<p>Work through these questions; each points at a risk to handle in the proposal.</p>
<table><tr><th>No.</th><th>Question</th><th>What it reveals</th></tr>
<tr><td>1</td><td>Does the partner answer to a ministry of defence?</td><td>Military ties of the partner</td></tr>
<tr><td>2</td><td>Could the data leave the project without consent?</td><td>Loss of control over data</td></tr>
<tr><td>3</td><td>Is there a risk of reputational damage for the faculty?</td><td></td></tr></table>
<h2>Outcome of the check</h2>
<table><tr><th>Question</th><th>Where to look</th><th>Outcome</th></tr>
<tr><td>Is the field sensitive?</td><td>The institution's inventory</td><td>Low or high sensitivity</td></tr>
<tr><td>Who funds the partner?</td><td>Ownership records</td><td>Known or unclear</td></tr></table>
</main></body></html>"""


def test_a_table_of_questions_gives_the_risks_it_probes_and_not_its_outcomes(tmp_path):
    risks = labels(concepts_of(tmp_path, "questions.html", QUESTIONS), "risk-area")
    assert {"Military ties of the partner", "Loss of control over data"} <= risks
    assert any(label.startswith("Reputational damage") for label in risks)
    assert not {"Low or high sensitivity", "Known or unclear", "What it reveals"} & risks


CHECKLIST = """# Knowledge security guidance

## Self-assessment checklist

Before a new cooperation, the principal investigator answers these questions.

- Could the cooperation lead to the unwanted transfer of sensitive knowledge or technology? Yes / No
- Is there a risk of military end use or proliferation of weapons of mass destruction? Yes / No
- Could the cooperation expose researchers or data to espionage? Yes / No
- Could the cooperation create a financial dependence on a foreign partner? Yes / No
- Does the project involve goods, software or technology listed for export control? Yes / No

## Before you sign

- Has the partner signed the framework agreement? Yes / No
- Does the partner have a data protection officer? Yes / No
- Is the budget approved by the faculty? Yes / No
"""


def test_a_yes_no_checklist_gives_the_risk_each_question_probes_and_nothing_for_a_plain_check(tmp_path):
    risks = labels(concepts_of(tmp_path, "checklist.md", CHECKLIST), "risk-area")
    assert {
        "Unwanted transfer of sensitive knowledge",
        "Military end use or proliferation of weapons of mass destruction",
        "Espionage",
        "Financial dependence on a foreign partner",
    } <= risks
    assert not {"Goods", "Framework agreement", "Data protection officer", "Budget"} & risks


SCREENING = """<!doctype html><html><head><title>Research security policy</title></head><body><main>
<h1>Research security policy</h1>
<h2>4. Risk assessment</h2>
<p>Principal investigators answer the screening questions below before a partner is engaged.</p>
<table><tr><th>Screening question</th><th>Yes</th><th>No</th></tr>
<tr><td>4.1.1 Could the project involve the export of controlled items?</td><td></td><td></td></tr>
<tr><td>4.1.2 Could the partnership expose the University to foreign interference in its teaching?</td><td></td><td></td></tr>
<tr><td>4.1.3 Has the partner signed the framework agreement?</td><td></td><td></td></tr></table>
<h2>5. Why agencies are concerned</h2>
<p>Agencies have described several recurring problems in the research they fund, including:</p>
<ul><li>failure to disclose foreign funding and appointments;</li><li>breaches of confidentiality in peer review;</li>
<li>cyberattacks on research data and university networks.</li></ul>
</main></body></html>"""


def test_yes_no_rows_of_a_screening_table_and_a_list_of_recurring_problems_are_risks(tmp_path):
    risks = {label.casefold() for label in labels(concepts_of(tmp_path, "screening.html", SCREENING), "risk-area")}
    assert {"export of controlled items", "foreign interference"} <= risks
    assert "framework agreement" not in risks  # a plain check names no risk
    assert {"breaches of confidentiality in peer review", "cyberattacks on research data and university networks"} <= risks


COPULAR = """# Technical note

## 3 Main risks

3.1 The most frequent problem is the removal of biological samples from the country without a transfer agreement.
Once abroad, such material can be patented.

3.2 Equally real is the unintended export of sensitive goods and technologies. A doctoral student may need a licence.

3.3 A third risk is the loss of intellectual property generated in joint projects, which is sometimes assigned abroad.

3.4 Data theft is a growing concern. The background to the rules is concern that openness could be exploited.
For a university the practical risk is rarely a crate at a border. None of these is common.

## 4 Funding

The main problem is the paperwork, which takes weeks.
"""


def test_a_sentence_in_a_risk_section_that_calls_something_a_risk_names_it(tmp_path):
    risks = labels(concepts_of(tmp_path, "copular.md", COPULAR), "risk-area")
    assert {"Unintended export of sensitive goods", "Loss of intellectual property generated in joint projects", "Data theft"} <= risks
    assert any(label.startswith("Removal of biological samples from the country") for label in risks)
    assert not {"Crate at a border", "None of these", "Background to the rules", "Paperwork"} & risks


THREATS = """# Research security guide

## 2. How might research be targeted?

A handful of actors look for ways in.

## Cyber intrusion

Attackers reach data stores through stolen accounts.

## Insider misuse

Staff with legitimate access can misuse it.

## 3. What to do

Report concerns early.

## Where danger lies

The guidance singles out three kinds of threat. Each has its own section below.

### Covert influence

Pressure applied through funding.

### Data theft

Copying of unpublished results.
"""


def test_sub_headings_are_risks_under_a_numbered_heading_or_a_counted_introduction(tmp_path):
    risks = labels(concepts_of(tmp_path, "threats.md", THREATS), "risk-area")
    assert {"Cyber intrusion", "Insider misuse", "Covert influence", "Data theft"} <= risks


VALUES = """# How we work with partners

Our faculty is proud of its reach. The commitments that bind the faculty, namely candour, curiosity, fairness and
scholarly independence, are not negotiable. Public trust is a value of the first rank, and the board protects it.
The faculty also values peer review and open data, and it expects partners to do the same. All units share one
principle: findings should be published as soon as they are checked.

These principles are applied to every project. The values are discussed each year.
"""


def test_values_and_principles_named_inside_sentences(tmp_path):
    found = concepts_of(tmp_path, "values.md", VALUES)
    values, principles = labels(found, "value"), labels(found, "principle")
    assert {"Public trust", "Peer review", "Open data"} <= values
    assert any(p.startswith("Findings should be published") for p in principles)
    assert not any(label.lower().startswith(("these", "the values", "applied")) for label in values | principles)


CONTROLS = """# Shipping samples abroad

Export control law binds every laboratory. The regulations can apply to sending prototypes overseas, to cloud
uploads of design files (even to a project partner), and to lectures on controlled methods to visiting staff.
The rules cover intangible technology, which includes know-how, so they reach into teaching.

The faculty can apply to the research council, the ministry and the board for support.
"""


def test_what_export_control_covers_in_prose_gives_activities(tmp_path):
    activities = labels(concepts_of(tmp_path, "controls.md", CONTROLS), "activity")
    assert {
        "Sending prototypes overseas",
        "Cloud uploads of design files",
        "Lectures on controlled methods to visiting staff",
    } <= activities
    assert not any(a.lower().startswith(("which", "so ", "intangible", "research council")) for a in activities)


STRUCTURED_VALUES = """# Our commitments

## Core values

The faculty holds four values:

- Candour
- Curiosity
- Fairness
- Scholarly independence

The dean stressed that values such as thrift and punctuality matter too. Other values include courage and patience.
"""


def test_values_named_in_prose_do_not_add_to_a_list_the_document_gives(tmp_path):
    values = labels(concepts_of(tmp_path, "structured.md", STRUCTURED_VALUES), "value")
    assert values == {"Candour", "Curiosity", "Fairness", "Scholarly independence"}


def test_reported_speech_names_the_speakers_values_not_the_documents():
    from ingest.extract.named import REPORTED

    assert REPORTED.search("Dr Lee introduced a model of three main values: rigour, ethics and care.")
    assert not REPORTED.search("The values that define the community, namely rigour and care, are not in question.")


RUN_ON = """# Sensitive work

Take particular care when the work involves one of these sensitive technologies:

- advanced materials, including composites for aircraft;
    - quantum science, covering sensing and computing;
- space technology.
"""


def test_an_item_that_runs_on_to_the_next_is_its_sibling_not_its_parent(tmp_path):
    areas = {c.label: c.extra.get("broader") for c in concepts_of(tmp_path, "runon.md", RUN_ON) if c.scheme == "technology-area"}
    assert areas == {"Advanced materials": None, "Quantum science": None, "Space technology": None}


TABLES = """<!doctype html><html><head><title>Checks</title></head><body><main><h1>Checks</h1>
<h2>Before signing</h2>
<table><tr><th>Warning sign</th><th>What to do</th></tr>
<tr><td>Pressure to skip the ethics review</td><td>Refer the case to the research office</td></tr>
<tr><td>Unexplained cash payments</td><td>Ask for the source in writing</td></tr></table>
<h2>Ratings</h2>
<table><tr><th>Risk level</th><th>Meaning</th></tr>
<tr><td>Low</td><td>Proceed</td></tr><tr><td>High</td><td>Stop</td></tr></table>
</main></body></html>"""


def test_a_table_header_that_names_a_scheme_in_other_words_gives_its_rows_but_a_rating_column_does_not(tmp_path):
    risks = labels(concepts_of(tmp_path, "tables.html", TABLES), "risk-area")
    assert {"Pressure to skip the ethics review", "Unexplained cash payments"} <= risks
    assert not {"Low", "High"} & risks


CUES = """# Working abroad

## How we decide

Every decision we take is guided by the following:

- Openness first
- Care in proportion to the stakes

## Before you travel

Watch out for:

- unsolicited gifts of equipment;
- requests to change the itinerary.

## Licences

The following exports need a licence:

- sending samples of engineered strains
- sharing design files with partners abroad
"""


def test_lists_introduced_in_other_words_take_their_scheme(tmp_path):
    found = concepts_of(tmp_path, "cues.md", CUES)
    assert {"Openness first", "Care in proportion to the stakes"} <= labels(found, "principle")
    assert {"Unsolicited gifts of equipment", "Requests to change the itinerary"} <= labels(found, "risk-area")
    assert {"Sending samples of engineered strains", "Sharing design files with partners abroad"} <= labels(found, "activity")


COUNTED = """# Field work

Three principles guide every trip. Teams should plan a route with a named contact, so that someone knows where
they are. Leaders must keep local partners informed at each stage. And everyone should be ready to stop the
work when the situation changes.
"""


def test_principles_stated_one_sentence_each_after_a_count(tmp_path):
    principles = labels(concepts_of(tmp_path, "counted.md", COUNTED), "principle")
    assert {"Route with a named contact", "Local partners informed at each stage"} <= principles
    assert any(p.startswith("Ready to stop the work") for p in principles)


def _blocks(*specs):
    from ingest.parse.model import Block, BlockKind

    return [Block(BlockKind(kind), text, i * 100, i * 100 + len(text)) for i, (kind, text) in enumerate(specs)]


def test_a_link_a_printed_line_broke_in_two_gets_its_address_after_the_whole_title():
    from ingest.extract.hrefs import with_links

    blocks = _blocks(("paragraph", "Funding follows the Code of Practice for Overseas Partnerships, which applies from May."))
    links = [("Code of Practice for", "https://example.org/code"), ("Overseas Partnerships", "https://example.org/code")]
    assert with_links(blocks, links)[0].text.startswith(
        "Funding follows the Code of Practice for Overseas Partnerships (https://example.org/code), which"
    )


def test_a_printed_pages_banner_footer_menus_and_chrome_sections_are_dropped():
    from ingest.extract.chrome import without_chrome

    blocks = _blocks(
        ("paragraph", "Ministry of Examples (https://example.gov/) Français"),
        ("list_item", "Jobs and the workplace (https://example.gov/jobs)"),
        ("list_item", "Travel (https://example.gov/travel)"),
        ("heading", "Partnering abroad"),
        ("list_item", "Guide to partner checks (https://example.org/guide) - step by step"),
        ("heading", "About this site"),
        ("list_item", "Social media"),
        ("list_item", "Mobile applications"),
        ("list_item", "Contact us (https://example.gov/contact)"),
        ("list_item", "Departments and agencies (https://example.gov/dept)"),
        ("list_item", "Treaties, laws and regulations (https://example.gov/laws)"),
        ("list_item", "News (https://example.gov/news)"),
        ("list_item", "Follow us on LinkedIn (https://www.linkedin.com/)"),
    )
    kept = [b.text for b in without_chrome(blocks)]
    assert kept == ["Partnering abroad", "Guide to partner checks (https://example.org/guide) - step by step"]


NOTES = """# Before you sign

Researchers should follow the Partner Screening Handbook[^1] before signing, and read the annual threat brief[^2].
The form is on p.3 of the pack.

[^1]: https://example.org/handbook

[^2]: https://example.org/brief-2024

[^3]: DFG press release no. 7, 1 May 2023, "Working Safely with Partners Abroad": https://example.org/press-7
"""


def test_a_note_that_gives_only_an_address_names_its_tool_where_it_is_called_and_a_cited_title_is_the_quoted_one(tmp_path):
    tools = {c.label: c.address for c in concepts_of(tmp_path, "notes.md", NOTES) if c.scheme == "tool"}
    assert tools["Partner Screening Handbook"] == "https://example.org/handbook"
    assert tools["annual threat brief"] == "https://example.org/brief-2024"
    assert tools["Working Safely with Partners Abroad"] == "https://example.org/press-7"


TECH_HEADINGS = """# Guide

## Critical technology areas

### Quantum sensing

Sensors that use quantum states to measure fields.

### Hypersonics

Flight at more than five times the speed of sound.

## Contacts

Write to the research office.
"""


def test_sub_headings_under_a_heading_that_names_technologies_are_technology_areas(tmp_path):
    areas = labels(concepts_of(tmp_path, "tech.md", TECH_HEADINGS), "technology-area")
    assert {"Quantum sensing", "Hypersonics"} <= areas


NESTED_RISKS = """# Field guide

## Risks on the ground

### In the laboratory

- theft of samples;
- tampering with instruments.

## How to report

### Steps

- explains the incident to the office;
- names the people involved.
"""


def test_a_list_under_a_sub_heading_takes_its_scheme_from_the_heading_above(tmp_path):
    risks = labels(concepts_of(tmp_path, "nested.md", NESTED_RISKS), "risk-area")
    assert risks == {"Theft of samples", "Tampering with instruments"}


SAVED_PAGE = """<!doctype html><html><head><title>Partnering guide</title></head><body><main><h1>Partnering guide</h1>
<h2>The principles we share</h2>
<p>Four ideas run through the guide:</p>
<p>Candour</p><p>Partners say what they want from the work and who pays for it.</p>
<p>Reciprocity</p><p>Both sides give and gain, on terms agreed in advance.</p>
<h2>Protected fields</h2>
<p>Each of the fields below is sensitive technology:</p>
<ul><li>Marine robotics</li></ul><p>Subfields are listed on a page of their own.</p>
<ul><li>Photonics</li></ul><p>Subfields are listed on a page of their own.</p>
<ul><li>Synthetic biology</li></ul><p>Subfields are listed on a page of their own.</p>
</main></body></html>"""


def test_a_definition_list_or_a_list_saved_as_separate_paragraphs_is_still_read(tmp_path):
    found = concepts_of(tmp_path, "saved.html", SAVED_PAGE)
    assert {"Candour", "Reciprocity"} <= labels(found, "principle")
    assert {"Marine robotics", "Photonics", "Synthetic biology"} <= labels(found, "technology-area")


def test_terms_and_definitions_as_alternating_word_paragraphs(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Partnering guide", level=1)
    document.add_heading("Values we hold", level=2)
    document.add_paragraph("The guide rests on these values:")
    for term, definition in [
        ("Candour", "Partners say what they want from the work and who pays for it."),
        ("Reciprocity", "Both sides give and gain, on terms agreed in advance."),
        ("Care", "Nobody is put at risk for the sake of a result."),
    ]:
        document.add_paragraph(term)
        document.add_paragraph(definition)
    document.save(tmp_path / "values.docx")
    _, _, _, found = read_document(tmp_path / "values.docx")
    values = {c.label: c.definition for c in found if c.scheme == "value"}
    assert set(values) == {"Candour", "Reciprocity", "Care"}
    assert values["Care"].startswith("Nobody is put at risk")


FAMILIES = """<!doctype html><html><head><title>Staff guidance</title></head><body><main><h1>Staff guidance</h1>
<h2>Red flags</h2>
<p>Be alert to the following when a partnership is proposed:</p>
<ul><li>A partner that will not disclose its funders</li><li>Requests to route payments through third parties</li>
<li>Pressure to keep the collaboration confidential</li></ul>
<h2>Technology families of concern</h2>
<table><tr><th>Technology family</th><th>Examples</th></tr>
<tr><td>Advanced materials</td><td>Metamaterials; superconductors</td></tr>
<tr><td>Quantum</td><td>Quantum sensing; quantum communication</td></tr></table>
</main></body></html>"""


def test_a_table_of_families_and_examples_is_a_hierarchy_and_a_relative_clause_keeps_its_head(tmp_path):
    found = concepts_of(tmp_path, "families.html", FAMILIES)
    areas = {c.label: c.extra.get("broader") for c in found if c.scheme == "technology-area"}
    assert areas["Metamaterials"] == "Advanced materials" and areas["Quantum sensing"] == "Quantum"
    risks = labels(found, "risk-area")
    assert {"Partner that will not disclose its funders", "Requests to route payments"} <= risks


def test_risks_named_in_a_sentence_when_the_document_lists_none(tmp_path):
    text = "# Travel note\n\nUniversities abroad face threats such as espionage, theft of unpublished data and coercion of staff.\n"
    assert labels(concepts_of(tmp_path, "note.md", text), "risk-area") == {"Espionage", "Theft of unpublished data", "Coercion of staff"}


def test_a_reference_is_titled_without_its_issuer_byline_or_date():
    from ingest.extract.tools import citation_title

    assert citation_title("NCSC, Cyber Threat Report 2025") == "Cyber Threat Report 2025"
    assert citation_title("AIP, White House Tweaks List of Critical Technologies, 13 February 2024") == (
        "White House Tweaks List of Critical Technologies"
    )
    assert citation_title("From: Ministry of Examples") == "Ministry of Examples"
    assert citation_title("Concepts, needs and target group") == "Concepts, needs and target group"


def test_pillars_are_principles_and_forms_of_interference_are_risks(tmp_path):
    text = (
        "# Approach\n\n## How we work\n\nOur approach rests on three pillars:\n\n- Awareness of the stakes\n- Shared responsibility\n"
        "- Proportionate checks\n\n## Abroad\n\nForeign interference can take these forms:\n\n- covert funding of research groups;\n"
        "- pressure on visiting students.\n"
    )
    found = concepts_of(tmp_path, "pillars.md", text)
    assert {"Awareness of the stakes", "Shared responsibility", "Proportionate checks"} <= labels(found, "principle")
    assert {"Covert funding of research groups", "Pressure on visiting students"} <= labels(found, "risk-area")


CONTEXT_TABLE = """<!doctype html><html><head><title>Guide</title></head><body><main><h1>Guide</h1>
<h2>Sensitive technologies</h2>
<table><tr><th>Area</th><th>Why it matters</th></tr>
<tr><td>Hypersonic flight</td><td>Missiles</td></tr><tr><td>Gene synthesis</td><td>Pathogens</td></tr></table>
<h2>Timetable</h2>
<table><tr><th>Item</th><th>When</th></tr>
<tr><td>Submit the form</td><td>May</td></tr><tr><td>Review</td><td>June</td></tr></table>
</main></body></html>"""


def test_a_table_headed_only_area_takes_its_scheme_from_its_section(tmp_path):
    found = concepts_of(tmp_path, "context.html", CONTEXT_TABLE)
    assert {"Hypersonic flight", "Gene synthesis"} <= labels(found, "technology-area")
    assert not any(c.label in ("Submit the form", "Review") for c in found)


def test_technologies_named_in_a_sentence_when_the_document_lists_none(tmp_path):
    text = (
        "# Export note\n\nFields such as underwater technology and materials technology interest foreign buyers. "
        "Work in areas such as finance and human resources is not covered.\n"
    )
    assert labels(concepts_of(tmp_path, "areas.md", text), "technology-area") == {"Underwater technology", "Materials technology"}


def test_technologies_listed_after_a_lead_that_names_only_fields_or_areas(tmp_path):
    text = (
        "# Policy\n\n## 6. Sensitive fields\n\nAt the University the fields that most often need closer attention are "
        "astronomy instrumentation, advanced materials, quantum physics, energy and hydrogen technology, and artificial "
        "intelligence; the internal list is kept by the team.\n\n## 7. Who to ask\n\nAreas of work that the office "
        "covers include teaching, research contracts, outreach and administration.\n"
    )
    found = labels(concepts_of(tmp_path, "fields.md", text), "technology-area")
    assert {"Astronomy instrumentation", "Energy and hydrogen technology", "Artificial intelligence"} <= found
    assert not {"Teaching", "Outreach"} & found  # no item of that list names a technology


def test_a_technology_item_keeps_its_modifier_a_risk_item_loses_it():
    from ingest.extract.base import noun_label

    assert noun_label("systems designed for extreme environments", modifiers=False) == "Systems designed for extreme environments"
    assert noun_label("espionage directed at laboratories and their data") == "Espionage"


def test_a_question_table_a_printer_wrapped_still_gives_what_each_question_probes():
    from ingest.extract import questions
    from ingest.extract.base import ClauseLocator, Source
    from ingest.records import DocumentRecord

    blocks = _blocks(
        ("heading", "Weighing risks abroad"),
        ("paragraph", "Work through these questions; each points at a risk to handle in the proposal."),
        ("paragraph", "No. | Question"),
        ("heading", "What it reveals"),
        ("paragraph", "1 | Does the partner answer to a ministry of defence? Military ties of the partner"),
        ("paragraph", "2 | Could the data leave the project without consent?"),
        ("paragraph", "Loss of control over data"),
        ("paragraph", "A yes to any question means the proposal explains how the risk is contained."),
    )
    document = DocumentRecord("d", "urn:d", "Weighing risks abroad", None, None, None, None, None, "d.pdf", "0", "pdf")
    found = questions.read(Source(document, blocks, ClauseLocator([])))
    assert {c.label for c in found} == {"Military ties of the partner", "Loss of control over data"}


def test_bullets_printed_under_a_numbered_list_nest_under_its_items(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from ingest.parse import parse

    path = tmp_path / "numbered.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = 780
    lines = [
        (50, "Each of the fields below is sensitive technology, with the subfields that define it:"),
        (57, "1. Marine engineering and shipbuilding technology"),
        (87, "\u2022 Hull design for deep water"),
        (87, "\u2022 Electric propulsion"),
        (57, "2. Photonics and optical technology"),
        (87, "\u2022 Laser systems"),
        (50, "These fields are reviewed each year by the ministry and published in the register."),
    ]
    for x, text in lines:
        pdf.setFont("Helvetica", 11)
        pdf.drawString(x, y, text)
        y -= 22
    pdf.save()
    levels = {b.text: b.level for b in parse(path).blocks if b.kind.value == "list_item"}
    assert levels["Marine engineering and shipbuilding technology"] == 0
    assert levels["Hull design for deep water"] == 1 and levels["Laser systems"] == 1


PROSE_VALUES = """# Working with partners abroad

## Our principles

The office applies three principles:

- Openness as the default
- Targeted protection
- Due process

Behind these principles lie commitments that the community shares: academic freedom, international cooperation and
the integrity of research that others can rely on.

The Act protects the academic freedom of staff and the institutional autonomy of universities. The pages help you keep
engagement going with honesty, transparency and trust, while meeting the requirements that sponsors now attach.
"""


def test_values_named_in_prose_beside_a_list_of_principles_are_the_documents_values(tmp_path):
    found = concepts_of(tmp_path, "prose-values.md", PROSE_VALUES)
    assert labels(found, "principle") == {"Openness as the default", "Targeted protection", "Due process"}
    values = labels(found, "value")
    # a list after "commitments:", two words the Act protects (the second joined to the first), and a list the
    # sentence runs on from with a clause of its own
    assert {"Academic freedom", "Institutional autonomy", "Honesty", "Transparency", "Trust"} <= values
    assert not any(v.lower().startswith(("while", "the requirements")) for v in values)


LONG_RISKS = """# What the council looks for

## Risks the council looks for

- Undeclared affiliations with foreign governments, militaries or political organisations.
- Partner organisations linked to weapons development or to human rights abuses.
- Transfer of sensitive or dual-use technology to foreign end users without a permit.
- Duplicate funding of the same research from foreign and domestic sources.

## What applicants do

- Check every partner against the sanctions lists before the application is submitted to the council.
- Declare each appointment held abroad in the last five years, paid or unpaid, in the application form.
"""


def test_a_list_of_long_noun_phrases_is_risks_and_a_list_of_orders_is_not(tmp_path):
    risks = [c for c in concepts_of(tmp_path, "long-risks.md", LONG_RISKS) if c.scheme == "risk-area"]
    names = {c.label: c.alt_labels for c in risks}
    assert "Transfer of sensitive or dual-use technology to foreign end users without a permit" in names
    # a head cut from its modifiers keeps the item's whole wording as another name
    assert "Partner organisations linked to weapons development or to human rights abuses" in names["Partner organisations"]
    assert not any(label.lower().startswith(("check", "declare")) for label in names)


def test_a_number_that_orders_an_entry_is_no_part_of_its_label():
    from ingest.extract.base import to_label

    assert to_label("A.3 Aeronautics") == "Aeronautics"
    assert to_label("0 – Nuclear materials") == "Nuclear materials"
    assert to_label("2.1 Disclosure is the main safeguard") == "Disclosure is the main safeguard"
    assert to_label("5G networks") == "5G networks"
    assert to_label("3D printing") == "3D printing"


def test_value_words_with_modifiers_or_a_complement_are_the_items_of_a_list():
    from ingest.extract.known_terms import enumerated

    found = enumerated(
        "Academic freedom, the free and open exchange of ideas, and the integrity of the research enterprise appear "
        "in the compilation as the reasons for acting, not as obstacles to it."
    )
    assert [label for _, label in found] == ["Academic freedom", "Free and open exchange of ideas", "Integrity of the research enterprise"]
    found = enumerated("We share the view that openness, transparency and merit-based competition are what make research strong.")
    assert [label for _, label in found] == ["Openness", "Transparency", "Merit-based competition"]


def test_a_long_statement_gives_its_first_action(tmp_path):
    text = """# Responsible cooperation

## Principles for cooperation

1. Institutions should decide on international cooperation on the basis of their own strategy, not on offers.
2. Institutions should put agreements in writing and secure in them the freedom to publish and the protection of results.
3. Institutions should know their partners, including who funds them.
"""
    principles = labels(concepts_of(tmp_path, "statements.md", text), "principle")
    assert {
        "Decide on international cooperation on the basis of their own strategy",
        "Put agreements in writing",
        "Know their partners",
    } <= principles


RISK_PROSE = """# Our research security programme

## What the programme protects against

The concerns are not new. In our own risk assessment five recur: failure to disclose foreign appointments and
funding, which can cost us federal awards; diversion of unpublished results to foreign entities; cyber attacks on
research networks; theft of devices during travel; and pressure on students from foreign governments.
"""
RUN_IN_RISKS = """# Knowledge security at the faculty

## What can go wrong

3.1 Undesired knowledge transfer. A partner may seek knowledge to gain a military advantage.

3.2 Foreign interference. Foreign states may try to steer research agendas or pressure researchers.

3.3 Cyberattacks. Research data and systems are attractive targets.
"""


def test_risks_run_with_semicolons_in_prose_and_numbered_run_in_heads_under_what_can_go_wrong(tmp_path):
    risks = labels(concepts_of(tmp_path, "risk-prose.md", RISK_PROSE), "risk-area")
    assert not any(label.lower().startswith(("which", "the concerns")) for label in risks)
    assert {
        "Failure to disclose foreign appointments and funding",
        "Diversion of unpublished results to foreign entities",
        "Cyber attacks on research networks",
        "Pressure on students from foreign governments",
    } <= risks
    run_in = labels(concepts_of(tmp_path, "run-in-risks.md", RUN_IN_RISKS), "risk-area")
    assert run_in == {"Undesired knowledge transfer", "Foreign interference", "Cyberattacks"}


TECH_TREE = """# Core technologies briefing

## Background

The list covers two fields.

## Annex: technology fields of the list

The headings follow the fields of the announcement.

### A Defence technology

#### A.1 Unmanned systems

- Unmanned aerial vehicles
- Autonomous flight control

#### A.2 Anti-jamming technology

- Anti-jamming navigation

### B Space technology

#### B.1 Satellite payloads

- Synthetic aperture radar payloads
- Optical remote sensing payloads
"""


def test_headings_nested_under_a_technology_heading_are_a_tree_without_their_numbers(tmp_path):
    found = [c for c in concepts_of(tmp_path, "tree.md", TECH_TREE) if c.scheme == "technology-area"]
    broader = {c.label: c.extra.get("broader") for c in found}
    assert broader["Defence technology"] is None and broader["Space technology"] is None
    assert broader["Unmanned systems"] == "Defence technology"
    assert broader["Satellite payloads"] == "Space technology"
    assert broader["Autonomous flight control"] == "Unmanned systems"
    assert broader["Anti-jamming navigation"] == "Anti-jamming technology"  # a category's only item
    assert not any(label[:2] in ("A ", "B ") or "." in label[:3] for label in broader)


def test_a_value_list_ends_where_a_clause_of_its_own_begins():
    from ingest.extract.known_terms import enumerated

    found = enumerated(
        "Research at the University rests on openness, international collaboration and academic freedom, and nothing "
        "in this procedure is intended to make collaboration harder than it needs to be."
    )
    assert [label for _, label in found] == ["Openness", "International collaboration", "Academic freedom"]
    found = enumerated("The scheme is applied with the academic freedom of researchers and the integrity of research in mind.")
    assert [label for _, label in found] == ["Academic freedom of researchers", "Integrity of research"]


def test_bodies_with_plural_heads_in_their_own_language_and_with_a_complement_in_are_organisations():
    from ingest.extract.organisations import names_in

    def names(text):
        return {name for name, _, _ in names_in(text)}

    assert names("The Executive Yuan sent the list to the Legislative Yuan.") == {"Executive Yuan", "Legislative Yuan"}
    assert names("Cases go to the Main Customs Offices and the Armed Forces.") == {"Main Customs Offices", "Armed Forces"}
    assert names("The Committee for Ethics in Sensitive Research decides.") == {"Committee for Ethics in Sensitive Research"}
    assert names("Politecnico di Bari and Université de Bordeaux signed with Universität Weserbergland.") == {
        "Politecnico di Bari",
        "Université de Bordeaux",
        "Universität Weserbergland",
    }
    assert not names("The office in London helps, and the university in Bari agrees.")


def test_numbered_end_notes_run_into_one_paragraph_are_one_tool_each(tmp_path):
    text = """# Guidelines

Read the notes below.

## Notes

1 Committee on Guidelines for International Research and Innovation Collaboration,
Guidelines for international research and innovation collaboration, https://example.org/uris 2 PET,
Assessment of the Espionage Threat, https://example.org/pet 3 Danish Business Authority,
Export control of dual-use items, https://example.org/export
"""
    tools = {c.label: c.address for c in concepts_of(tmp_path, "notes.md", text) if c.scheme == "tool"}
    assert tools == {
        "Guidelines for international research and innovation collaboration": "https://example.org/uris",
        "Assessment of the Espionage Threat": "https://example.org/pet",
        "Export control of dual-use items": "https://example.org/export",
    }


def test_a_list_its_introduction_calls_activities_keeps_its_long_items(tmp_path):
    text = """# Export control at the university

## When does export control concern me?

In a university it typically concerns the following activities:

- Shipping scientific equipment, samples or materials to a country outside the EU
- Transferring technical know-how, unpublished data or software to partners abroad
- Taking a laptop with unpublished technical data on a research trip
"""
    activities = labels(concepts_of(tmp_path, "activities.md", text), "activity")
    assert "Taking a laptop with unpublished technical data on a research trip" in activities
    assert len(activities) == 3


def test_counted_values_each_opening_a_sentence_of_their_own(tmp_path):
    text = """# Open science and security

## The values open science rests on

The Recommendation grounds open science in four core values. Quality and integrity come first: openness is no excuse
for weak methods. Collective benefit follows, since knowledge is a global public good. Equity and fairness ask that
partners are not only suppliers of samples. Diversity and inclusiveness, finally, mean that many knowledge systems
are welcome.
"""
    values = labels(concepts_of(tmp_path, "counted-subjects.md", text), "value")
    assert {"Quality and integrity", "Collective benefit", "Equity and fairness", "Diversity and inclusiveness"} <= values


def test_a_category_column_named_in_several_words_heads_a_technology_table(tmp_path):
    page = """<html><body><main><h1>Annex</h1><h2>Key technology focus areas</h2><table>
<tr><th>Key technology focus area</th><th>Technologies</th></tr>
<tr><td>Quantum information science</td><td>quantum computing; quantum sensing; quantum networking</td></tr>
<tr><td>Advanced energy</td><td>batteries; advanced nuclear technologies</td></tr></table></main></body></html>"""
    found = [c for c in concepts_of(tmp_path, "focus.html", page) if c.scheme == "technology-area"]
    broader = {c.label: c.extra.get("broader") for c in found}
    assert broader["Quantum sensing"] == "Quantum information science" and broader["Batteries"] == "Advanced energy"


def test_a_value_named_with_what_it_applies_to_is_labelled_by_its_head_and_keeps_the_phrase():
    from ingest.extract.base import value_names

    assert value_names("Fairness to every applicant") == ("Fairness", ("Fairness to every applicant",))
    assert value_names("Due process before any adverse decision") == ("Due process", ("Due process before any adverse decision",))
    assert value_names("Respect for human rights") == ("Respect for human rights", ())
    assert value_names("Freedom of research") == ("Freedom of research", ())
    assert value_names("Research should be open to the world") == ("Research should be open to the world", ())


def test_counted_principles_stated_one_plain_sentence_each(tmp_path):
    text = """# Export controls

## Introduction

The University values academic freedom and this guide is written to protect it. Three principles run through it.
Export control checks are made before a project starts, not after it has begun. The principal investigator is
responsible for self-assessing the project. And the effort spent on checks should be proportionate to the work.

## Who to ask

Three teams can help. They answer within a week.
"""
    principles = labels(concepts_of(tmp_path, "counted-plain.md", text), "principle")
    assert principles == {
        "Export control checks are made before a project starts",
        "The principal investigator is responsible for self-assessing the project",
        "The effort spent on checks should be proportionate to the work",
    }


def test_risks_posed_by_several_things_and_what_you_may_face(tmp_path):
    text = """# Export controls and research

## Why the controls exist

The government's purpose is to reduce the risks posed by the proliferation of weapons of mass destruction, by
abuses of human rights and by terrorism.
"""
    risks = labels(concepts_of(tmp_path, "posed.md", text), "risk-area")
    assert {"Proliferation of weapons of mass destruction", "Abuses of human rights", "Terrorism"} <= risks
    faq = """# Research security FAQ

## Why does it matter?

If a third party obtains your research without your agreement, you may face:

- theft of research data;
- loss of intellectual property;
- damage to your reputation.
"""
    assert {"Theft of research data", "Loss of intellectual property", "Damage to your reputation"} <= labels(
        concepts_of(tmp_path, "face.md", faq), "risk-area"
    )


def test_citations_run_into_one_paragraph_are_titled_after_their_author_and_year(tmp_path):
    text = """# A compass for cooperation

## Sources and further reading

Deutscher Akademischer Austauschdienst (2020). Keine roten Linien: Wissenschaftskooperationen unter komplexen
Rahmenbedingungen. DAAD. https://example.org/daad Bundesamt für Wirtschaft und Ausfuhrkontrolle (2023). Export
Control in Academia: Manual. BAFA. https://example.org/bafa
"""
    tools = {c.label: c.address for c in concepts_of(tmp_path, "citations.md", text) if c.scheme == "tool"}
    assert tools == {
        "Keine roten Linien: Wissenschaftskooperationen unter komplexen Rahmenbedingungen": "https://example.org/daad",
        "Export Control in Academia: Manual": "https://example.org/bafa",
    }


def test_a_risk_item_whose_verb_is_in_a_relative_clause_is_still_a_name(tmp_path):
    text = """# Research security committee

## Risks the protocols will address

Institute directors should be alert to the following risks:

- Undesirable transfer of critical knowledge and technology that could affect the security of the European Union.
- Malign influence on research, where a third country uses cooperation to shape research agendas or spread disinformation.
- Espionage against research teams and their data, whether by cyber means or by people recruited inside a project.
"""
    risks = labels(concepts_of(tmp_path, "relative.md", text), "risk-area")
    assert {"Undesirable transfer of critical knowledge and technology", "Malign influence on research"} <= risks


def test_activities_run_with_semicolons_after_a_lead_that_ends_the_paragraph_before(tmp_path):
    text = """# Export control for universities

## What it covers

The law requires a licence before controlled goods leave the country. In a university, the activities that can fall
under these rules are ordinary ones:

the export of research equipment, samples and prototypes; the provision of controlled technology to non-residents,
whether by email or at a meeting abroad; and, since May 2022, the provision of controlled technology to residents who
fall under one of the categories described in section 4.

## What can go wrong

For a researcher, each of the following may be an export of controlled technology:

- sending or taking physical items overseas, including samples and prototypes;
- delivering online teaching or training to participants outside the country.
"""
    activities = labels(concepts_of(tmp_path, "semicolon-activities.md", text), "activity")
    assert {
        "Export of research equipment, samples and prototypes",
        "Provision of controlled technology to non-residents",
        "Provision of controlled technology to residents",
        "Sending or taking physical items overseas",
        "Delivering online teaching or training to participants outside the country",
    } <= activities


def test_numbered_paragraphs_under_a_risk_heading_are_its_items(tmp_path):
    text = """# Knowledge safety policy

## 3 Risks

3.1 An unintended contribution to the development or production of weapons of mass destruction.

3.2 Transfer of military or dual-use technology without the required licence.

3.3 Undesirable influence on research, teaching or staff by a foreign state, including pressure that leads to self-censorship.

## 4 Roles

4.1 The executive board decides on the policy and reviews it every year.
"""
    risks = labels(concepts_of(tmp_path, "numbered-risks.md", text), "risk-area")
    assert {
        "Unintended contribution to the development or production of weapons of mass destruction",
        "Transfer of military or dual-use technology without the required licence",
    } <= risks
    assert not any("board" in label.lower() for label in risks)


def test_a_statement_that_coins_a_term_for_what_it_asks_is_labelled_by_the_term():
    from ingest.extract.sentences import OPENING, statement_label

    coined = "Institutions should build protection into research from the design of a project onwards (security by design)."
    assert statement_label(OPENING.match(coined)) == "Security by design"
    aside = "Institutions should know their partners (see annex), including who funds them."
    assert statement_label(OPENING.match(aside)) == "Know their partners"


def test_a_statement_names_what_it_acts_on_or_treats_something_as():
    from ingest.extract.sentences import OPENING, statement_names

    def names(text):
        return statement_names(OPENING.match(text))

    assert names("Institutions should preserve academic freedom and institutional autonomy as the foundation of every measure.") == (
        "Academic freedom and institutional autonomy",
    )
    assert names("Institutions should treat research security as a shared responsibility of leadership and staff.") == (
        "Shared responsibility of leadership and staff",
    )
    assert names("Institutions should know their partners, including who funds them.") == ()


def test_values_named_as_a_subject_with_an_aside_and_what_is_placed_on_a_value():
    from ingest.extract.known_terms import enumerated
    from ingest.extract.named import named_in

    found = named_in("Academic freedom, which the Basic Law protects, and trust are the values we are trying to protect.")
    assert ("value", "Academic freedom") in found and ("value", "Trust") in found
    placed = enumerated("The strategy reconciles the high value it places on freedom of science with security.")
    assert placed == [("value", "Freedom of science")]


def test_ordinal_sentences_after_a_count_are_read_once_without_their_that(tmp_path):
    text = """# Protecting research

## What we ask of you

Our approach rests on two commitments that we ask everyone to share. The first is transparency: you tell the
university about your outside appointments. The second is that security is everyone's responsibility, not only the
task of a compliance office.
"""
    principles = labels(concepts_of(tmp_path, "ordinals.md", text), "principle")
    assert principles == {"Transparency", "Security is everyone's responsibility"}


def test_ideas_counted_then_given_in_turn_are_principles_cut_before_their_contrast(tmp_path):
    text = """# Knowledge protection

## Our approach

Three ideas shape the Institute's practice. The first is that security is part of quality: a project that leaks
its results has failed. The second is that knowledge protection must be planned from the start of a project rather
than added once a problem has appeared. The third is that whoever is in doubt asks before sharing rather than after.
"""
    principles = labels(concepts_of(tmp_path, "ideas.md", text), "principle")
    assert principles == {
        "Security is part of quality",
        "Knowledge protection must be planned from the start of a project",
        "Whoever is in doubt asks before sharing rather than after",
    }


def test_principles_of_a_list_that_something_rests_on():
    from ingest.extract.named import named_in

    found = named_in("The framework is built on the principles of subsidiarity, proportionality and academic freedom.")
    assert [label for _, label in found] == ["Subsidiarity", "Proportionality", "Academic freedom"]
    assert named_in("The values of openness and transparency matter.") == []


def test_a_numbered_paragraph_that_gives_a_bare_address_is_read_without_failing(tmp_path):
    # "1.2 ... can be consulted at https://...": no sentence starts with a capital before the address
    found = concepts_of(
        tmp_path,
        "guide.html",
        "<html><head><title>Export control</title></head><body><main><h1>Export control at the institute</h1>"
        "<p>Read this before you ship equipment abroad.</p><p>7.1 The Institute's Export Control pages, at "
        "https://example.org/control-list, name the contacts in the export office and link to the training module that every "
        "researcher who works with controlled items completes once a year. The module takes about forty minutes, and the office "
        "keeps a record of who has completed it so that a licence application can show it.</p></main></body></html>",
    )
    assert "https://example.org/control-list" in {c.address for c in found if c.scheme == "tool"}


def test_a_technology_list_whose_lead_ends_with_a_remark_on_risk_is_still_a_technology_hierarchy(tmp_path):
    page = (
        "<html><head><title>Handbook</title></head><body><main><h1>Handbook</h1><h2>4 Sensitive technology areas</h2>"
        "<p>The list below follows the areas of the national strategy. A project in one of these sub-areas is not for that "
        "reason high-risk; it simply calls for a closer look.</p><ul>"
        "<li>Quantum technologies<ul><li>Quantum sensing</li><li>Quantum communication</li></ul></li>"
        "<li>Space technologies<ul><li>Earth observation</li><li>Launch systems</li></ul></li>"
        "<li>Biotechnologies<ul><li>Gene editing</li></ul></li></ul></main></body></html>"
    )
    found = concepts_of(tmp_path, "handbook.html", page)
    areas = {c.label: c.extra.get("broader") for c in found if c.scheme == "technology-area"}
    assert areas.get("Quantum sensing") == "Quantum technologies" and areas.get("Launch systems") == "Space technologies"
    assert not {c.label for c in found if c.scheme == "risk-area"} & {"Quantum technologies", "Space technologies"}


def test_a_category_cell_loses_its_number_in_a_table_of_controlled_items(tmp_path):
    page = (
        "<html><head><title>Annex</title></head><body><main><h1>Annex A. Areas of the dual-use list</h1>"
        "<p>The table groups the categories of the dual-use list with examples of controlled items.</p>"
        "<table><tr><th>Category</th><th>Examples of controlled items</th></tr>"
        "<tr><td>Category 2 - Materials processing</td><td>high-precision machine tools; isostatic presses</td></tr>"
        "<tr><td>Category 6 - Sensors and lasers</td><td>infrared cameras; high-power lasers</td></tr>"
        "<tr><td>Category 9 - Aerospace and propulsion</td><td>gas turbine engines; rocket motors</td></tr></table>"
        "</main></body></html>"
    )
    areas = {c.label: c.extra.get("broader") for c in concepts_of(tmp_path, "annex.html", page) if c.scheme == "technology-area"}
    assert {"Materials processing", "Sensors and lasers", "Aerospace and propulsion"} <= set(areas)
    assert areas.get("Isostatic presses") == "Materials processing"


def test_a_list_a_lead_naming_technologies_announces_in_prose_gives_technology_areas_but_deeds_do_not(tmp_path):
    page = (
        "<html><head><title>Export control FAQ</title></head><body><main><h1>Export control</h1>"
        "<h2>Which fields are affected?</h2><p>Questions come mostly from a few areas of dual-use and emerging technology: "
        "underwater acoustics, advanced ceramics, machine learning, gene synthesis, and radar and sonar engineering. A short "
        "check is worth it.</p><h2>What counts as an export?</h2><p>Controlled technology can leave in several ways: sending "
        "drawings, teaching a visitor, presenting at a conference and carrying a laptop abroad.</p></main></body></html>"
    )
    areas = {c.label for c in concepts_of(tmp_path, "faq.html", page) if c.scheme == "technology-area"}
    assert {"Underwater acoustics", "Advanced ceramics", "Machine learning", "Gene synthesis", "Radar and sonar engineering"} <= areas
    assert not areas & {"Sending drawings", "Teaching a visitor", "Carrying a laptop abroad"}


def test_a_reading_list_of_short_titles_on_many_sites_is_not_a_menu_but_a_site_menu_is(tmp_path):
    page = (
        "<html><head><title>Research security FAQ</title></head><body><div class='menu'><ul>"
        "<li><a href='https://uni.example.edu/news'>News</a></li><li><a href='https://uni.example.edu/events'>Events</a></li>"
        "<li><a href='https://uni.example.edu/study'>Study</a></li><li><a href='https://uni.example.edu/research'>Research</a></li>"
        "</ul></div><main><h1>Research security</h1><p>Most collaborations need no more than a short check.</p>"
        "<h2>Where can I find more?</h2><ul>"
        "<li><a href='https://uni.example.edu/policy/rs.html'>Research Security Policy (Policy 4.2)</a></li>"
        "<li><a href='https://gov.example.org/nspm-33.pdf'>NSPM-33 Implementation Guidance</a></li>"
        "<li><a href='https://trade.example.gov/csl'>Consolidated Screening List</a></li>"
        "<li><a href='https://grants.example.gov/research-security'>Funder research security resources</a></li></ul>"
        "</main></body></html>"
    )
    tools = {c.label for c in concepts_of(tmp_path, "faq.html", page) if c.scheme == "tool"}
    assert {"NSPM-33 Implementation Guidance", "Consolidated Screening List", "Funder research security resources"} <= tools
    assert not tools & {"News", "Events", "Study", "Research"}


def test_a_reading_list_typeset_title_and_address_line_by_line_gives_each_tool_its_own_address(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "guidelines.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(72, 760, "Further reading")
    pdf.setFont("Helvetica", 10)
    lines = [
        "Defence Export Agency – guidance for exporters",
        "https://www.exports.example.gov.il",
        "Dual-use export control – Ministry of Economy",
        "https://www.gov.example.il/en/dual-use-export-control",
        "Council for Higher Education – international cooperation",
        "https://che.example.org.il/en/international-cooperation/",
    ]
    for n, line in enumerate(lines):
        pdf.drawString(72, 735 - 12 * n, line)
    pdf.showPage()
    pdf.save()
    _, _, _, found = read_document(path)
    tools = {c.address: c.label for c in found if c.scheme == "tool"}
    assert tools.get("https://www.exports.example.gov.il", "").startswith("Defence Export Agency")
    assert tools.get("https://www.gov.example.il/en/dual-use-export-control", "").startswith("Dual-use export control")
    assert "https://che.example.org.il/en/international-cooperation/" in tools


def test_a_risk_section_keeps_all_its_subsections_when_one_has_a_long_name(tmp_path):
    page = (
        "<html><head><title>Guide</title></head><body><main><h1>Guide</h1><h2>3. Risk areas</h2>"
        "<p>3.0 The national campaign names the risks below.</p>"
        "<h3>3.1 Loss of sensitive research</h3><p>Unpublished data can be taken by partners.</p>"
        "<h3>3.2 Breaches of export control law</h3><p>Listed items need a licence.</p>"
        "<h3>3.3 Acquisitions caught by the National Security and Investment Act</h3><p>Some licences count as assets.</p>"
        "<h3>3.4 Coercion and self-censorship</h3><p>Researchers may be pressed to keep quiet.</p>"
        "</main></body></html>"
    )
    risks = {c.label for c in concepts_of(tmp_path, "guide.html", page) if c.scheme == "risk-area"}
    assert {"Loss of sensitive research", "Breaches of export control law", "Coercion and self-censorship"} <= risks
    assert "Acquisitions caught by the National Security and Investment Act" in risks


def test_a_nested_list_under_a_heading_of_research_areas_is_a_technology_hierarchy(tmp_path):
    text = (
        "# Handbook\n\n## Annex B Fields of research that call for an early conversation\n\n"
        "These are the areas where most reviews happen; research in them is welcome.\n\n"
        "- Marine engineering\n  - Underwater acoustics\n  - Hull stealth coatings\n"
        "- Photonics\n  - Infrared detectors\n  - High-energy lasers\n"
        "- Energy storage\n  - Solid-state batteries\n"
        "\n## Annex C Areas of research security support\n\n- Advice on partners\n- Training for staff\n"
    )
    found = concepts_of(tmp_path, "annex.md", text)
    areas = {c.label: c.extra.get("broader") for c in found if c.scheme == "technology-area"}
    assert areas.get("Infrared detectors") == "Photonics" and areas.get("Underwater acoustics") == "Marine engineering"
    assert not {"Advice on partners", "Training for staff"} & set(areas)  # support offered, not fields of research


def test_technologies_named_in_a_sentence_after_among_them_keep_items_joined_by_and(tmp_path):
    text = (
        "# Export note\n\nSeveral fields, among them photonics and optics, marine engineering, robotics and autonomy, and "
        "space technology, yield results that suit weapons as well as they suit farming.\n"
    )
    found = labels(concepts_of(tmp_path, "fields.md", text), "technology-area")
    assert {"Photonics and optics", "Marine engineering", "Robotics and autonomy", "Space technology"} <= found
    assert "Optics" not in found and "Autonomy" not in found


def test_values_named_after_a_copula_or_between_dashes_but_not_what_is_said_of_principles(tmp_path):
    text = (
        "# About the Institute\n\nThe Institute's four values, which staff know by the word CARE, are Curiosity, "
        "Accountability, Respect and Empathy. The Agency's own values—service first, open doors and fair play—shape its "
        "grants too.\n\n## How we work\n\nThese principles are meant to guide every stage of a partnership, from the first "
        "contact to its end. The values are older than any security concern.\n"
    )
    found = labels(concepts_of(tmp_path, "about.md", text), "value")
    assert {"Curiosity", "Accountability", "Respect", "Empathy", "Service first", "Open doors", "Fair play"} <= found
    assert not {"Meant", "From the first contact", "Older than any security concern"} & found


def test_statements_of_a_list_that_share_a_subject_are_labelled_by_what_each_says(tmp_path):
    text = (
        "# Guideline\n\n## 3 Principles\n\nIn its partnerships the Council follows these principles:\n\n"
        "- The Council funds research across borders as openly as it can.\n"
        "- The Council reviews the benefits and risks of each partnership before it signs and while it lasts.\n"
        "- The Council treats every applicant and every partner alike and does not judge anyone by their passport.\n"
        "- The Council complies with export control, sanctions and privacy legislation in every programme it runs.\n"
    )
    found = labels(concepts_of(tmp_path, "guideline.md", text), "principle")
    assert "Treats every applicant and every partner alike" in found
    assert "Complies with export control, sanctions and privacy legislation" in found
    assert not any(label.startswith("The Council") for label in found)


def test_values_listed_after_a_colon_whose_last_item_runs_into_a_clause_and_a_commitment_named_by_what_it_is_to(tmp_path):
    text = (
        "# Handbook\n\n## Approach\n\nBehind these rules lie values the Council has long held: candour, openness in the "
        "sharing of data, and a commitment to inclusion that makes the Council a place where anyone can do good work.\n"
    )
    found = labels(concepts_of(tmp_path, "handbook.md", text), "value")
    assert {"Candour", "Openness in the sharing of data", "Inclusion"} <= found
    assert "Commitment" not in found


def test_a_long_modal_statement_is_labelled_up_to_its_relative_clause_not_dropped(tmp_path):
    text = (
        "# Expectations\n\n## Principles for grant holders\n\nIn meeting this responsibility:\n\n"
        "1. Institutions should make their doctoral students aware of the sanctions regulations that bear on their field.\n"
        "2. Institutions should protect students who raise concerns about a partner in good faith from any retaliation.\n"
        "3. Institutions should keep a record of every assessment they make.\n"
    )
    found = labels(concepts_of(tmp_path, "expectations.md", text), "principle")
    assert "Make their doctoral students aware of the sanctions regulations" in found
    assert "Protect students" not in found  # a head too short to say anything without its clause


def test_a_link_back_to_the_section_above_is_navigation_not_a_tool(tmp_path):
    page = (
        "<html><head><title>FAQ</title><link rel='canonical' href='https://council.example.org/en/faq'></head><body><main>"
        "<h1>Knowledge security FAQ</h1><h2>Where do I find the rules?</h2>"
        "<p>The <a href='https://example.org/code'>Code of Practice for Partnerships</a> sets them out.</p>"
        "<p><a href='/en/policy/open-science'>Back to Open science</a></p></main></body></html>"
    )
    tools = {c.label for c in concepts_of(tmp_path, "faq.html", page) if c.scheme == "tool"}
    assert "Code of Practice for Partnerships" in tools and "Back to Open science" not in tools
