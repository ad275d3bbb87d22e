"""Countries named in a question, from ISO 3166."""

import pytest

from ingest.places import countries_in


@pytest.mark.parametrize(
    "text,codes",
    [
        ("What does Brazil's research security law require?", {"BR"}),
        ("what does the UK expect of us", {"GB"}),
        ("guidance from the Netherlands and South Korea", {"NL", "KR"}),
        ("United States (NIST)", {"US"}),
        ("Korea, Republic of", {"KR"}),
        ("us and them, china cups", {"CN"}),  # lower-case 'us' is a word, 'china' a country
        ("EU / multilateral; G7 (international)", set()),
    ],
)
def test_countries_are_found_by_their_iso_and_everyday_names(text, codes):
    assert countries_in(text) == codes
