"""Analytics pages in the portal: the numbers in their tables, links and access."""

import json
import re

import pytest

from app.models import InterviewInsight
from tests import factories
from tests.support import analytics_data
from tests.support.html_tables import page_tables

HTML = {"Accept": "text/html"}


@pytest.fixture
def ids(recruiter, other_recruiter):
    return analytics_data.seed(recruiter, other_recruiter)


def page(client, url: str) -> str:
    response = client.get(url, headers=HTML)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def chart_data(html: str) -> dict:
    block = re.search(
        r'<script type="application/json" id="analytics-data"[^>]*>(.*?)</script>',
        html,
        re.S,
    )
    return json.loads(block.group(1))


def test_interview_page_shows_every_figure(client, recruiter, ids):
    factories.page_login(client, recruiter)
    html = page(client, f"/portal/analytics/interviews/{ids['a']}")
    tables = page_tables(html)
    assert tables["Funnel"] == [
        ["Step", "Candidates", "Of invited", "Of step before"],
        ["Invited", "11", "100%", "–"],
        ["Opened", "8", "72.7%", "72.7%"],
        ["Started", "7", "63.6%", "87.5%"],
        ["Completed", "4", "36.4%", "57.1%"],
    ]
    assert [row[1] for row in tables["Score distribution"][1:]] == list("0000101011")
    assert tables["Averages per competency"][1:] == [
        ["Relevance", "6.64", "14", "0", "30%"],
        ["Completeness", "6.82", "11", "3", "25%"],
        ["Accuracy", "7.23", "13", "1", "30%"],
        ["Clarity", "6.79", "14", "0", "15%"],
    ]
    assert tables["Recommendations"][1:] == [
        ["Advance", "2"],
        ["Consider", "1"],
        ["Do not advance", "1"],
    ]
    assert tables["Where candidates stopped"][1:] == [
        ["Before Q1", "1", "0"],
        ["Q1", "0", "0"],
        ["Q2", "1", "0"],
        ["Q3", "0", "1"],
    ]
    assert tables["Figures per question"][1:] == [
        [
            "1",
            "Interview A question 1?",
            "6",
            "6",
            "6.17",
            "2.11",
            "2 (33.3%)",
            "3",
            "0",
        ],
        ["2", "Interview A question 2?", "5", "5", "7.00", "2.10", "1 (20%)", "1", "1"],
        ["3", "Interview A question 3?", "4", "3", "7.00", "0.82", "1 (25%)", "1", "0"],
    ]
    competency_table = "Average score per competency and question (out of 10)"
    assert tables[competency_table][3] == ["Q3", "7.00", "7.00", "7.33", "7.00"]
    bands = [row[0] for row in tables["Score distribution"][1:]]
    assert bands[0] == "0–0.9" and bands[7] == "7–7.9" and bands[-1] == "9–10"
    # One scale on every page: the overall average (70.5 stored 0-100) shows out of 10.
    for tile in ("27 min 30 s", "7.0", "out of 10 · 4 scored", "average 6.64 / 10"):
        assert tile in html


def test_interview_page_charts_carry_the_same_numbers(client, recruiter, ids):
    factories.page_login(client, recruiter)
    html = page(client, f"/portal/analytics/interviews/{ids['a']}")
    charts = chart_data(html)
    assert charts["funnel"]["datasets"][0]["data"] == [11, 8, 7, 4]
    assert charts["competencies"]["datasets"][0]["data"] == [6.64, 6.82, 7.23, 6.79]
    assert charts["questions"]["datasets"][0]["data"] == [6.17, 7.0, 7.0]
    assert charts["stopped"]["datasets"][0]["data"] == [1, 0, 1, 0]
    names = set(re.findall(r'<canvas data-chart="(\w+)"', html))
    assert names == set(charts)
    # Scripts come from files; the only inline block is data, never code.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert " src=" in tag or 'type="application/json"' in tag, tag


