"""Word and OpenDocument files, from python-docx (written as Word writes) and from LibreOffice's
own filters, read into the document model and cut into clauses; damaged and hostile files."""

import json
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from ingest.clauses import build_clauses
from ingest.errors import IngestError
from ingest.parse import BlockKind, ReadOptions, parse
from tests.fixtures.office.spec import METADATA, NOTES, plain, sentences

OFFICE = Path(__file__).parent / "fixtures" / "office"
# holdout/ was made after the readers were written and never used to tune them.
FIXTURES = ["word-like.docx", "libreoffice.docx", "libreoffice.odt", "word-to-odt.odt", "holdout/web-page.docx"]
NOTE_MARK = re.compile(r"\[\^\w+\]")
TITLE = METADATA["title"]
MEMBERS = ("Annex A – The G7 SIGRE Working Group", "Members of the Sub-Working Group")


def clauses_of(name: str):
    parsed = parse(OFFICE / name)
    return parsed, build_clauses("office", parsed)[1]


@pytest.fixture(scope="module", params=FIXTURES)
def read(request):
    return clauses_of(request.param)


def test_a_table_of_contents_is_not_content(read):
    parsed, _ = read
    assert "Contents" not in parsed.text
    assert not any(re.search(r"\s\d$", block.text) for block in parsed.blocks), "no 'Vision 1' contents line"


def test_every_distinctive_sentence_is_intact_in_one_clause(read):
    _, clauses = read
    texts = [" ".join(NOTE_MARK.sub("", c.text).split()) for c in clauses if c.kind != "footnote"]
    wanted = sentences()
    missing = [s for s in wanted if not any(s in t for t in texts)]
    assert len(wanted) >= 25 and missing == []


def test_headings_become_section_paths(read):
    parsed, clauses = read
    assert parsed.title == TITLE
    assert [h.level for h in parsed.headings()[:4]] == [1, 2, 2, 2], "the Title paragraph is level 1, Heading 1 below it"
    members = next(c for c in clauses if "Universities Canada" in c.text)
    assert members.section_path == (TITLE, *MEMBERS)
    security = next(c for c in clauses if c.text.startswith("As a set of activities"))
    assert security.section_path == (TITLE, "What are Research Integrity and Research Security?", "Research Security")


def test_nested_list_items_keep_their_levels_under_their_introduction(read):
    parsed, clauses = read
    items = [(b.level, b.text) for b in parsed.blocks if b.kind is BlockKind.LIST_ITEM]
    assert items[-10:] == [
        (0, "Canada"),
        (1, "Universities Canada"),
        (0, "France"),
        (1, "France Universités"),
        (0, "Japan"),
        (1, "The University of Tokyo"),
        (2, "Its office for research security and export control"),
        (0, "The United Kingdom"),
        (1, "Universities UK"),
        (1, "The Royal Academy of Engineering"),
    ]
    members = next(c for c in clauses if "Universities Canada" in c.text)
    assert members.text.startswith("This Sub-Working Group consists of")
    assert "\n- Japan\n  - The University of Tokyo\n    - Its office for research security" in members.text


def test_list_items_and_table_rows_are_clauses_of_their_own(read):
    _, clauses = read
    by_text = {c.text: c for c in clauses}
    freedom = next(c for c in clauses if c.text.startswith("Academic Freedom: The freedom to teach"))
    assert freedom.kind == "item", "a long defined item is its own clause"
    for cells in (
        ["Risk Proportionality", "Responses to risks should be proportionate and appropriately scaled to their likelihood."],
        ["Shared Responsibilities", "No one organization can address research security on its own, so roles are shared."],
    ):
        row = by_text[" | ".join(cells)]
        assert row.section_path[-1] == "Principles at a glance"


def test_footnotes_stay_out_of_the_body_and_keep_their_section(read):
    parsed, clauses = read
    assert {mark: NOTE_MARK.sub("", text) for mark, text in parsed.footnotes.items()} == {
        "1": plain(NOTES["sigre"][1]),
        "2": plain(NOTES["unesco"][1]),
        "i": plain(NOTES["norms"][1]),
    }
    body = next(c for c in clauses if "free from discrimination" in c.text)
    assert "General Conference" not in body.text
    assert "discrimination[^2], harassment" in body.text, "the mark stays where the note is cited"
    note = next(c for c in clauses if c.kind == "footnote" and "General Conference" in c.text)
    assert note.text.startswith("[2] The General Conference") and note.section_path == body.section_path
    assert not any("[^" in part for c in clauses for part in c.section_path), "no note mark in a section path"


