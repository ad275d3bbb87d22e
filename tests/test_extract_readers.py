"""Each extraction reader on documents of its shape (tests/fixtures/concepts/dev, read by the real parsers)."""

from pathlib import Path

import pytest

from ingest.extract import definitions, headings, lists, numbered, organisations, sentences, tables, tools
from ingest.extract.base import ClauseLocator, Source
from ingest.pipeline import read_document

DEV = Path(__file__).parent / "fixtures" / "concepts" / "dev"


def source_of(name: str) -> Source:
    from ingest.clauses import build_clauses
    from ingest.parse import parse

    parsed = parse(DEV / name)
    document, _, clauses, _ = read_document(DEV / name)
    assert build_clauses(document.id, parsed)
    return Source(document, parsed.blocks, ClauseLocator(clauses), parsed.text)


def labels(concepts, scheme: str) -> set[str]:
    return {c.label for c in concepts if c.scheme == scheme}


def test_definition_items_under_a_risk_heading_are_risk_areas():
    found = definitions.read(source_of("uk-trusted-research.txt"))
    risks = {"Reputation and ethics", "Intellectual property", "Export controls", "Investment and acquisition", "Cyber security and data"}
    assert labels(found, "risk-area") == risks | {"People"}
    assert all(c.definition and c.source_clauses for c in found if c.scheme == "risk-area")


def test_sub_headings_of_a_principles_section_are_principles_with_their_paragraph():
    found = headings.read(source_of("ca-sensitive-tech-areas.html"))
    assert labels(found, "principle") == {"Openness by default", "Proportionality", "Non-discrimination"}
    proportionality = next(c for c in found if c.label == "Proportionality")
    assert proportionality.definition.startswith("The scrutiny a project receives")


def test_the_title_heading_is_not_a_list_of_risks():
    found = headings.read(source_of("nl-knowledge-security.txt"))
    assert not labels(found, "risk-area")


def test_numbered_sections_name_their_scheme(tmp_path):
    page = tmp_path / "numbered.md"
    page.write_text(
        "# Our commitments\n\n## Principle 1: Openness\n\nResearch stays open unless there is a reason.\n\n"
        "## Principle 2: Proportionality\n\nMeasures match the risk.\n\n## Risk area 1: Insider threat\n\nStaff misuse access.\n"
    )
    document, _, clauses, _ = read_document(page)
    from ingest.parse import parse

    parsed = parse(page)
    found = numbered.read(Source(document, parsed.blocks, ClauseLocator(clauses), parsed.text))
    assert labels(found, "principle") == {"Openness", "Proportionality"}
    assert labels(found, "risk-area") == {"Insider threat"}


def test_nested_technology_list_keeps_its_hierarchy():
    found = lists.read(source_of("ca-sensitive-tech-areas.html"))
    areas = {c.label: c.extra.get("broader") for c in found if c.scheme == "technology-area"}
    assert areas["Quantum computing"] == "Quantum science and technology"
    assert areas["Quantum science and technology"] is None
    assert len(areas) == 22


def test_list_items_are_cut_to_labels_and_steps_are_not_risks():
    nl = lists.read(source_of("nl-knowledge-security.txt"))
    assert {"Academic freedom", "Scientific integrity", "Open science", "Inclusiveness and non-discrimination"} <= labels(nl, "value")
    ca = lists.read(source_of("ca-research-partnerships.txt"))
    assert "Quantum science" in labels(ca, "technology-area")
    assert not labels(ca, "risk-area"), "the five assessment steps are not risks"


def test_principles_written_as_sentences():
    found = lists.read(source_of("au-foreign-interference.txt"))
    assert "Security should be proportionate to organisational risk" in labels(found, "principle")
    assert len(labels(found, "principle")) == 5


def test_principles_in_prose_as_should_clauses():
    found = sentences.read(source_of("g7-secure-open-research.txt"))
    assert labels(found, "principle") == {
        "Risk-based and proportionate", "Transparent", "Never single out people because of their nationality or ethnic origin",
    }  # fmt: skip


