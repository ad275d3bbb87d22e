"""Organisations named in the text, with and without acronyms.

- "Full Name (ACRONYM)": a name whose head word is an organisation's (Council, Agency, Ministry,
  ...), or whose capitalised words give the acronym's letters ("Innovation, Science and Economic
  Development Canada (ISED)");
- "ACRONYM (Full Name)", the acronym first;
- a capitalised name with an organisation's head word and no acronym ("Department of Commerce",
  "Australian Cyber Security Centre", "Government of Canada", "Universities UK");
- a short list of international bodies known by their acronym alone (OECD, G7);
- the document's own issuer.
A name of a law, list or scheme ("... Scheme (ATAS)", "... Act 2018") is not an organisation."""

import re

from ..parse.model import BlockKind
from ..records import Concept, DocumentRecord
from .base import Source, concept

HEADS = (
    r"Centre|Center|Council|Foundation|Commission|Agency|Agencies|Ministry|University|Universities|Association|Institute|Institutes|"
    r"Office|Department|Academy|Conference|Organi[sz]ation|Group|Service|Society|Directorate|Directorate-General|Secretariat|Network|"
    r"Alliance|Union|Committee|Senate|Forschungsgemeinschaft|Team|Leopoldina|Board|Authority|Taskforce|Task Force|Establishment|"
    r"Unit|Government|School|Bureau|Parliament|Contact Point|Registry|Forum|Consortium|Federation|Corporation|Laboratory|"
    r"Offices|Services|Centres|Centers|Councils|Court|Courts|Forces|Police|Division|Yuan|Chamber|Tribunal|"
    # names in the issuer's own language ("Universität Weserbergland", "Politecnico di Bari", "Université de Bordeaux")
    r"Universität|Universiteit|Universitet|Université|Universidad|Università|Universitat|Hochschule|Politecnico|Institut|"
    r"Instituto|Istituto|Ministère|Ministerio|Ministero|Ministerium|Gesellschaft|Gemeinschaft|Stiftung"
)
NOT_ORGANISATIONS = re.compile(
    r"\b(Act|Scheme|List|Lists|Areas?|Framework|Guidelines?|Guidance|Policy|Strategy|Programme|Program|Index|Report|Portal|Register|"
    r"Principles|Regulations?|Directive|Memorandum|Checklist|Toolkit|Tracker|Essentials|Code|Organi[sz]ations)\b"
)
WORD = r"[A-Z][\w’'.-]*"
LINK = r"(?:(?:and|for|of|on|the|in|&|de|du|des|di|del|della|für|von|van|der|den)\s+)"
OF = r"(?:of|for|on|in|de|du|des|di|del|della|für)\s+(?:the\s+)?"
# a body named in its own language puts its place or subject straight after its head word: "Universität Weserbergland"
OWN_LANGUAGE = re.compile(
    r"(?<![\w’'-])(?:Universität|Universiteit|Universitet|Université|Universidad|Università|Universitat|Hochschule|Politecnico)"
    r"(?:\s+(?:de|di|del|della|des|du|für|van|zu|la|le)?\s*[A-Z][\w’'-]+)+|"
    r"(?<![\w’'-])(?:[A-Z][\w’']+-)+(?:Gesellschaft|Gemeinschaft|Stiftung|Verbund)\b"  # "Fraunhofer-Gesellschaft"
)
NAME = rf"(?:{WORD}\s+{LINK}*){{0,8}}(?:{HEADS})(?:\s+{OF}{WORD}(?:,?\s+{WORD})*(?:,?\s+and\s+{WORD}(?:\s+{WORD})*)?)*"
# Bodies named "<Subject> <Country>" by convention: "Public Safety Canada", "Universities Australia"
COUNTRY_NAMED = re.compile(r"(?<![\w’'-])(?P<name>(?:[A-Z][\w’'-]*\s+){1,4}(?:Canada|Australia))\b")
NOT_SUBJECTS = re.compile(
    r"^(?:New|South|North|West|East|Particularly|Especially|Including|And|Both|Also|In|For|From|With|To|Of|On|By)\b|"
    r"\b(?:Zealand|Austria|Belgium|Germany|France|Japan|Italy|Kingdom|States|America|Netherlands|Finland|Sweden|Norway)\b"
)
# A person's role ("Head of Unit", "Manager on Knowledge Security in the Ministry of ...") is not a body; what follows it may be
ROLE = re.compile(
    r"^(?:Head|Director|Director-General|Manager|Chair|Chairman|President|Minister|Secretary|Commissioner|Deputy|Officer|Advisor|Adviser|"
    r"Vice-Chancellor|Chancellor|Vice-President|Rector|Provost|Dean|Principal|Ambassador|Chief Executive|Representatives?|Members?)"
    r"\b.*?(?:\s(?:of|in|at|for)\s+(?:the\s+)?|$)"
)
NAME_WITH_ACRONYM = re.compile(rf"(?P<name>(?:{WORD}[\s,]+(?:{LINK})*){{1,9}}{WORD})\s*\((?P<acronym>[A-Z][A-Za-z&]{{1,9}})(?:,[^)]*)?\)")
ACRONYM_FIRST = re.compile(rf"\b(?P<acronym>[A-Z]{{2,8}})\s+\((?P<name>(?:{WORD}\s+{LINK}*){{1,9}}{WORD})\)")
HEADED_NAME = re.compile(rf"(?<![\w’'-])(?P<name>{NAME})(?!\w)")
UNIVERSITIES_OF = re.compile(rf"\bUniversities\s+(?:of\s+the\s+{WORD}|[A-Z]{{2,}}|{WORD})")
KNOWN_ACRONYMS = {"OECD": "OECD", "G7": "G7", "G20": "G20", "UNESCO": "UNESCO", "NATO": "NATO"}
LEADING = re.compile(
    r"^(?:(?:The|the|and|of|in|for|by|with|from|to|at|on|as|Both|Since|Under|Its|Their|A|An|Several|Many|Some|Each|Every|"
    r"In|At|For|When|Where|While|If|Once|Ask|Contact|See|Alongside|Within|Under)\s+|[\w.]+['’]s\s+)+"
)
HEAD = re.compile(rf"\b(?:{HEADS})\b")
HEAD_AT_END = re.compile(rf"\b(?:{HEADS})$")
# "Committee for Scientific and Technological Policy", "Office of Science and Technology Policy": a body, whatever its last word
BODY_OF = re.compile(rf"^(?:{HEADS})\s+(?:of|for|on)\s")
HEAD_OF = re.compile(rf"\b(?:{HEADS})\s+(?:of|for|on)\s")  # the same, anywhere in a name


