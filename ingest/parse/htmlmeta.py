"""What a web page says of itself, from its head: title, issuer, date, language, address, description.

Read from ``<title>``, ``<html lang>``, Dublin Core (``DC.*``, ``dcterms.*``), Open Graph
(``og:*``, ``article:published_time``), Highwire Press ``citation_*`` tags (what Google Scholar
reads) and ``<link rel=canonical>``. The formal vocabularies come before the social ones:
``citation_title`` names a report, ``og:title`` names a share card.
"""

import re
from datetime import date

# For each metadata key, the head entries that may give it, best first.
SOURCES = {
    "title": ("citation_title", "dc.title", "dcterms.title", "og:title", "title"),
    "issuer": ("citation_publisher", "dc.publisher", "dcterms.publisher", "citation_author_institution", "og:site_name"),
    "date": (
        *("citation_publication_date", "citation_date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date"),
        *("dcterms.created", "article:published_time", "citation_online_date"),
    ),
    "language": ("lang", "dc.language", "dcterms.language", "content-language", "og:locale"),
    "source": ("link:canonical", "og:url", "citation_public_url", "citation_abstract_html_url", "dc.identifier", "dcterms.identifier"),
    "description": ("description", "dc.description", "dcterms.description", "dcterms.abstract", "og:description"),
}
MAX_VALUE_CHARS = {"description": 1000}
DEFAULT_MAX_CHARS = 300
MONTHS = {
    m: i
    for i, name in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"), 1
    )
    for m in (name, name[:3], name[:4])
}
ISO_DATE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:$|[T\s])")
COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
NUMERIC_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
DAY_MONTH_YEAR = re.compile(r"^(?:\w+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\.?\s+([A-Za-z]+)\.?,?\s+(\d{4})")
MONTH_DAY_YEAR = re.compile(r"^(?:\w+,?\s+)?([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{4})$")
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def page_metadata(head: dict[str, list[str]]) -> dict[str, str]:
    """``head`` maps lower-cased meta names, ``link:<rel>``, ``title`` and ``lang`` to the values found."""
    entries = {_vocabulary(key): values for key, values in head.items()}
    metadata = {}
    for key, names in SOURCES.items():
        for name in names:
            value = next((v for raw in entries.get(name, ()) if (v := _clean(key, raw))), None)
            if value:
                metadata[key] = value
                break
    return metadata


def _vocabulary(key: str) -> str:
    """``DC.Title``, ``dc:title`` and ``dcterms:title`` as the same spelling the table uses."""
    return re.sub(r"^(dc|dcterms)[:.]", r"\1.", key.strip().lower())


def _clean(key: str, raw: str) -> str | None:
    value = " ".join(raw.split())
    if not value:
        return None
    if key == "date":
        return iso_date(value)
    if key == "language":
        value = value.split(",")[0].strip().replace("_", "-")
        return value if LANGUAGE.match(value) else None
    if key == "source":
        return value if value.startswith(("http://", "https://")) and " " not in value else None
    return value[: MAX_VALUE_CHARS.get(key, DEFAULT_MAX_CHARS)]


def iso_date(text: str) -> str | None:
    """``2024/05/13``, ``2024-05-13T09:00Z``, ``13 May 2024``, ``May 13, 2024``, ``May 2024`` -> ISO ``YYYY[-MM[-DD]]``."""
    text = text.strip()
    if m := COMPACT_DATE.match(text):
        return _iso(m[1], m[2], m[3])
    if m := ISO_DATE.match(text):
        return _iso(m[1], m[2], m[3])
    if m := NUMERIC_DMY.match(text):
        first, second = int(m[1]), int(m[2])
        if first > 12:
            return _iso(m[3], m[2], m[1])
        if second > 12:
            return _iso(m[3], m[1], m[2])
        return _iso(m[3], None, None)  # 05/06/2024: day and month cannot be told apart
    if (m := DAY_MONTH_YEAR.match(text)) and m[2].lower() in MONTHS:
        return _iso(m[3], MONTHS[m[2].lower()], m[1])
    if (m := MONTH_DAY_YEAR.match(text)) and m[1].lower() in MONTHS:
        return _iso(m[3], MONTHS[m[1].lower()], m[2])
    if (m := MONTH_YEAR.match(text)) and m[1].lower() in MONTHS:
        return _iso(m[2], MONTHS[m[1].lower()], None)
    return None


def _iso(year, month, day) -> str | None:
    y = int(year)
    if not 1000 <= y <= 2999:
        return None
    if month is None:
        return f"{y:04d}"
    m = int(month)
    if not 1 <= m <= 12:
        return None
    if day is None:
        return f"{y:04d}-{m:02d}"
    try:
        return date(y, m, int(day)).isoformat()
    except ValueError:
        return f"{y:04d}-{m:02d}"
