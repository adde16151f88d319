"""Analytics over a date range: every figure counts only the candidates invited in
those days (tests/support/analytics_data.py; the figures below follow from its tables).

Interview A's invitations are all dated 2026-11-02 here, except the two of sessions s1
(82, advance; answers 8, 9, 7) and s2 (64, consider; answers 6, 6, 6), dated 2026-11-12.
"""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.models import Interview, InterviewSession, Invitation, Message
from tests import factories
from tests.support import analytics_data
from tests.support.asserts import assert_error
from tests.support.html_tables import page_tables

API = "/api/v1/analytics"
EARLY = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
LATE = datetime(2026, 11, 12, 23, 59, tzinfo=UTC)


@pytest.fixture
def ids(recruiter, other_recruiter):
    ids = analytics_data.seed(recruiter, other_recruiter)
    db.session.execute(update(Invitation).values(created_at=EARLY))
    late = (
        select(InterviewSession.invitation_id)
        .join(Message, Message.session_id == InterviewSession.id)
        .where(Message.content.in_(["s1 answers 1", "s2 answers 1"]))
        .join(Interview, InterviewSession.interview_id == Interview.id)
        .where(Interview.id == ids["a"])
    )
    late_ids = list(db.session.scalars(late))
    assert len(late_ids) == 2
    db.session.execute(
        update(Invitation).where(Invitation.id.in_(late_ids)).values(created_at=LATE)
    )
    db.session.commit()
    return ids


def test_a_range_counts_only_the_candidates_invited_in_it(api, recruiter, ids):
    api.login(recruiter)
    body = api.get(f"{API}/interviews/{ids['a']}?from=2026-11-12&to=2026-11-12").json
    assert body["range"] == {"from": "2026-11-12", "to": "2026-11-12"}
    assert [step["count"] for step in body["funnel"]] == [2, 2, 2, 2]
    assert body["sessions"] == {"in_progress": 0, "completed": 2, "abandoned": 0}
    assert body["scores"]["scored"] == 2
    assert body["scores"]["average"] == 73.0  # (82 + 64) / 2
    assert body["recommendations"] == {
        "advance": 1,
        "consider": 1,
        "do_not_advance": 0,
    }
    assert body["answers"]["answered"] == 6
    assert body["answers"]["average_score"] == 7.0  # (8 + 9 + 7 + 6 + 6 + 6) / 6
    by_key = {c["key"]: c for c in body["competencies"]}
    assert by_key["relevance"]["average"] == 7.0  # 8, 9, 7, 6, 6, 6
    # completeness 7, 9, 6, 5, 6 and one without evidence (s2's third answer)
    assert (by_key["completeness"]["scored"], by_key["completeness"]["average"]) == (
        5,
        6.6,
    )
    assert by_key["completeness"]["insufficient_evidence"] == 1


def test_the_rest_of_the_days_hold_the_rest(api, recruiter, ids):
    api.login(recruiter)
    everything = api.get(f"{API}/interviews/{ids['a']}").json
    early = api.get(f"{API}/interviews/{ids['a']}?to=2026-11-11").json
    late = api.get(f"{API}/interviews/{ids['a']}?from=2026-11-12").json
    assert everything["range"] == {"from": None, "to": None}
    for step in range(4):
        assert (
            early["funnel"][step]["count"] + late["funnel"][step]["count"]
            == everything["funnel"][step]["count"]
        )
    assert early["answers"]["answered"] + 6 == everything["answers"]["answered"]
    nothing = api.get(f"{API}/interviews/{ids['a']}?from=2027-01-01").json
    assert nothing["funnel"][0]["count"] == 0 and nothing["scores"]["average"] is None


def test_product_and_account_roll_ups_take_the_range(api, recruiter, ids):
    api.login(recruiter)
    product = api.get(f"{API}/products/{ids['acme']}?from=2026-11-12").json
    assert product["funnel"][0]["count"] == 2
    rows = {row["id"]: row for row in product["interviews"]}
    assert rows[ids["a"]]["invited"] == 2 and rows[ids["a"]]["average_score"] == 73.0
    account = api.get(f"{API}/overview?from=2026-11-12").json
    assert account["funnel"][0]["count"] == 2


@pytest.mark.parametrize("query, field", [("from=yesterday", "from"), ("to=1", "to")])
def test_a_bad_day_is_refused_with_the_field(api, recruiter, ids, query, field):
    api.login(recruiter)
    response = api.get(f"{API}/interviews/{ids['a']}?{query}")
    assert_error(response, 422, "VALIDATION_ERROR")
    assert field in response.json["error"]["details"]


def test_a_range_that_ends_before_it_starts_holds_nobody(api, recruiter, ids):
    api.login(recruiter)
    body = api.get(f"{API}/interviews/{ids['a']}?from=2026-11-12&to=2026-11-01").json
    assert body["funnel"][0]["count"] == 0 and body["answers"]["answered"] == 0


def test_the_page_shows_the_range_and_says_why_a_bad_one_is_ignored(
    client, recruiter, ids
):
    factories.page_login(client, recruiter)
    url = f"/portal/analytics/interviews/{ids['a']}"
    html = client.get(f"{url}?from=2026-11-12&to=2026-11-12").get_data(as_text=True)
    assert page_tables(html)["Funnel"][1] == ["Invited", "2", "100%", "–"]
    assert 'value="2026-11-12"' in html
    html = client.get(f"{url}?from=2026-11-12&to=2026-11-01").get_data(as_text=True)
    assert "Must not be before the first day." in html
    assert page_tables(html)["Funnel"][1][1] == "11"  # all time meanwhile
    html = client.get(f"{url}?from=2027-01-01").get_data(as_text=True)
    assert "No candidates invited in these days" in html
    html = client.get(url).get_data(as_text=True)
    assert 'aria-current="page">All time' in html
