"""Pathological and foreign files: encodings, deep nesting, a huge line, broken links, page metadata.

Every file here is written to a temporary folder in the bytes a real tool would leave: legacy CJK
encodings, UTF-16 from Windows editors, pages with and without their charset declared.
"""

import itertools
import re
import sys
import time
from pathlib import Path

import pytest

from ingest.clauses import CLAUSE_CHAR_LIMIT, build_clauses
from ingest.errors import IngestError
from ingest.parse import BlockKind, parse
from ingest.parse.htmlmeta import iso_date
from tests.conftest import TRUSTED_RESEARCH

JAPANESE = (
    "研究セキュリティに関する指針\n\n"
    "大学と研究機関は、国際的な共同研究の開放性を守りながら、技術流出のリスクを適切に管理する必要がある。\n\n"
    "研究者は、外国からの資金提供や兼業について、所属機関に正確に申告しなければならない。\n"
)
KOREAN = (
    "연구 보안 지침\n\n"
    "대학과 연구기관은 국제 공동연구의 개방성을 지키면서 기술 유출의 위험을 적절히 관리해야 한다.\n\n"
    "연구자는 해외 연구비 지원과 겸직 사실을 소속 기관에 정확하게 신고해야 한다.\n"
)
CHINESE = (
    "研究安全指南\n\n"
    "高校和科研机构在维护国际合作研究开放性的同时，必须妥善管理技术外流的风险。\n\n"
    "研究人员应当如实向所在单位申报境外资助和兼职情况。\n"
)
ENGLISH = "Research security\n\nUniversities should assess the risks of each international partnership before they sign it.\n"


def body(doc) -> str:
    return " ".join(b.text for b in doc.blocks)


def japanese_page(charset_tag: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in JAPANESE.split("\n\n")[1:])
    head = f"<head>{charset_tag}<title>研究セキュリティ</title></head>"
    return f"<html>{head}<body><main><h1>研究セキュリティに関する指針</h1>{paragraphs}</main></body></html>"


@pytest.mark.parametrize(
    "charset_tag",
    [
        '<meta charset="Shift_JIS">',
        '<meta http-equiv="Content-Type" content="text/html; charset=shift_jis">',
        "",
    ],
    ids=["meta-charset", "http-equiv", "undeclared"],
)
def test_a_shift_jis_page_reads_right_with_or_without_its_charset(tmp_path, charset_tag):
    page = tmp_path / "page.html"
    page.write_bytes(japanese_page(charset_tag).encode("shift_jis"))
    doc = parse(page)
    assert doc.title == "研究セキュリティに関する指針"
    assert "技術流出のリスクを適切に管理する必要がある。" in body(doc)
    assert doc.metadata["title"] == "研究セキュリティ"


def test_an_xml_declaration_names_the_encoding(tmp_path):
    page = tmp_path / "page.xhtml.html"
    xhtml = '<?xml version="1.0" encoding="EUC-JP"?>\n' + japanese_page("")
    page.write_bytes(xhtml.encode("euc_jp"))
    assert "所属機関に正確に申告しなければならない。" in body(parse(page))


def test_a_page_saved_as_utf8_under_an_old_latin1_declaration_reads_as_utf8(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><meta charset="iso-8859-1"></head><body><p>Sécurité de la recherche : évaluer chaque partenariat.</p></body></html>',
        encoding="utf-8",
    )
    assert "Sécurité de la recherche : évaluer chaque partenariat." in body(parse(page))


@pytest.mark.parametrize(
    "text, encoding",
    [(JAPANESE, "shift_jis"), (JAPANESE, "euc_jp"), (KOREAN, "euc_kr"), (CHINESE, "gb18030"), (JAPANESE, "iso2022_jp")],
    ids=["shift-jis", "euc-jp", "euc-kr", "gb18030", "iso-2022-jp"],
)
def test_legacy_cjk_text_files_read_right(tmp_path, text, encoding):
    path = tmp_path / "guidance.txt"
    path.write_bytes(text.encode(encoding))
    doc = parse(path)
    paragraphs = [b.text for b in doc.blocks if b.kind is BlockKind.PARAGRAPH]
    assert paragraphs == [p.strip() for p in text.split("\n\n")[1:]]
    assert doc.title == text.split("\n")[0]


@pytest.mark.parametrize(
    "text",
    [
        "It’s the university’s “trusted research” policy – updated in 2023 — for all staff.",
        "Sécurité de la recherche : évaluer chaque partenariat à l’étranger.",
        "Größe und Sicherheit der Forschung für Hochschulen.",
    ],
    ids=["english-quotes", "french", "german"],
)
def test_short_windows_1252_text_is_not_taken_for_an_asian_encoding(tmp_path, text):
    """A detector alone read one curly apostrophe as Chinese: a handful of bytes says little."""
    path = tmp_path / "note.txt"
    path.write_bytes(f"Note\n\n{text}\n".encode("cp1252"))
    assert body(parse(path)) == f"Note {text}"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16", "utf-32-le", "utf-32", "utf-8-sig"])
