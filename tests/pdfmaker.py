"""Typeset a seed text file as a real PDF (reportlab), for parser tests.

Headings in a larger bold face, justified paragraphs, bullet lists, a running
header and a page-number footer: the things a real guidance PDF has.
"""

import re
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

from ingest.parse.text import BULLET, clean_inline, read_text


def _running(canvas, doc, header: str) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.drawString(2 * cm, A4[1] - 1.2 * cm, header)
    canvas.drawCentredString(A4[0] / 2, 1.2 * cm, str(doc.page))
    canvas.restoreState()


def text_to_pdf(source: Path, target: Path, *, header: str | None = None, title: str | None = None, encrypt: str | None = None) -> Path:
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    body.alignment = 4  # justified
    story, bullets = [], []

    def flush_bullets():
        if bullets:
            story.append(ListFlowable([ListItem(Paragraph(escape(b), body)) for b in bullets], bulletType="bullet"))
            bullets.clear()

    blocks = re.split(r"\n\s*\n", read_text(source))
    for i, block in enumerate(b.strip() for b in blocks):
        if not block:
            continue
        for line in block.split("\n"):
            if (m := BULLET.match(line)) is not None:
                bullets.append(clean_inline(m["body"]))
                continue
            flush_bullets()
            text = clean_inline(line)
            short = len(text) < 90 and not text.endswith((".", ":", ","))
            style = styles["Title"] if i == 0 and short else styles["Heading2"] if short else body
            story.append(Paragraph(escape(text), style))
        flush_bullets()
        story.append(Spacer(1, 4))
    header = header or title or clean_inline(blocks[0].strip().split("\n")[0])[:80]
    doc = SimpleDocTemplate(str(target), pagesize=A4, title=title or "", encrypt=encrypt)
    doc.build(story, onFirstPage=lambda c, d: _running(c, d, header), onLaterPages=lambda c, d: _running(c, d, header))
    return target


def image_only_pdf(target: Path, pages: int = 2) -> Path:
    """A PDF of drawn shapes and no text layer, as a scanner makes."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(target), pagesize=A4)
    for _ in range(pages):
        canvas.rect(3 * cm, 3 * cm, 12 * cm, 20 * cm, fill=1)
        canvas.showPage()
    canvas.save()
    return target