def test_table_rows_under_a_named_column():
    eu = tables.read(source_of("eu-foreign-interference-toolkit.docx"))
    assert labels(eu, "value") == {"Academic freedom", "Research integrity", "Institutional autonomy"}
    assert "Theft of research data through network intrusion" in labels(eu, "risk-area")
    us = tables.read(source_of("us-research-security-framework.txt"))
    engagements = {"Research associate appointments", "Foreign travel", "Research collaborations", "Requests for products or services"}
    assert labels(us, "activity") == engagements | {"Foreign funding"}


@pytest.mark.parametrize("name", sorted(p.name for p in DEV.iterdir() if p.suffix in (".txt", ".html", ".docx")))
def test_tool_labels_are_titles_never_sentences_or_chrome(name):
    found = [c for c in tools.read(source_of(name)) if c.scheme == "tool"]
    for tool in found:
        assert len(tool.label.split()) <= 16 and ", which" not in tool.label and not tool.label.endswith("."), tool.label
        assert tool.label not in ("Report a problem or mistake on this page", "Privacy", "Contact us", "Terms and conditions")


def test_link_text_is_the_title():
    found = {c.label: c.address for c in tools.read(source_of("ca-sensitive-tech-areas.html"))}
    assert found["Named Research Organizations list"].endswith("/named-research-organizations")
    assert found["Sensitive Technology List"].startswith("https://www.publicsafety.gc.ca/")
    assert found["Research Security Centre"].endswith("/research-security-centre")


def test_organisations_with_and_without_acronyms():
    html = organisations.read(source_of("ca-sensitive-tech-areas.html"))
    names = {c.label: c.alt_labels for c in html}
    assert names["Innovation, Science and Economic Development Canada"] == ("ISED",)
    assert "Public Safety Canada" in names and "Communications Security Establishment" in names
    us = labels(organisations.read(source_of("us-research-security-framework.txt")), "organisation")
    assert {"Department of Commerce", "Office of Foreign Assets Control", "Council on Governmental Relations"} <= us
    assert not any("List" in name for name in us)


def test_a_printed_page_keeps_its_links_and_loses_its_menus():
    """Chromium's print of the HTML page: hrefs survive only as link annotations; nav and footer print as lists."""
    _, _, _, concepts = read_document(DEV / "ca-sensitive-tech-areas.chromium.pdf")
    tools_found = {c.label: c.address for c in concepts if c.scheme == "tool"}
    assert tools_found["Named Research Organizations list"].endswith("/named-research-organizations")
    assert tools_found["Research Security Centre"].endswith("/research-security-centre")
    chrome = {"News", "Funding", "Contact us", "Privacy", "Terms and conditions", "Canada.ca", "Search Canada.ca"}
    assert not chrome & {c.label for c in concepts}
    principles = {c.label for c in concepts if c.scheme == "principle"}
    assert principles == {"Openness by default", "Proportionality", "Non-discrimination"}, (
        "counted, though every heading printed at one level"
    )


def test_relative_links_resolve_against_the_pages_own_address(tmp_path):
    page = tmp_path / "resources.html"
    page.write_text(
        '<html><head><title>Resources</title><link rel="canonical" href="https://www.example.gc.ca/en/research/page.html"></head>'
        "<body><main><h1>Resources</h1><p>Tools for research offices.</p><ul>"
        '<li><a href="/en/tools/checklist.html">Partner due diligence checklist</a></li>'
        '<li><a href="guide.pdf">Research security guide</a>, for new staff</li><li><a href="#top">Top</a></li></ul></main></body></html>'
    )
    _, _, _, concepts = read_document(page)
    found = {c.label: c.address for c in concepts if c.scheme == "tool"}
    assert found == {
        "Partner due diligence checklist": "https://www.example.gc.ca/en/tools/checklist.html",
        "Research security guide": "https://www.example.gc.ca/en/research/guide.pdf",
    }


