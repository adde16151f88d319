"""Analytics say which scores are whose: answer figures are the AI's, and the answers
a recruiter re-scored are counted beside them."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Evaluation, Question
from tests import factories
from tests.support import analytics_data


@pytest.fixture
def ids(recruiter, other_recruiter):
    return analytics_data.seed(recruiter, other_recruiter)


def test_re_scored_answers_are_counted_and_the_averages_stay_the_ais(
    api, client, recruiter, ids
):
    api.login(recruiter)
    url = f"/api/v1/analytics/interviews/{ids['a']}"
    before = api.get(url).json
    assert before["overrides"] == {"answers": 0}
    evaluation = db.session.scalars(
        select(Evaluation)
        .join(Question, Evaluation.question_id == Question.id)
        .where(Question.interview_id == ids["a"], Evaluation.overall.is_not(None))
    ).first()
    evaluation.human_overall, evaluation.human_reason = 10.0, "Clear and complete"
    db.session.commit()
    after = api.get(url).json
    assert after["overrides"] == {"answers": 1}
    assert after["answers"]["average_score"] == before["answers"]["average_score"]
    factories.page_login(client, recruiter)
    html = client.get(f"/portal/analytics/interviews/{ids['a']}").get_data(as_text=True)
    assert "1 re-scored by recruiters" in html