def test_product_page_rolls_up_its_interviews(client, recruiter, ids):
    factories.page_login(client, recruiter)
    tables = page_tables(page(client, f"/portal/analytics/products/{ids['acme']}"))
    assert tables["Funnel"][4] == ["Completed", "5", "38.5%", "62.5%"]
    assert tables["Candidates per interview"][1:] == [
        ["Interview B active", "2", "1", "1", "100%", "5.5", "10 min", "1", "5.00"]
        + ["0 / 1 / 0"],
        ["Interview A active", "11", "7", "4", "57.1%", "7.0", "27 min 30 s", "15"]
        + ["6.64", "2 / 1 / 1"],
    ]


def test_overview_page_covers_the_account_only(client, recruiter, ids):
    factories.page_login(client, recruiter)
    html = page(client, "/portal/analytics")
    tables = page_tables(html)
    assert tables["Funnel"][1] == ["Invited", "16", "100%", "–"]
    assert [row[0] for row in tables["Candidates per product"][1:]] == [
        "Acme",
        "Beta",
        "Gamma",
    ]
    assert tables["Candidates per product"][2][:4] == ["Beta", "3", "1", "1"]
    assert tables["Averages per competency"][5] == ["Teamwork", "4.00", "1", "0"]
    assert "Zeta" not in html and "Interview Z" not in html


def test_overview_without_products_invites_to_start(client, recruiter):
    factories.page_login(client, recruiter)
    html = page(client, "/portal/analytics")
    assert "Nothing to analyse yet" in html
    assert "analytics-data" not in html


def test_the_portal_links_to_analytics(client, recruiter, ids):
    factories.page_login(client, recruiter)
    nav = page(client, "/portal")
    assert '<a class="site-nav__link" href="/portal/analytics">Analytics</a>' in nav
    interview = page(client, f"/portal/interviews/{ids['a']}")
    assert f'href="/portal/analytics/interviews/{ids["a"]}"' in interview
    product = page(client, f"/portal/products/{ids['acme']}")
    assert f'href="/portal/analytics/products/{ids["acme"]}"' in product
    analytics = page(client, "/portal/analytics")
    assert 'href="/portal/analytics" aria-current="page"' in analytics


def test_insights_are_generated_from_the_page(client, recruiter, ids):
    csrf = factories.page_login(client, recruiter)
    url = f"/portal/analytics/interviews/{ids['a']}"
    assert "Generate insights" in page(client, url)
    response = client.post(f"{url}/insights", data={"csrf_token": csrf})
    assert response.status_code == 302
    assert response.headers["Location"] == f"{url}#insights"
    html = page(client, url)
    assert "Insights updated: 5 observations." in html
    assert "Strongest area across candidates: Accuracy" in html
    assert "from 4 completed sessions and 14 scored answers." in html
    assert "Refresh insights" in html and "Results have changed" not in html


@pytest.mark.parametrize(
    "path",
    [
        "/portal/analytics",
        "/portal/analytics/products/{acme}",
        "/portal/analytics/interviews/{a}",
    ],
)
def test_pages_need_a_login(client, ids, path):
    response = client.get(path.format(**ids), headers=HTML)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize(
    "path", ["/portal/analytics/products/{acme}", "/portal/analytics/interviews/{a}"]
)
def test_another_recruiters_pages_are_not_found(client, other_recruiter, ids, path):
    factories.page_login(client, other_recruiter)
    response = client.get(path.format(**ids), headers=HTML)
    assert response.status_code == 404
    assert "Acme" not in response.get_data(as_text=True)


def test_another_recruiter_cannot_generate_insights(client, other_recruiter, ids):
    csrf = factories.page_login(client, other_recruiter)
    response = client.post(
        f"/portal/analytics/interviews/{ids['a']}/insights",
        data={"csrf_token": csrf},
        headers=HTML,
    )
    assert response.status_code == 404
    assert InterviewInsight.query.count() == 0


def test_generating_insights_needs_the_csrf_token(client, recruiter, ids):
    factories.page_login(client, recruiter)
    response = client.post(f"/portal/analytics/interviews/{ids['a']}/insights")
    assert response.status_code == 403
    assert InterviewInsight.query.count() == 0