def test_footnotes_that_give_an_issuer_a_long_title_and_an_address_are_tools(tmp_path):
    page = tmp_path / "notes.md"
    page.write_text(
        "# Guidance\n\nThe University follows the national recommendations.[^1] Exports are controlled.[^2]\n\n"
        "[^1]: Ministry of Education and Culture, Group for Responsible International Cooperation in Higher Education and "
        "Research, project OKM061:00/2024, https://valtioneuvosto.fi/en/projects?tunnus=OKM061\n\n"
        "[^2]: European Union, Regulation (EU) 2021/821 setting up a Union regime for the control of exports, brokering, "
        "technical assistance, transit and transfer of dual-use items, https://eur-lex.europa.eu/eli/reg/2021/821/oj\n"
    )
    _, _, _, concepts = read_document(page)
    found = {c.address: c.label for c in concepts if c.scheme == "tool"}
    assert found["https://valtioneuvosto.fi/en/projects?tunnus=OKM061"] == (
        "Group for Responsible International Cooperation in Higher Education and Research"
    )
    assert found["https://eur-lex.europa.eu/eli/reg/2021/821/oj"].startswith("Regulation (EU) 2021/821 setting up a Union regime")


def test_a_typeset_paper_section_numbers_footnotes_and_bodies():
    """pdflatex: every heading at one level, "2.1 Openness" under "2 Values at stake"; tools in footnotes."""
    _, _, _, concepts = read_document(DEV / "oecd-integrity-security.pdflatex.pdf")
    assert {c.label for c in concepts if c.scheme == "value"} == {"Freedom of scientific enquiry", "Openness", "Non-discrimination"}
    tools_found = {c.address: c.label for c in concepts if c.scheme == "tool"}
    paper = "https://www.oecd.org/publications/integrity-and-security-in-the-global-research-ecosystem-1c416f43-en.htm"
    assert tools_found[paper] == "Integrity and security in the global research ecosystem", (
        "a footnote's 'The paper' is titled from its address"
    )
    assert tools_found["https://globalresearchcouncil.org"] == "Global Research Council"
    bodies = {c.label for c in concepts if c.scheme == "organisation"}
    assert "Committee for Scientific and Technological Policy" in bodies, "a committee named for a policy is still a committee"


def test_a_web_page_with_a_definition_list_run_in_heads_and_a_table():
    """<dl> values, bold run-in principles ("Proportionality. Measures ..."), a <th> table of risk areas, dashed threats."""
    page = Path(__file__).parent / "fixtures" / "concepts" / "readers" / "university-trusted-research.html"
    _, _, _, concepts = read_document(page)
    assert labels(concepts, "value") == {"Academic freedom", "Integrity", "Inclusion"}
    assert labels(concepts, "principle") == {"Proportionality", "Transparency", "Shared responsibility"}
    assert labels(concepts, "risk-area") == {"Insider threat", "Export control breach", "Espionage", "Coercion", "Cyber intrusion"}