@pytest.mark.parametrize("text", [ENGLISH, JAPANESE, KOREAN], ids=["english", "japanese", "korean"])
def test_unicode_files_with_or_without_a_byte_order_mark_read_right(tmp_path, text, encoding):
    """``utf-16`` and ``utf-32`` write a byte-order mark; the ``-le``/``-be`` forms write none."""
    path = tmp_path / "notes.txt"
    path.write_bytes(text.encode(encoding))
    assert body(parse(path)) == " ".join(line.strip() for line in text.split("\n\n"))


@pytest.mark.parametrize(
    "content, said",
    [
        (bytes(range(256)) * 40, "binary content in a text file"),
        (Path(sys.executable).read_bytes()[:20000], "binary content in a text file (it holds a program"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n", "(it holds a PDF; give it the .pdf extension)"),
    ],
    ids=["bytes", "program", "pdf"],
)
def test_binary_in_a_text_file_is_refused_in_one_line(tmp_path, content, said):
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError) as caught:
        parse(path)
    assert said in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_page_of_100000_nested_divs_is_read_without_recursion(tmp_path):
    page = tmp_path / "deep.html"
    depth = 100_000
    page.write_text(
        "<html><body><main><h1>Deep</h1>"
        + "<div>" * depth
        + "<p>The innermost paragraph still says something worth finding.</p>"
        + "</div>" * depth
        + "<p>And the paragraph after all of them is read too.</p></main></body></html>"
    )
    doc = parse(page)
    assert [b.text for b in doc.blocks] == [
        "Deep",
        "The innermost paragraph still says something worth finding.",
        "And the paragraph after all of them is read too.",
    ]
    _, clauses = build_clauses("deep", doc)
    assert clauses


def test_html_structure_lists_in_items_paragraphs_in_items_and_text_in_bare_divs(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><main><h1>Checks</h1>"
        "<div>Text written straight into a div is part of the page.</div>"
        "<p>Before you sign an agreement, check:</p>"
        "<ul><li>the partner<ul><li>its owners</li><li>its funders</li></ul></li>"
        "<li><p>the project's</p><p>field</p></li></ul>"
        "<table><tr><th>Risk</th><th>Owner</th></tr><tr><td><p>Export</p></td><td>Legal office</td></tr></table>"
        "</main></body></html>"
    )
    doc = parse(page)
    assert doc.text.split("\n\n") == [
        "# Checks",
        "Text written straight into a div is part of the page.",
        "Before you sign an agreement, check:",
        "- the partner",
        "  - its owners",
        "  - its funders",
        "- the project's field",
        "Risk | Owner",
        "Export | Legal office\n",
    ]


def test_a_page_laid_out_in_a_table_is_read_as_blocks_not_one_row(tmp_path):
    page = tmp_path / "old.html"
    page.write_text(
        "<html><body><table><tr><td>Site index</td><td>"
        "<h1>Export control</h1><p>Export control applies to academic research too.</p>"
        "<ul><li>Teaching</li><li>Conferences</li></ul>"
        "<table><tr><th>Risk</th><th>Owner</th></tr><tr><td>Export</td><td>Legal office</td></tr></table>"
        "</td></tr></table></body></html>"
    )
    doc = parse(page)
    assert doc.text.split("\n\n") == [
        "Site index",
        "# Export control",
        "Export control applies to academic research too.",
        "- Teaching",
        "- Conferences",
        "Risk | Owner",
        "Export | Legal office\n",
    ]
    assert doc.title == "Export control"


def test_a_long_single_line_becomes_bounded_clauses_whose_offsets_point_at_their_words(tmp_path):
    """One line with no line end: prose, then prose without sentence ends, then a run with no space."""
    prose = [b.text for b in parse(TRUSTED_RESEARCH).blocks if b.kind is BlockKind.PARAGRAPH and len(b.text) > 80]
    first = " ".join(f"{p} [note](#) ({n})" for n, p in enumerate(prose * 100))
    second = " ".join(p.lower().replace(".", "") for p in prose * 100)
    line = f"{first} {second} {'x7Q/' * 5000}"
    path = tmp_path / "line.txt"
    path.write_text(line)

    started = time.perf_counter()
    doc = parse(path)
    _, clauses = build_clauses("line", doc)
    seconds = time.perf_counter() - started

    assert max(len(c.text) for c in clauses) <= CLAUSE_CHAR_LIMIT
    words = re.compile(r"[^\W\d_]+")
    assert words.findall(" ".join(c.text for c in clauses)) == words.findall(doc.blocks[0].text), "nothing lost, nothing doubled"
    for clause in clauses:
        assert words.findall(clause.text)[:3] == words.findall(doc.text[clause.start : clause.end])[:3]
    assert all(a.end <= b.start for a, b in itertools.pairwise(clauses))
    assert seconds < 60, "time grows linearly with the line's length"


