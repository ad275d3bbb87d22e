"""Typeset a seed text with LaTeX, the way ministries' PDFs look.

Running header and "Page N" footer (fancyhdr), justified and hyphenated text,
real footnotes at the marks, one section in two columns (multicol), and lines
with tabs set as a table. Needs Debian's texlive-latex-base,
texlive-latex-recommended and texlive-fonts-recommended (pdflatex).
"""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ingest.parse.text import BULLET, FOOTNOTE, SUPERSCRIPTS, clean_inline, read_text

PDFLATEX = shutil.which("pdflatex")
PDFTEX_PREAMBLE = "\\input{glyphtounicode}\n\\pdfgentounicode=1\n"
ENGINES = {"pdflatex": PDFTEX_PREAMBLE, "lualatex": "\\usepackage{fontspec}\n"}
TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
}
UNICODE = {
    "–": "--",
    "—": "---",
    "“": "``",
    "”": "''",
    "‘": "`",
    "’": "'",
    "•": r"\textbullet{}",
    "«": "<<",
    "»": ">>",
    "é": r"\'e",
    "è": r"\`e",
    "à": r"\`a",
    "ç": r"\c{c}",
    "ü": r"\"u",
    "ö": r"\"o",
    "ä": r"\"a",
    "É": r"\'E",
    "…": "...",
    "\u00a0": "~",
}


def tex(text: str) -> str:
    out = "".join(TEX_SPECIALS.get(ch, ch) for ch in text)
    for char, replacement in UNICODE.items():
        out = out.replace(char, replacement)
    out = re.sub(
        r"(https?://\S+)",
        lambda m: r"\url{" + m.group(1).replace("\\_", "_").replace("\\%", "%").replace("\\#", "#").replace("\\&", "&") + "}",
        out,
    )
    return "".join(ch if ord(ch) < 128 else "?" for ch in out)


def text_to_latex_pdf(source: Path, target: Path, *, header: str, two_column_from: str | None = None, engine: str = "pdflatex") -> Path:
    """Typeset ``source``; the section whose heading starts with ``two_column_from`` and the rest of
    the document after it go in two columns."""
    if PDFLATEX is None:
        raise RuntimeError("pdflatex is not installed (apt-get install texlive-latex-base texlive-latex-recommended)")
    blocks = [b.strip("\n") for b in re.split(r"\n\s*\n", read_text(source)) if b.strip()]
    footnotes = {}
    for block in blocks:
        if (m := FOOTNOTE.match(block.strip())) is not None and m["sup"]:
            footnotes[m["sup"]] = clean_inline(m["body"])
    body, in_list, in_columns = [], False, False
    for i, block in enumerate(blocks):
        if (m := FOOTNOTE.match(block.strip())) is not None and m["sup"]:
            continue
        for line in block.split("\n"):
            if (item := BULLET.match(line)) is not None:
                if not in_list:
                    body.append(r"\begin{itemize}")
                    in_list = True
                body.append(r"\item " + _with_footnotes(item["body"], footnotes))
                continue
            if in_list:
                body.append(r"\end{itemize}")
                in_list = False
            text = clean_inline(line)
            if "\t" in line:
                cells = [tex(clean_inline(c)) for c in line.split("\t") if c.strip()]
                body.append(
                    r"\noindent\begin{tabular}{@{}p{0.25\linewidth}p{0.7\linewidth}@{}}" + " & ".join(cells[:2]) + r"\\\end{tabular}\par"
                )
            elif i > 0 and len(text) < 90 and not text.endswith((".", ":", ",")):
                if two_column_from and text.startswith(two_column_from) and not in_columns:
                    body.append(r"\begin{multicols}{2}")
                    in_columns = True
                body.append(r"\section*{" + tex(text) + "}")
            else:
                body.append(_with_footnotes(line, footnotes) + "\n")
        if in_list:
            body.append(r"\end{itemize}")
            in_list = False
        body.append("")
    if in_columns:
        body.append(r"\end{multicols}")
    title = tex(clean_inline(blocks[0].split("\n")[0]))
    document = LATEX.replace("@HEADER@", tex(header)).replace("@TITLE@", title).replace("@BODY@", "\n".join(body[1:]))
    return typeset(document, target, engine=engine)


def typeset(document: str, target: Path, *, engine: str = "pdflatex") -> Path:
    """Run ``engine`` (pdflatex or lualatex) twice on the LaTeX ``document`` (written for pdflatex; the
    pdflatex-only lines of the preamble are swapped for fontspec under lualatex) and copy the PDF to ``target``."""
    if engine not in ENGINES:
        raise ValueError(f"unknown TeX engine {engine!r}; choose from {', '.join(ENGINES)}")
    program = shutil.which(engine)
    if program is None:
        raise RuntimeError(f"{engine} is not installed (apt-get install texlive-latex-base texlive-latex-recommended texlive-luatex)")
    document = document.replace(PDFTEX_PREAMBLE, ENGINES[engine])
    with tempfile.TemporaryDirectory() as work:
        (Path(work) / "doc.tex").write_text(document)
        for _ in range(2):
            run = subprocess.run(
                [program, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
                cwd=work,
                capture_output=True,
                text=True,
                errors="replace",
            )
        if run.returncode != 0:
            raise RuntimeError(run.stdout[-3000:])
        shutil.copy(Path(work) / "doc.pdf", target)
    return target


def _with_footnotes(line: str, footnotes: dict[str, str]) -> str:
    """The line in LaTeX, each footnote mark replaced by the footnote itself."""
    marks: list[str] = []

    def placeholder(m: re.Match) -> str:
        marks.append(m.group(1))
        return f"ZZFN{len(marks) - 1}ZZ "

    text = tex(clean_inline(re.sub(rf"(?<=\S)([{SUPERSCRIPTS}]+)", placeholder, line)))
    for i, mark in enumerate(marks):
        note = footnotes.get(mark)
        text = text.replace(f"ZZFN{i}ZZ", r"\footnote{" + tex(note) + "}" if note else "")
    return text


LATEX = r"""\documentclass[a4paper,11pt]{article}
\input{glyphtounicode}
\pdfgentounicode=1
\usepackage[margin=2.5cm]{geometry}
\usepackage{fancyhdr,multicol,url}
\pagestyle{fancy}
\fancyhf{}
\fancyhead[L]{\small @HEADER@}
\fancyhead[R]{\small Research security}
\fancyfoot[C]{\small Page \thepage}
\renewcommand{\headrulewidth}{0.4pt}
\setlength{\parskip}{0.6em}
\setlength{\parindent}{0pt}
\begin{document}
\thispagestyle{fancy}
{\Large\bfseries @TITLE@\par}
\vspace{1em}
@BODY@
\end{document}
"""