def test_a_printed_nested_list_keeps_its_hierarchy():
    """The PDF parser gives a bullet its depth from its indent, so sub-areas keep their category in print."""
    _, _, _, concepts = read_document(DEV / "ca-sensitive-tech-areas.chromium.pdf")
    areas = {c.label: c.extra.get("broader") for c in concepts if c.scheme == "technology-area"}
    assert areas["Quantum sensing"] == "Quantum science and technology"
    assert areas["Microelectronics"] == "Advanced digital infrastructure technology"
    assert sum(1 for broader in areas.values() if broader) == 17


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This Sub-Working Group consists of representatives.", set()),
        ("She is Head of Unit at the agency.", set()),
        ("Partners in New Zealand and Canada took part.", set()),
        ("Artificial Intelligence (AI) and Intellectual Property (IP) are themes.", set()),
        (
            "The Manager on Knowledge Security in the Ministry of Education, Culture and Science spoke.",
            {"Ministry of Education, Culture and Science"},
        ),
        ("The European Commission’s Multilateral Dialogue met in Brussels.", {"European Commission"}),
        ("Work with the University of Florida. Then report.", {"University of Florida"}),
        ("Public Safety Canada published the list.", {"Public Safety Canada"}),
        (
            "Agencies including the Department of Education, the Department of Home Affairs and the Australian Security "
            "Intelligence Organisation (ASIO) took part.",
            {"Department of Education", "Department of Home Affairs", "Australian Security Intelligence Organisation"},
        ),
        (
            "Areas named by the White House Office of Science and Technology Policy (OSTP).",
            {"White House Office of Science and Technology Policy"},
        ),
        ("The Consolidated Screening List of the Department of Commerce is long.", {"Department of Commerce"}),
        ("The Fraunhofer-Gesellschaft carries out applied research.", {"Fraunhofer-Gesellschaft"}),
        ("The White House's Office of Science and Technology Policy named them.", {"Office of Science and Technology Policy"}),
        ("Representatives of the Alliance of the German Science Organizations met.", {"Alliance of the German Science Organizations"}),
    ],
)
def test_organisation_names_are_names(text, expected):
    assert {name for name, _, _ in organisations.names_in(text)} == expected


def test_tool_titles_from_the_bundled_workshop_report_are_not_sentences():
    _, _, _, concepts = read_document(Path(__file__).parent.parent / "corpus" / "001_7074dd3c33786a85.txt")
    labels_found = {c.label for c in concepts if c.scheme == "tool"}
    assert "Finish considerations related to good scientific practices, security and competitiveness" in labels_found
    assert not any(label.endswith(" are relevant") or ", which " in label for label in labels_found)
    assert not labels(concepts, "risk-area"), "the workshop's topics are not risk areas"


def test_list_items_with_run_in_heads_are_labelled_by_the_head(tmp_path):
    page = tmp_path / "principles.md"
    page.write_text(
        "# Our approach\n\n## Principles\n\nWe follow four principles:\n\n"
        "1. **Openness.** Research stays as open as possible.\n2. **Proportionality.** Checks match the risk of the work.\n"
        "3. **Fairness.** Nobody is judged by where they come from.\n4. **Accountability.** Decisions are recorded and explained.\n"
    )
    _, _, _, concepts = read_document(page)
    assert labels(concepts, "principle") == {"Openness", "Proportionality", "Fairness", "Accountability"}


def test_a_table_of_categories_and_subcategories_is_a_hierarchy(tmp_path):
    page = tmp_path / "areas.html"
    page.write_text(
        "<html><body><main><h1>Sensitive technology research areas</h1><p>The areas are listed below.</p><table>"
        "<tr><th>Category</th><th>Subcategories</th></tr>"
        "<tr><td>Quantum science and technology</td><td>Quantum computing; Quantum sensing; Quantum communications</td></tr>"
        "<tr><td>Advanced energy technology</td><td>Advanced energy storage technology; Wireless power transfer technology</td></tr>"
        "</table></main></body></html>"
    )
    _, _, _, concepts = read_document(page)
    areas = {c.label: c.extra.get("broader") for c in concepts if c.scheme == "technology-area"}
    assert areas == {
        "Quantum science and technology": None,
        "Quantum computing": "Quantum science and technology",
        "Quantum sensing": "Quantum science and technology",
        "Quantum communications": "Quantum science and technology",
        "Advanced energy technology": None,
        "Advanced energy storage technology": "Advanced energy technology",
        "Wireless power transfer technology": "Advanced energy technology",
    }


def test_principles_stated_one_should_paragraph_each_under_a_principles_heading(tmp_path):
    page = tmp_path / "statements.md"
    page.write_text(
        "# Guidance\n\n## How we approach it\n\nWe follow a few principles when we build our own rules.\n\n"
        "Universities should uphold institutional autonomy, deciding for themselves whom they work with.\n\n"
        "Universities should apply a risk-based approach: most partnerships need no extra checks.\n\n"
        "Each researcher must respect academic freedom (the freedom to choose topics and publish).\n\n"
        "## Next steps\n\nInstitutions should appoint a contact point. Institutions should review their policy yearly.\n"
    )
    parsed_source = _source_of_path(page)
    found = sentences.read(parsed_source)
    assert labels(found, "principle") == {"Institutional autonomy", "Risk-based approach", "Academic freedom"}