def test_a_long_heading_is_read_as_a_paragraph_not_a_section_title(tmp_path):
    page = tmp_path / "page.html"
    heading = "A heading that never ends. " * 100
    page.write_text(f"<html><body><h1>Title</h1><h2>{heading}</h2><p>Body text of the page goes here.</p></body></html>")
    sections, clauses = build_clauses("page", parse(page))
    assert [s.title for s in sections] == ["Title"]
    assert max(len(c.text) for c in clauses) <= CLAUSE_CHAR_LIMIT


def test_what_a_page_says_of_itself_becomes_its_metadata(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<html lang="en_GB"><head><title>Guidance | Ministry</title>'
        '<meta name="DC.Title" content="Trusted research guidance">'
        '<meta name="dcterms.publisher" content="Ministry of Research">'
        '<meta name="citation_publication_date" content="2024/05/13">'
        '<meta property="og:site_name" content="ministry.example">'
        '<meta property="og:url" content="https://ministry.example/og">'
        '<link rel="canonical" href="https://ministry.example/trusted-research">'
        '<meta name="description" content="How to   protect research.">'
        "</head><body><main><p>Research security protects what research produces.</p></main></body></html>"
    )
    assert parse(page).metadata == {
        "title": "Trusted research guidance",
        "issuer": "Ministry of Research",
        "date": "2024-05-13",
        "language": "en-GB",
        "source": "https://ministry.example/trusted-research",
        "description": "How to protect research.",
    }


def test_open_graph_and_citation_tags_stand_in_when_dublin_core_is_absent(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head>"
        '<meta property="og:title" content="Research security">'
        '<meta name="citation_author_institution" content="Research Council">'
        '<meta property="article:published_time" content="2023-11-02T09:30:00+00:00">'
        '<meta property="og:url" content="https://council.example/rs">'
        '<link rel="canonical" href="/relative-is-no-address">'
        "</head><body><p>Research security protects what research produces.</p></body></html>"
    )
    assert parse(page).metadata == {
        "title": "Research security",
        "issuer": "Research Council",
        "date": "2023-11-02",
        "source": "https://council.example/rs",
    }


@pytest.mark.parametrize(
    "written, iso",
    [
        ("2024-05-13", "2024-05-13"),
        ("2024/5/3", "2024-05-03"),
        ("2024-05-13T10:00:00Z", "2024-05-13"),
        ("20240513", "2024-05-13"),
        ("2024", "2024"),
        ("2024-05", "2024-05"),
        ("13 May 2024", "2024-05-13"),
        ("Monday, 13th May, 2024", "2024-05-13"),
        ("May 13, 2024", "2024-05-13"),
        ("Sept. 2023", "2023-09"),
        ("13.05.2024", "2024-05-13"),
        ("05/06/2024", "2024"),
        ("2024-02-30", "2024-02"),
        ("soon", None),
    ],
)
def test_dates_are_written_as_iso(written, iso):
    assert iso_date(written) == iso


def test_a_looping_symbolic_link_is_one_line_not_a_traceback(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    dangling = tmp_path / "gone.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(IngestError, match="a symbolic link that loops back on itself"):
        parse(loop)
    with pytest.raises(IngestError, match="a symbolic link to a file that does not exist"):
        parse(dangling)


def test_a_folder_named_like_a_file_is_refused(tmp_path):
    folder = tmp_path / "notes.txt"
    folder.mkdir()
    with pytest.raises(IngestError, match="not a regular file"):
        parse(folder)


def test_a_reader_that_runs_out_of_stack_fails_in_one_line(tmp_path):
    """Whatever a reader's library throws is one line, never the exception itself. Here the recursion
    limit is met on purpose at each depth the reader reaches; only with no room left for parse()'s
    own few frames does the RecursionError get out."""
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Research security protects what research produces.</p></body></html>")
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    limit, outcomes = sys.getrecursionlimit(), []
    for room in range(150):
        try:
            sys.setrecursionlimit(depth + room)
        except RecursionError:  # below the depth this test already runs at
            continue
        try:
            parse(page)
            outcomes.append("read")
        except IngestError as error:
            outcomes.append(error.problem if "\n" not in str(error) else "more than one line")
        except RecursionError:
            outcomes.append("escaped")
        finally:
            sys.setrecursionlimit(limit)
    escaped = outcomes.count("escaped")
    assert escaped <= 8 and outcomes[:escaped] == ["escaped"] * escaped, "only where parse() itself has no room"
    assert set(outcomes[escaped:]) == {"read", "nested too deeply to read; save it flatter (or as plain text) and ingest it again"}


@pytest.mark.parametrize("unit", ["[word ", "**a ", "__word ", "<http://x", "[a](b ", "a\t" + " " * 50], ids=repr)
def test_a_line_of_unclosed_markup_takes_linear_time(tmp_path, unit):
    """Markdown's markers left open (a pasted blob) once cost quadratic time: 600 KB took 560 s."""
    path = tmp_path / "blob.txt"
    path.write_text("Heading\n\n" + unit * (600_000 // len(unit)) + " end.")
    started = time.perf_counter()
    parse(path)
    assert time.perf_counter() - started < 20
