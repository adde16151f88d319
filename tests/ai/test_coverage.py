"""Key-point coverage: phrases, stems and synonyms, one sentence or two at a time."""

from app.ai.coverage import cover, key_point_coverage, point_evidence, said_ideas
from app.ai.evidence import sentences

QUESTION = "An endpoint that lists orders has become slow. How do you find the cause?"
POINTS = [
    "Measure first: logs, profiling, query timing",
    "Inspect the query plan (EXPLAIN)",
    "Add or fix indexes for the filter and sort columns",
    "Paginate and consider caching",
]


def test_a_point_said_in_other_words_is_covered():
    answer = (
        "I start by profiling the request. Then I read the execution plan and see a "
        "full scan, so I create a composite index on the columns we filter by."
    )
    found = cover(sentences(answer), POINTS, QUESTION)
    assert found.covered == POINTS[:3]
    assert found.missed == ["Paginate and consider caching"]


def test_words_scattered_across_an_answer_do_not_cover_a_point():
    answer = (
        "We had a plan for the launch. Everyone was there. The office has a lot of "
        "columns. The query from marketing came late. We sorted the filters later."
    )
    assert cover(sentences(answer), POINTS, QUESTION).covered == []


def test_the_evidence_is_the_sentences_that_cover_the_point():
    parts = sentences("I like Python. The list endpoint is paginated with a cursor.")
    assert point_evidence(POINTS[3], parts) == [
        "The list endpoint is paginated with a cursor."
    ]


def test_repeating_the_question_covers_nothing():
    point = "Their concrete actions during the incident"
    question = "Tell me about a production incident you worked on."
    assert point_evidence(point, ["It was an incident, yes."], question) == []


def test_story_points_are_covered_by_telling_that_part():
    answer = "When our deploy failed, I rolled it back. As a result we lost no data."
    share = key_point_coverage(answer, ["situation", "action", "result", "lesson"])
    assert share == 0.75


def test_no_key_points_means_nothing_is_missing():
    assert key_point_coverage("anything", []) == 1.0


def test_said_ideas_are_named_in_the_order_said():
    text = "We retry with exponential backoff, then park it in a dead-letter queue."
    assert said_ideas(text) == [
        "retries",
        "backoff",
        "the dead-letter queue",
        "the queue",
    ]