def test_should_paragraphs_without_a_principles_announcement_are_advice(tmp_path):
    page = tmp_path / "advice.md"
    page.write_text(
        "# Guidance\n\n## Before you travel\n\nTake a clean laptop with you.\n\n"
        "Travellers should leave unneeded data at home, keeping only what the trip needs.\n\n"
        "Travellers should report lost devices at once.\n"
    )
    assert not sentences.read(_source_of_path(page))


def _source_of_path(path: Path) -> Source:
    from ingest.parse import parse

    document, _, clauses, _ = read_document(path)
    return Source(document, parse(path).blocks, ClauseLocator(clauses), parse(path).text)


def test_a_bare_address_in_prose_titles_its_tool_by_the_sentence_subject(tmp_path):
    from ingest.extract import prose_links

    page = tmp_path / "reading.md"
    page.write_text(
        "# Further reading\n\nResearchers must disclose their appointments and support, at home and abroad, whenever they apply. "
        "ResearchID, hosted by the national library at https://researchid.example.org/start, produces the forms in the agreed "
        "format. The ministry's page Research Security in Practice is at https://ministry.example.gov/research-security. "
        "The memorandum itself remains available from the archive at https://archive.example.gov/memoranda/secure-research-memorandum/.\n"
    )
    found = {c.address: c.label for c in prose_links.read(_source_of_path(page))}
    assert found == {
        "https://researchid.example.org/start": "ResearchID",
        "https://ministry.example.gov/research-security": "Research Security in Practice",
        "https://archive.example.gov/memoranda/secure-research-memorandum/": "Secure research memorandum",
    }


def test_numbered_category_items_are_read_by_their_names_with_their_hierarchy(tmp_path):
    page = tmp_path / "categories.html"
    page.write_text(
        "<html><body><h1>Export control</h1><h2>Categories of dual-use goods</h2>"
        "<p>The list follows ten categories; one of them is broken down further here.</p><ul>"
        "<li>Category 0: Nuclear materials, facilities and equipment</li><li>Category 3: Electronics</li>"
        "<li>Category 6: Sensors and lasers<ul><li>Optical sensors</li><li>Gravity meters</li></ul></li>"
        "<li>Category 9: Aerospace and propulsion</li></ul></body></html>"
    )
    found = lists.read(_source_of_path(page))
    assert labels(found, "technology-area") == {
        "Nuclear materials, facilities and equipment", "Electronics", "Sensors and lasers", "Optical sensors", "Gravity meters",
        "Aerospace and propulsion",
    }  # fmt: skip
    assert {c.label: c.extra.get("broader") for c in found}["Gravity meters"] == "Sensors and lasers"


def test_values_enumerated_in_prose_with_the_shared_vocabulary_of_values(tmp_path):
    from ingest.extract import known_terms

    page = tmp_path / "prose.md"
    page.write_text(
        "# A checklist for researchers\n\nCanadian research depends on openness, collaboration and academic freedom. "
        "Research security and research integrity go together. Partners should bring excellence, funding and equipment.\n"
    )
    found = known_terms.read(_source_of_path(page))
    assert labels(found, "value") == {"Openness", "Collaboration", "Academic freedom"}
    assert known_terms.enumerated("The commitments that made it strong: openness, transparency, honesty, equity and fair competition.")
    assert not known_terms.enumerated("By prioritizing research security and research integrity, members can protect the system.")