def test_each_opendocument_note_keeps_its_own_text_whatever_its_id(tmp_path):
    notes = "".join(
        f"<text:p>Partnership number {n} is recorded in the register{note}.</text:p>"
        for n, note in enumerate(
            (
                '<text:note text:id="x" text:note-class="footnote"><text:note-citation>1</text:note-citation>'
                "<text:note-body><text:p>First note.</text:p></text:note-body></text:note>",
                '<text:note text:id="x" text:note-class="footnote"><text:note-citation>2</text:note-citation>'
                "<text:note-body><text:p>Second note.</text:p></text:note-body></text:note>",
                '<text:note text:note-class="footnote"><text:note-citation>3</text:note-citation>'
                "<text:note-body><text:p>Third note.</text:p></text:note-body></text:note>",
            )
        )
    )
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
        f"{notes}</office:text></office:body></office:document-content>"
    ).encode()
    parsed = parse(rezip(OFFICE / "libreoffice.odt", tmp_path / "notes.odt", {"content.xml": content}))
    assert parsed.footnotes == {"1": "First note.", "2": "Second note.", "3": "Third note."}


def test_links_keep_their_address(read):
    _, clauses = read
    assert any("G7 Research Compact (https://www.g7uk.org/g7-research-compact/) states" in c.text for c in clauses)


def test_metadata_names_the_organisation_not_the_author(read):
    parsed, _ = read
    language = "en-US" if parsed.path.name == "web-page.docx" else "en-CA"  # LibreOffice's HTML import drops <html lang>
    assert parsed.metadata == {
        "title": TITLE,
        "issuer": METADATA["issuer"],
        "date": "2024-05-10",
        "language": language,
        "description": METADATA["description"],
    }


def test_word_content_controls_fields_and_boxes_are_read_and_deletions_are_not():
    parsed, clauses = clauses_of("word-like.docx")
    assert "Trusted Research guidance (https://www.npsa.gov.uk/trusted-research) of the national" in parsed.text
    assert "Institutions review these principles every two years" in parsed.text
    assert "Withdrawn draft wording" not in parsed.text
    box = [c.text for c in clauses if c.text.startswith(("Box:", "A second paragraph in the box"))]
    assert len(box) == 2 and not any("|" in t for t in box), "a one-cell box is text, not a table row"


def test_word_styles_give_levels_through_inheritance_and_list_style_names(tmp_path):
    document = docx.Document()
    annex = document.styles.add_style("Annex Heading", WD_STYLE_TYPE.PARAGRAPH)
    annex.base_style = document.styles["Heading 2"]
    document.add_heading("Research security guidance", level=1)
    document.add_paragraph("Annex B: evolving concepts", style="Annex Heading")
    document.add_paragraph("Research offices screen the following partners before signing:")
    document.add_paragraph("Universities with defence links", style="List Bullet")
    document.add_paragraph("Laboratories named in export control lists", style="List Bullet 2")
    document.add_paragraph("Companies owned by a foreign state", style="List Number")
    document.save(tmp_path / "styles.docx")
    parsed = parse(tmp_path / "styles.docx")
    assert [(h.text, h.level) for h in parsed.headings()] == [("Research security guidance", 1), ("Annex B: evolving concepts", 2)]
    assert [b.level for b in parsed.blocks if b.kind is BlockKind.LIST_ITEM] == [0, 1, 0]


# --- damaged and hostile files: one line each, saying what to do ---------------------------------


def one_line_error(path: Path, options: ReadOptions | None = None) -> str:
    with pytest.raises(IngestError) as caught:
        parse(path, options)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path))
    return message


