"""The relevance model's evidence about a question (ingest/relevance.py), on real sentences of the collection."""

from ingest.places import without_countries
from ingest.relevance import asked_for, countless, names_in, unasked

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


def test_what_a_question_asks_for_is_the_words_after_what_or_which():
    assert asked_for("What prison sentence can a US researcher face?") == ["prison", "sentence"]
    assert asked_for("What types of overseas engagement get reviewed?") == ["overseas", "engagement", "get"]
    assert asked_for("In the UK, which insurance should a university buy?") == ["insurance"]
    assert asked_for("How does Japan vet collaborations?") == []


def test_a_question_is_unasked_when_no_clause_uses_what_it_asks_for():
    assert unasked(["penalti"], [{"export", "control"}, {"academ"}]) == 1.0
    assert unasked(["penalti"], [{"export", "control"}, {"penalti"}]) == 0.0
    assert unasked([], [{"export"}]) == 0.0
