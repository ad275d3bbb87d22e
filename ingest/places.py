"""Countries named in a text, from ISO 3166 (pycountry): so "what does Brazil require?" can be
told apart from a question about a place the collection holds.

Names are ISO's short, common and official names, each also without what follows a comma
("Korea, Republic of" -> "Korea"), and a few everyday forms ISO does not list (UK, USA, Britain).
"""

import re
from functools import lru_cache

import pycountry

EVERYDAY = {
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "England", "Scotland", "Wales"),
    "US": ("USA", "U.S.", "U.S.A.", "US", "America"),
    "NL": ("Holland",),
    "KR": ("South Korea",),
    "KP": ("North Korea",),
    "RU": ("Russia",),
    "CN": ("China", "PRC"),
    "IR": ("Iran",),
    "TW": ("Taiwan",),
}
CASE_SENSITIVE = {"US", "UK", "PRC"}  # short forms that are words in lower case ("us")


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Every name -> the country's ISO alpha-2 code."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            if name := getattr(country, attribute, None):
                names[name] = country.alpha_2
                names[name.split(",")[0].strip()] = country.alpha_2
    names["Korea"] = "KR"  # both Koreas' ISO names start so; the everyday word means the south
    for code, forms in EVERYDAY.items():
        for form in forms:
            names[form] = code
    return names


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    names = sorted(_names(), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])", re.I)


def countries_in(text: str) -> set[str]:
    """ISO alpha-2 codes of the countries ``text`` names."""
    found = set()
    names = _names()
    for match in _pattern().finditer(text):
        name = match.group(1)
        key = next((n for n in (name, name.upper(), name.title()) if n in names), None)
        if key is None:
            key = next((n for n in names if n.lower() == name.lower()), None)
        if key is None or (key in CASE_SENSITIVE and name != key):
            continue
        found.add(names[key])
    return found