def rezip(source: Path, target: Path, replace: dict[str, bytes | None]) -> Path:
    """A copy of an office zip with some members replaced (None drops one)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename in replace:
                data = replace.pop(info.filename)
                if data is not None:
                    new.writestr(info.filename, data)
            else:
                new.writestr(info, old.read(info.filename))
        for name, data in replace.items():
            new.writestr(name, data)
    return target


@pytest.mark.parametrize("name", ["libreoffice.docx", "libreoffice.odt"])
def test_a_truncated_file_is_one_line(name, tmp_path):
    whole = (OFFICE / name).read_bytes()
    broken = tmp_path / name
    broken.write_bytes(whole[: len(whole) // 2])
    assert "open and save it again" in one_line_error(broken)


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_a_zip_bomb_is_refused_before_it_is_inflated(suffix, tmp_path):
    bomb = tmp_path / f"bomb{suffix}"
    member = "word/document.xml" if suffix == ".docx" else "content.xml"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z, z.open(member, "w", force_zip64=True) as out:
        chunk = b" " * 2**20
        for _ in range(210):
            out.write(chunk)
    assert bomb.stat().st_size < 2**20
    started = time.perf_counter()
    message = one_line_error(bomb)
    assert "210 MiB, over the 200 MiB limit" in message and "zip bomb" in message
    assert time.perf_counter() - started < 1


def test_a_zip_of_countless_parts_is_refused_before_its_directory_is_read(tmp_path):
    swarm = tmp_path / "swarm.odt"
    with zipfile.ZipFile(swarm, "w") as z:
        for n in range(10_001):
            z.writestr(f"p{n}", b"")
    assert "declares 10001 parts" in one_line_error(swarm)


def test_xml_that_does_not_parse_is_one_line(tmp_path):
    broken = rezip(OFFICE / "word-like.docx", tmp_path / "broken.docx", {"word/document.xml": b"<w:document><w:body><w:p>"})
    assert "not well-formed XML" in one_line_error(broken)
    broken_odt = rezip(OFFICE / "libreoffice.odt", tmp_path / "broken.odt", {"content.xml": b"<office:document-content"})
    assert "content.xml is not well-formed XML" in one_line_error(broken_odt)


def test_a_missing_part_is_one_line(tmp_path):
    hollow = rezip(OFFICE / "libreoffice.odt", tmp_path / "hollow.odt", {"content.xml": None})
    assert "the part content.xml is missing" in one_line_error(hollow)
    no_types = rezip(OFFICE / "libreoffice.docx", tmp_path / "hollow.docx", {"[Content_Types].xml": None})
    assert "not a Word document" in one_line_error(no_types)


def laughs(levels: int) -> bytes:
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(levels))
    return (
        f'<?xml version="1.0"?><!DOCTYPE d [{entities}]>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
        f"<text:p>Research offices keep a register of partnerships &l{levels - 1}; and review it yearly.</text:p>"
        "</office:text></office:body></office:document-content>"
    ).encode()


def test_a_password_protected_odt_says_so(tmp_path):
    manifest = (
        b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        b'<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/></manifest:file-entry></manifest:manifest>'
    )
    locked = rezip(OFFICE / "libreoffice.odt", tmp_path / "locked.odt", {"META-INF/manifest.xml": manifest, "content.xml": b"\x93\x01"})
    assert "password-protected" in one_line_error(locked)


def test_damaged_properties_cost_the_metadata_not_the_text(tmp_path):
    odt = parse(rezip(OFFICE / "libreoffice.odt", tmp_path / "meta.odt", {"meta.xml": b"<office:document-meta", "styles.xml": b"<"}))
    docx_file = parse(rezip(OFFICE / "word-like.docx", tmp_path / "app.docx", {"docProps/app.xml": b"<Properties"}))
    assert odt.metadata == {} and "Universities Canada" in odt.text
    assert "issuer" not in docx_file.metadata and docx_file.metadata["title"] == TITLE


def test_entities_are_never_expanded(tmp_path):
    few = parse(rezip(OFFICE / "libreoffice.odt", tmp_path / "few.odt", {"content.xml": laughs(3)}))
    assert "lol" not in few.text and "Research offices keep a register of partnerships and review it yearly." in few.text
    billion = rezip(OFFICE / "libreoffice.odt", tmp_path / "billion.odt", {"content.xml": laughs(10)})
    started = time.perf_counter()
    try:
        parsed = parse(billion)
    except IngestError:
        assert "not well-formed XML" in one_line_error(billion)  # libxml2 refuses the amplification outright
    else:
        assert "lol" not in parsed.text
    assert time.perf_counter() - started < 2


def test_deep_nesting_costs_no_recursion(tmp_path):
    depth = 120  # 240 nested elements: within libxml2's limit, far past what a recursive walk of Python frames would want
    items = "".join("<text:list><text:list-item><text:p>Level item of a very deep list</text:p>" for _ in range(depth))
    items += "</text:list-item></text:list>" * depth
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
        f"{items}</office:text></office:body></office:document-content>"
    ).encode()
    deep = rezip(OFFICE / "libreoffice.odt", tmp_path / "deep.odt", {"content.xml": content})
    parsed = parse(deep)
    assert len([b for b in parsed.blocks if b.kind is BlockKind.LIST_ITEM]) == depth
    too_deep = "<text:section>" * 100_000 + "</text:section>" * 100_000
    abyss = rezip(OFFICE / "libreoffice.odt", tmp_path / "abyss.odt", {"content.xml": content.replace(items.encode(), too_deep.encode())})
    assert "not well-formed XML" in one_line_error(abyss)


def test_legacy_and_misnamed_files_say_what_to_do(tmp_path):
    legacy = tmp_path / "guidance.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    assert "soffice --headless --convert-to docx" in one_line_error(legacy)
    renamed = tmp_path / "guidance.docx"
    renamed.write_bytes(legacy.read_bytes())
    assert "legacy Word file or a password-protected one" in one_line_error(renamed)
    odt_as_docx = tmp_path / "really-odt.docx"
    odt_as_docx.write_bytes((OFFICE / "libreoffice.odt").read_bytes())
    assert "rename it to .odt" in one_line_error(odt_as_docx)
    docx_as_odt = tmp_path / "really-docx.odt"
    docx_as_odt.write_bytes((OFFICE / "libreoffice.docx").read_bytes())
    assert "rename it to .docx" in one_line_error(docx_as_odt)
    text = tmp_path / "notes.docx"
    text.write_text("Just some text saved with the wrong extension.")
    assert "damaged zip" in one_line_error(text)


@pytest.mark.slow
def test_rskg_ingest_reads_office_files_and_reports_a_legacy_one(tmp_path):
    legacy = tmp_path / "old.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    data = tmp_path / "data"
    files = [str(OFFICE / "word-like.docx"), str(OFFICE / "libreoffice.odt"), str(legacy)]
    run = subprocess.run(
        [sys.executable, "-m", "api.cli", "ingest", *files, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "old.doc" in errors[0] and "soffice" in errors[0]
    assert "ingested 2 document(s)" in run.stdout
    search = subprocess.run(
        [sys.executable, "-m", "api.cli", "search", "who sits on the sub-working group?", "--json", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    hits = json.loads(search.stdout)["results"]
    members = next(h for h in hits if "Universities Canada" in h["text"])
    assert hits.index(members) < 3
    assert members["document"]["title"] == TITLE
    assert members["section"] == " > ".join(MEMBERS)


def test_items_a_table_cell_puts_on_lines_of_their_own_stay_apart_in_every_format(tmp_path):
    """A cell that lists one item per line (a manual break, or a paragraph each) reads as a list, "A; B", in HTML, Word
    and Writer alike; sentences in a cell run on as before."""
    rows = [("Advanced energy", ["Solid-state batteries", "Hydrogen storage"]), ("Notes", ["Checked yearly.", "Ask the office."])]
    html = tmp_path / "cells.html"
    html.write_text(
        "<html><body><h1>Fields</h1><table><tr><th>Category</th><th>Examples</th></tr>"
        + "".join(f"<tr><td>{name}</td><td>{'<br>'.join(lines)}</td></tr>" for name, lines in rows)
        + "</table></body></html>"
    )
    document = docx.Document()
    document.add_heading("Fields", 1)
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Category", "Examples"
    for r, (name, lines) in enumerate(rows, 1):
        table.cell(r, 0).text = name
        paragraph = table.cell(r, 1).paragraphs[0]
        for k, line in enumerate(lines):
            run = paragraph.add_run(line)
            if k < len(lines) - 1:
                run.add_break()
    document.save(tmp_path / "cells.docx")
    cells = "".join(
        f"<table:table-row><table:table-cell><text:p>{name}</text:p></table:table-cell><table:table-cell>"
        + "".join(f"<text:p>{line}</text:p>" for line in lines)
        + "</table:table-cell></table:table-row>"
        for name, lines in rows
    )
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0">'
        '<office:body><office:text><text:h text:outline-level="1">Fields</text:h><table:table>'
        "<table:table-row><table:table-cell><text:p>Category</text:p></table:table-cell><table:table-cell><text:p>Examples"
        f"</text:p></table:table-cell></table:table-row>{cells}</table:table></office:text></office:body></office:document-content>"
    ).encode()
    odt = rezip(OFFICE / "libreoffice.odt", tmp_path / "cells.odt", {"content.xml": content})
    for path in (html, tmp_path / "cells.docx", odt):
        texts = [b.text for b in parse(path).blocks]
        assert "Advanced energy | Solid-state batteries; Hydrogen storage" in texts, (path.name, texts)
        assert "Notes | Checked yearly. Ask the office." in texts, (path.name, texts)