# Names found in passing: the clause mentions the body (search links it by label) but does not define or list it,
# so it is not the body's source clause (a source clause counts as defining when a query names the concept).
MENTIONS = ("headed-name", "known-acronym")


def read(source: Source) -> list[Concept]:
    found = _issuer(source.document)
    for block in source.blocks:
        if block.kind is BlockKind.HEADING:
            continue
        for name, alts, method in names_in(block.text):
            blocks = () if method in MENTIONS else (block,)
            found.append(concept("organisation", name, source, blocks, method, alt_labels=alts))
    return found


def names_in(text: str) -> list[tuple[str, tuple[str, ...], str]]:
    """(name, acronyms, method) for each organisation named in ``text``."""
    found, spans = [], []
    for m in NAME_WITH_ACRONYM.finditer(text):
        name = _trim(re.split(r",\s+(?:and\s+)?the\s+|\s+(?:and|with)\s+the\s+", m["name"])[-1])
        initials_only = not HEAD.search(name)
        if initials_only and (len(re.sub(r"[^A-Z]", "", m["acronym"])) < 3 or len(name.split()) < 3):
            continue  # "Artificial Intelligence (AI)", "Intellectual Property (IP)": terms, not bodies
        if name and (HEAD.search(name) or _initials_match(name, m["acronym"])) and not _not_a_body(name):
            found.append((name, (m["acronym"],), "name-with-acronym"))
            # only the name the acronym stands for: bodies listed before it ("the Department of Education, the ...") are read too
            start = m.start("name") + max(m["name"].rfind(name), 0)
            spans.append((start, m.end()))
    for m in ACRONYM_FIRST.finditer(text):
        name = _trim(m["name"])
        if name and _initials_match(name, m["acronym"]) and not _not_a_body(name):
            found.append((name, (m["acronym"],), "acronym-first"))
            spans.append(m.span())
    for pattern in (HEADED_NAME, UNIVERSITIES_OF, COUNTRY_NAMED, OWN_LANGUAGE):
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in spans):
                continue
            for part in _parts(m.group(0)):
                name = _trim(part)
                if _is_name(name):
                    found.append((name, (), "headed-name"))
    for acronym in re.findall(r"\b(OECD|G7|G20|UNESCO|NATO)\b", text):
        found.append((KNOWN_ACRONYMS[acronym], (), "known-acronym"))
    return found


