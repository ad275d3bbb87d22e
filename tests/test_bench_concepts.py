"""The concept bench: its matching rules, and floors on the dev set (a quality test that can fail)."""

from pathlib import Path

from bench.concepts import golds, labels_match, measure, normalise_address, totals

DEV = Path(__file__).parent / "fixtures" / "concepts" / "dev"


def test_labels_match_as_the_gold_format_says():
    assert labels_match("The Academic Freedom", "academic freedom")
    assert labels_match("Security should be proportionate to organisational risk", "Security proportionate to organisational risk")
    found = "Integrated with the mission of the organisation and with the work of its scientists"
    assert labels_match(found, "Integrated with the mission of the organisation")  # contained, 3 of 5 content words
    assert not labels_match(found, "Integrated with the mission")  # contained, 2 of 5
    assert not labels_match("Energy storage", "Energy storage, critical minerals and processing of rare earth elements")
    assert not labels_match("Proportionality", "Openness")


def test_addresses_match_without_scheme_www_or_trailing_slash():
    assert normalise_address("https://www.oecd.org/sti/") == normalise_address("http://oecd.org/sti")


def test_dev_set_floors():
    results = [measure(gold, file) for gold in golds([DEV]) for file in gold.files]
    figures = totals(results)
    assert figures["documents"] >= 18
    assert figures["principles_values"]["recall"] >= 0.85
    assert figures["tools_by_address"]["recall"] >= 0.85
    assert figures["technologies"]["recall"] >= 0.80
    assert figures["technology_broader"]["recall"] >= 0.80
    assert figures["organisations"]["recall"] >= 0.60
    assert figures["precision"]["precision"] >= 0.80
    assert figures["chrome"] == 0
