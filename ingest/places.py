"""Countries named in a text, from ISO 3166 (pycountry): so "what does Brazil require?" can be
told apart from a question about a place the collection holds.

Names are ISO's short, common and official names, each also without what follows a comma
("Korea, Republic of" -> "Korea"), a few everyday forms ISO does not list (UK, USA, Britain), and
the adjectives questions use as often ("Dutch guidelines", "Australian universities").
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
# What the people or things of a country are called ("Dutch guidelines", "Australian universities"):
# questions name a country so as often as by its name.
DEMONYMS = {
    "AU": ("Australian",),
    "AT": ("Austrian",),
    "BE": ("Belgian",),
    "BR": ("Brazilian",),
    "CA": ("Canadian",),
    "CN": ("Chinese",),
    "DK": ("Danish",),
    "EE": ("Estonian",),
    "FI": ("Finnish",),
    "FR": ("French",),
    "DE": ("German",),
    "GB": ("British",),
    "GR": ("Greek",),
    "IN": ("Indian",),
    "IE": ("Irish",),
    "IL": ("Israeli",),
    "IT": ("Italian",),
    "JP": ("Japanese",),
    "KR": ("Korean", "South Korean"),
    "LT": ("Lithuanian",),
    "LV": ("Latvian",),
    "MX": ("Mexican",),
    "NL": ("Dutch",),
    "NZ": ("New Zealander", "Kiwi"),
    "NO": ("Norwegian",),
    "PL": ("Polish",),
    "PT": ("Portuguese",),
    "RU": ("Russian",),
    "SA": ("Saudi",),
    "SG": ("Singaporean",),
    "ES": ("Spanish",),
    "SE": ("Swedish",),
    "CH": ("Swiss",),
    "TW": ("Taiwanese",),
    "TR": ("Turkish",),
    "UA": ("Ukrainian",),
    "US": ("American",),
    "CZ": ("Czech",),
    "HU": ("Hungarian",),
    "IR": ("Iranian",),
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
    for table in (EVERYDAY, DEMONYMS):
        for code, forms in table.items():
            for form in forms:
                names[form] = code
    return names


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    names = sorted(_names(), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])", re.I)


def countries_in(text: str) -> set[str]:
    """ISO alpha-2 codes of the countries ``text`` names."""
    return {code for code, _ in _country_matches(text)}


def without_countries(text: str) -> str:
    """``text`` with the names of countries blanked out (what is left of a question once its places are set aside)."""
    for _, match in sorted(_country_matches(text), key=lambda item: -item[1].start()):
        text = text[: match.start()] + " " + text[match.end() :]
    return text


def _country_matches(text: str) -> list[tuple[str, re.Match]]:
    found = []
    names = _names()
    for match in _pattern().finditer(text):
        name = match.group(1)
        key = next((n for n in (name, name.upper(), name.title()) if n in names), None)
        if key is None:
            key = next((n for n in names if n.lower() == name.lower()), None)
        if key is None or (key in CASE_SENSITIVE and name != key):
            continue
        found.append((names[key], match))
    return found
