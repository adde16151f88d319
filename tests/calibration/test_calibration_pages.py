"""The calibration page: create samples, score them with field messages, activate."""

import pytest

from app.models import AuditEvent, Calibration
from tests.calibration.test_calibration import QUESTIONS

pytestmark = pytest.mark.interview(status="draft", questions=QUESTIONS)


def _login(client, user):
    response = client.post(
        "/login", data={"email": user.email, "password": "Passw0rdOk"}
    )
    assert response.status_code == 302
    return client


def _csrf(client):
    return client.get_cookie("csrf_access_token").value


def test_calibrating_from_the_page(client, recruiter, interview):
    _login(client, recruiter)
    url = f"/portal/interviews/{interview.id}/calibration"
    page = client.get(url).get_data(as_text=True)
    assert "Calibrating is optional" in page and "activates as usual" in page
    response = client.post(f"{url}/samples", data={"csrf_token": _csrf(client)})
    assert response.status_code == 302
    calibration = Calibration.query.one()
    page = client.get(url).get_data(as_text=True)
    assert calibration.samples[0]["answer"] in page
    keys = list(calibration.samples[0]["ai"])
    form = {"csrf_token": _csrf(client)}
    for sample in calibration.samples:
        for key in keys:
            form[f"score-{sample['id']}-{key}"] = "0"
    form[f"score-1-{keys[0]}"] = "eleven"
    response = client.post(f"{url}/scores", data=form)
    assert response.status_code == 422
    assert "Enter a whole number from 0 to 10." in response.get_data(as_text=True)
    form[f"score-1-{keys[0]}"] = "10"
    assert client.post(f"{url}/scores", data=form).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "AI-human agreement" in page and "Overall" in page


def test_activating_with_a_reason_from_the_page(client, recruiter, interview):
    _login(client, recruiter)
    url = f"/portal/interviews/{interview.id}/calibration"
    client.post(f"{url}/samples", data={"csrf_token": _csrf(client)})
    calibration = Calibration.query.one()
    form = {"csrf_token": _csrf(client)}
    for sample in calibration.samples:
        for key, ai in sample["ai"].items():
            form[f"score-{sample['id']}-{key}"] = "10" if ai < 5 else "0"
    client.post(f"{url}/scores", data=form)
    page = client.get(url).get_data(as_text=True)
    assert "Reason to activate anyway" in page
    activate = f"/portal/interviews/{interview.id}/activate"
    client.post(activate, data={"csrf_token": _csrf(client)})
    assert client.get(url).status_code == 200
    assert interview.status == "draft"
    reason = "Reviewed the rubric with the hiring manager."
    client.post(activate, data={"csrf_token": _csrf(client), "override_reason": reason})
    event = AuditEvent.query.filter_by(action="interview.calibration_overridden").one()
    assert event.details["reason"] == reason
