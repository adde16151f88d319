"""An active interview with two questions and no follow-ups, taken to the end."""

import pytest

from tests import factories
from tests.support.interviews import take_interview

ANSWERS = [
    "I would model jobs and applications as resources and paginate every list.",
    "First I measure, then profile; an index cut the page to 180 ms.",
]


@pytest.fixture
def interview(recruiter):
    interview = factories.make_interview(
        factories.make_product(recruiter, name="Acme"), questions=0, status="active"
    )
    for position in range(2):
        factories.make_question(
            interview, position=position, key_points=["measure"], follow_up_budget=0
        )
    return interview


@pytest.fixture
def completed(interview):
    """A completed session (its receipt was sent by the job the commit enqueued)."""
    return take_interview(interview, list(ANSWERS), name="Casey Candidate")