def test_a_table_of_fields_with_semicolon_lists_is_a_technology_hierarchy(tmp_path):
    page = tmp_path / "annex.html"
    page.write_text(
        "<html><head><title>Research involving dual-use items</title></head><body><h1>Research involving dual-use items</h1>"
        "<h2>Annex: fields where controlled items arise</h2><table><tr><th>Field</th><th>Items met in research</th></tr>"
        "<tr><td>Life sciences</td><td>Pathogens; Toxins; Genetic elements</td></tr>"
        "<tr><td>Aerospace</td><td>Unmanned aerial vehicles; Navigation systems</td></tr>"
        "<tr><td>Nuclear engineering</td><td>Neutron generators; Isotope separation</td></tr></table>"
        "<h2>Who to ask</h2><table><tr><th>Area</th><th>Contact</th></tr><tr><td>Exports</td><td>Office A; Office B</td></tr>"
        "<tr><td>Visas</td><td>Office C; Office D</td></tr><tr><td>Data</td><td>Office E; Office F</td></tr></table></body></html>"
    )
    found = tables.read(_source_of_path(page))
    broader = {c.label: c.extra.get("broader") for c in found if c.scheme == "technology-area"}
    assert broader["Toxins"] == "Life sciences" and broader["Isotope separation"] == "Nuclear engineering"
    assert "Office A" not in broader  # a table of contacts, under a heading that says nothing of technologies


def test_a_nested_list_whose_lead_refers_back_to_a_control_list_holds_technology_areas(tmp_path):
    page = tmp_path / "brief.html"
    page.write_text(
        "<html><body><h1>Guide</h1><h2>Export controls in brief</h2><p>New Zealand controls the export of items on the "
        "Strategic Goods List, which MFAT publishes. Intangible transfers count too. The list has two parts:</p>"
        "<ul><li>Munitions list</li><li>Dual-use list<ul><li>Materials processing</li><li>Sensors and lasers</li>"
        "<li>Marine</li></ul></li></ul><h2>Travel</h2><p>The checks have three steps:</p><ul><li>Book early</li>"
        "<li>Tell the office</li><li>Carry a clean laptop</li></ul></body></html>"
    )
    broader = {c.label: c.extra.get("broader") for c in lists.read(_source_of_path(page)) if c.scheme == "technology-area"}
    assert broader["Sensors and lasers"] == "Dual-use list" and "Munitions list" in broader
    assert "Book early" not in broader


def test_a_list_of_risks_mixing_run_in_heads_and_plain_items_gives_every_item(tmp_path):
    page = tmp_path / "risks.md"
    page.write_text(
        "# Handbook\n\n## 4 Risk areas\n\nIn the University's experience, the risks that arise in practice are these:\n\n"
        "- Foreign interference: in teaching, research or campus life.\n"
        "- Undisclosed affiliations and talent programs, where a second appointment carries obligations.\n"
        "- Loss or theft of research data and intellectual property, through cyber intrusion or departing staff.\n"
        "- Reputational harm: when a collaboration later becomes public.\n"
    )
    _, _, _, concepts = read_document(page)
    risks = labels(concepts, "risk-area")
    assert {"Undisclosed affiliations and talent programs", "Loss or theft of research data and intellectual property"} <= risks
    assert {"Foreign interference", "Reputational harm"} <= risks


def test_a_category_table_whose_item_column_names_research_areas_is_a_hierarchy(tmp_path):
    page = tmp_path / "annex.html"
    page.write_text(
        "<html><body><h1>Guidelines</h1><h2>Annex A: Areas that call for extra care</h2>"
        "<p>The following areas, grouped by category, call for a risk assessment.</p>"
        "<table><tr><th>Category</th><th>Research areas</th></tr>"
        "<tr><td>Advanced materials</td><td>Metamaterials; high-temperature superconductors</td></tr>"
        "<tr><td>Electronics and photonics</td><td>Semiconductor design; integrated photonics</td></tr>"
        "<tr><td>Aerospace and autonomy</td><td>Drone technology; satellite systems</td></tr></table></body></html>"
    )
    broader = {c.label: c.extra.get("broader") for c in tables.read(_source_of_path(page)) if c.scheme == "technology-area"}
    assert broader["Integrated photonics"] == "Electronics and photonics" and broader["Satellite systems"] == "Aerospace and autonomy"
    assert "Advanced materials" in broader  # the categories are areas too, not only each row's first item