def _parts(name: str) -> list[str]:
    """Two names joined: "Research Security Centre and the ... Team" -> both."""
    parts, start = [], 0
    for joint in re.finditer(r"\s+(?:and|&)\s+(the\s+)?", name):
        if joint.group(1) or HEAD_AT_END.search(name[start : joint.start()]) or OWN_LANGUAGE.match(name[joint.end() :]):
            parts.append(name[start : joint.start()])
            start = joint.end()
    return [*parts, name[start:]]


def _not_a_body(name: str) -> bool:
    """A name with a word no body's name has ("... Act", "... Guidelines"), unless that word is the subject of a body
    named before it ("White House Office of Science and Technology Policy")."""
    word = NOT_ORGANISATIONS.search(name)
    body_of = HEAD_OF.search(name)
    return bool(word) and not (body_of and body_of.start() < word.start())


def _trim(name: str) -> str:
    """No leading article, possessive, preposition or person's role, nothing up to a word no organisation's
    name has ("Consolidated Screening List of the Department of Commerce" -> "Department of Commerce"),
    of two sentences the one that names a body, and a list after a comma only in "X, Y and Z"."""
    if re.match(r"^(?:This|That|These|Those|Such|Each|Every|Any|No|Your|Our)\s", name):
        return ""  # "This Sub-Working Group" refers back to a body; it does not name one
    sentences = re.split(r"(?<=[a-z])\.\s", name)  # "... Security Guidelines. Ministry of Education": the one with the body
    name = next((part for part in reversed(sentences) if HEAD.search(part)), sentences[0])
    if ", " in name and " and " not in name.rsplit(", ", 1)[-1]:
        head = name.partition(", ")[0]
        name = head if HEAD.search(head) or head.endswith(("Canada", "Australia")) else name
    owner, _, owned = re.split(r"([’']s\s)", name, maxsplit=1) if re.search(r"[’']s\s", name) else (name, "", "")
    if owned and BODY_OF.match(owned):
        name = owned  # "the White House's Office of Science and Technology Policy": the body is the one owned
    elif owned and HEAD_AT_END.search(owner):
        name = owner  # "European Commission’s Multilateral Dialogue": the body is the owner
    name = ROLE.sub("", LEADING.sub("", name))
    name = re.sub(r"^[A-Z]\s+(?:of|in)\s+(?:the\s+)?", "", name)  # "I of the European Commission": a unit's number
    # "Consolidated Screening List of the Department of Commerce": a list's name, then the body's; not "Strategy Promotion Council"
    not_names = [m for m in NOT_ORGANISATIONS.finditer(name) if re.match(r",?\s+(?:of|by|from|at|in|for)\b", name[m.end() :])]
    if not_names and HEAD.search(name[not_names[-1].end() :]) and not BODY_OF.match(LEADING.sub("", name)):
        name = name[not_names[-1].end() :]
    name = LEADING.sub("", name.strip(" ,"))
    return re.sub(r"\s+", " ", name).strip(" ,.")


def _is_name(name: str) -> bool:
    words = re.split(r"\s+|-(?=[A-Z])", name)  # "Fraunhofer-Gesellschaft": two words
    capitalised = [w for w in words if w[:1].isupper()]
    named = HEAD.sub("", name).split()  # a name has words of its own besides its head word ("Contact Point" alone is not one)
    has_head = bool(HEAD.search(name)) or (name.endswith(("Canada", "Australia")) and not NOT_SUBJECTS.search(name))
    return len(words) >= 2 and len(capitalised) >= 2 and any(w[:1].isupper() for w in named) and has_head and not _not_a_body(name)


def _initials_match(name: str, acronym: str) -> bool:
    initials = "".join(w[0] for w in re.split(r"[\s,-]+", name) if w[:1].isupper())
    letters = re.sub(r"[^A-Z]", "", acronym)
    return len(letters) >= 2 and (initials.startswith(letters) or letters in initials)


def _issuer(document: DocumentRecord) -> list[Concept]:
    if not document.issuer:
        return []
    name = document.issuer.split(",")[0].strip()
    m = re.fullmatch(r"(.+?)\s*\(([A-Z][A-Za-z&]{1,9})\)", name)
    label, alts = (m[1], (m[2],)) if m else (name, ())
    return [Concept("organisation", label, alt_labels=alts, method="document-issuer", extra={"issues": document.uri})]
