"""The relevance model's evidence about a question (ingest/relevance.py), on real sentences of the collection."""

from ingest.places import without_countries
from ingest.relevance import countless, names_in

WORKSHOP = "It convened around 135 participants from 36 countries, and from international organisations such as the OECD and UNESCO."
US_RULE = "Guidance of January 2022 requires organisations that receive more than fifty million dollars a year to keep a programme."
RELEASE = "[1] The guidelines were released on 12 July 2021 and the form was revised in 2023."


def test_a_count_next_to_what_is_counted_answers_how_many():
    assert countless("How many participants came to the workshop?", [RELEASE, WORKSHOP]) == 0.0
    assert countless("From how many countries did people attend?", [WORKSHOP]) == 0.0


def test_a_date_or_a_year_is_no_count():
    assert countless("How many weeks does NSERC take to decide?", [RELEASE]) == 1.0
    assert countless("How many researchers were expelled in 2023?", [RELEASE, WORKSHOP]) == 1.0


def test_how_much_wants_an_amount():
    assert countless("How much federal money obliges an organisation to keep a programme?", [US_RULE]) == 0.0
    assert countless("How much money did Canada set aside?", [RELEASE, WORKSHOP]) == 1.0


def test_a_question_that_asks_for_no_figure_is_left_alone():
    assert countless("What does the workshop report say about export control?", [RELEASE]) == 0.0


def test_names_are_the_capitalised_runs_after_the_first_word_countries_aside():
    question = "Who heads the Dutch National Contact Point, and does Horizon Europe fund NSERC in Brazil?"
    assert names_in(without_countries(question)) == ["National Contact Point", "Horizon Europe", "NSERC"]
    assert names_in("What is research security?") == []