def test_principles_counted_then_stated_as_commitments_or_listed_clauses(tmp_path):
    from ingest.extract import counted

    page = tmp_path / "counted.md"
    page.write_text(
        "# Our approach\n\nWe work from three commitments that the leadership has endorsed.\n\n"
        "We stay open by default and restrict only where a concrete risk is found. We anchor every collaboration in a "
        "written agreement. And we treat responsibility as shared: the researcher and the office each play a part.\n\n"
        "## The procedure\n\nThe office rests on two principles that it applies to every request: self-assessment by the "
        "researcher comes first, and controls are proportionate to the sensitivity of the item.\n"
    )
    found = labels(counted.read(_source_of_path(page)), "principle")
    assert {"Open by default", "Responsibility as shared", "Self-assessment by the researcher comes first"} <= found
    assert "Controls are proportionate to the sensitivity of the item" in found


def test_value_words_kept_or_listed_in_a_sentence_that_runs_on():
    from ingest.extract import known_terms

    assert [label for _, label in known_terms.enumerated("A slow review erodes academic freedom over time.")] == ["Academic freedom"]
    assert not known_terms.enumerated("A slow review erodes trust over time.")  # a common word alone says nothing
    listed = known_terms.enumerated(
        "Openness is not the opposite of security: academic freedom, scientific excellence and international collaboration "
        "only thrive when conditions are stable."
    )
    assert [label for _, label in listed] == ["Academic freedom", "Scientific excellence", "International collaboration"]


def test_a_statement_addressed_to_institutions_is_labelled_by_what_it_asks():
    from ingest.extract.sentences import OPENING, statement_label

    def label(text):
        return statement_label(OPENING.match(text))

    assert label("Institutions should uphold non-discrimination: no researcher is singled out.") == "Non-discrimination"
    assert label("Institutions should aim for a minimal administrative burden, reusing what exists.") == "Minimal administrative burden"
    assert label("Institutions should keep research as open as possible and restrict it only where a risk is found.") == (
        "Keep research as open as possible"
    )
    assert label("Institutions should maintain a single point of contact with which the Department can resolve concerns.") == (
        "Maintain a single point of contact"
    )


def test_values_listed_with_semicolons_each_with_what_it_means():
    from ingest.extract import known_terms

    found = known_terms.enumerated(
        "The values members hold in common are honesty in proposing and reporting research; accountability for the "
        "research and its consequences; rigour; and respect for research participants."
    )
    assert [label for _, label in found] == ["Honesty", "Accountability", "Rigour", "Respect"]
    assert not known_terms.enumerated("Difficulties arose in maintaining openness and transparency while adding checks.")
    assert known_terms.enumerated("Work goes on in keeping with the openness, integrity and inclusion that we stand for.")


def test_a_reading_list_with_titles_and_addresses_on_separate_lines(tmp_path):
    page = tmp_path / "reading.html"
    page.write_text(
        "<html><body><h1>Guide</h1><h2>Further reading</h2><p>Safeguarding Science toolkit (NCSC)</p>"
        "<p>https://www.dni.gov/index.php/safeguarding-science</p>"
        "<p>Protecting Critical and Emerging Technologies from Foreign Threats (fact sheet, October 2021)</p>"
        "<p>https://www.dni.gov/files/emerging-technologies-factsheet.pdf</p></body></html>"
    )
    found: dict[str, str] = {}
    for tool in tools.read(_source_of_path(page)):
        found.setdefault(tool.address, tool.label)  # the title line's reading comes first, before an address-only guess
    assert found["https://www.dni.gov/index.php/safeguarding-science"] == "Safeguarding Science toolkit"
    assert found["https://www.dni.gov/files/emerging-technologies-factsheet.pdf"] == (
        "Protecting Critical and Emerging Technologies from Foreign Threats"
    )
