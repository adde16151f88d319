"""Calibration before go-live: samples, agreement figures, the activation gate."""

import pytest

from app.extensions import db
from app.models import AuditEvent, Calibration, Membership
from app.ownership import current_workspace
from tests import factories
from tests.support.asserts import assert_error

API = "/api/v1"
QUESTIONS = [
    {
        "text": "How do you keep a Python service fast under load?",
        "key_points": [
            "Profile before optimising",
            "Cache results that are read often",
            "Move slow work to a background queue",
            "Watch latency percentiles in production",
        ],
        "model_answer": "I profile first, then cache hot reads and queue slow work.",
    },
    {
        "text": "Tell me about a production incident you handled.",
        "key_points": ["Stabilise first", "Find the root cause", "Write a postmortem"],
        "model_answer": "",
    },
]
pytestmark = pytest.mark.interview(status="draft", questions=QUESTIONS)


def _url(interview) -> str:
    return f"{API}/interviews/{interview.id}/calibration"


def _create(api, interview) -> dict:
    response = api.post(_url(interview))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _fix_ai_scores(interview, ai_by_sample: list[float]) -> list[str]:
    """Set the AI's score of the first competency per sample; the others get 5.0."""
    calibration = db.session.query(Calibration).filter_by(interview_id=interview.id)
    calibration = calibration.one()
    keys = list(calibration.samples[0]["ai"])
    calibration.samples = [
        {**s, "ai": {k: (ai_by_sample[i] if k == keys[0] else 5.0) for k in keys}}
        for i, s in enumerate(calibration.samples)
    ]
    db.session.commit()
    return keys


def _scores(keys, first: list[int], others: int = 5) -> dict:
    return {
        "samples": [
            {
                "sample": i + 1,
                "scores": {k: (score if k == keys[0] else others) for k in keys},
            }
            for i, score in enumerate(first)
        ]
    }


def test_samples_are_deterministic_and_ordered_by_quality(api, recruiter, interview):
    api.login(recruiter)
    first = _create(api, interview)
    second = _create(api, interview)
    assert first["state"] == "awaiting_scores"
    assert [s["quality"] for s in first["samples"]] == ["strong", "middling", "weak"]
    assert first["samples"] == second["samples"]  # same answers, same AI scores
    assert db.session.query(Calibration).count() == 1  # replaced, not added

    def mean(sample):
        return sum(sample["ai"].values()) / len(sample["ai"])

    strong, _middling, weak = first["samples"]
    assert mean(strong) > mean(weak)
    assert "queue" in strong["answer"] and "queue" not in weak["answer"]


def test_agreement_figures_are_exact(api, recruiter, interview):
    api.login(recruiter)
    _create(api, interview)
    keys = _fix_ai_scores(interview, [8.0, 5.0, 2.0])
    response = api.put(_url(interview), json=_scores(keys, [8, 6, 4]))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    first = body["competencies"][0]
    assert first["key"] == keys[0]
    assert first["pairs"] == 3
    assert first["mean_absolute_difference"] == 1.0  # |0| + |1| + |2| over 3
    assert first["exact_match_share"] == 0.333
    assert first["mean_difference"] == 1.0
    for other in body["competencies"][1:]:
        assert other["mean_absolute_difference"] == 0.0
        assert other["exact_match_share"] == 1.0
    pairs = 3 * len(keys)
    assert body["overall"]["pairs"] == pairs
    assert body["overall"]["mean_absolute_difference"] == round(3 / pairs, 2)
    assert body["overall"]["exact_match_share"] == round((pairs - 2) / pairs, 3)
    assert body["state"] == "passed"  # under the default threshold of 1.5
    assert [s["human"][keys[0]] for s in body["samples"]] == [8, 6, 4]
    assert api.get(_url(interview)).get_json() == body


def test_scores_must_cover_every_sample_and_competency(api, recruiter, interview):
    api.login(recruiter)
    _create(api, interview)
    keys = _fix_ai_scores(interview, [8.0, 5.0, 2.0])
    body = _scores(keys, [8, 6, 4])
    del body["samples"][1]["scores"][keys[1]]
    error = assert_error(api.put(_url(interview), json=body), 422, "VALIDATION_ERROR")
    assert "sample_2" in error["details"]
    body = _scores(keys, [8, 6, 11])
    assert_error(api.put(_url(interview), json=body), 422, "VALIDATION_ERROR")
    calibration = db.session.query(Calibration).one()
    assert calibration.human_scores is None and calibration.result is None


def _calibrate_badly(api, interview):
    _create(api, interview)
    keys = _fix_ai_scores(interview, [9.0, 9.0, 9.0])
    response = api.put(_url(interview), json=_scores(keys, [1, 1, 1], others=1))
    assert response.get_json()["state"] == "too_low"


def test_activation_below_the_threshold_needs_a_reason(api, recruiter, interview):
    api.login(recruiter)
    _calibrate_badly(api, interview)
    activate = f"{API}/interviews/{interview.id}/activate"
    error = assert_error(api.post(activate), 409, "INTERACTION_ERROR")
    assert "agreement is too low" in error["message"]
    assert "override_reason" in error["details"]
    assert_error(
        api.post(activate, json={"override_reason": "  "}), 409, "INTERACTION_ERROR"
    )
    db.session.expire_all()
    assert interview.status == "draft"

    reason = "Rubric reviewed with the hiring manager; the samples are atypical."
    response = api.post(activate, json={"override_reason": reason})
    assert response.status_code == 200 and response.get_json()["status"] == "active"
    event = AuditEvent.query.filter_by(action="interview.calibration_overridden").one()
    assert event.details["reason"] == reason
    assert event.details["threshold"] == 1.5
    assert event.target_id == interview.id and event.actor_id == recruiter.id


def test_the_workspace_threshold_decides(api, recruiter, interview):
    api.login(recruiter)
    _calibrate_badly(api, interview)  # the scores differ by 6.4-8 points
    workspace = current_workspace(recruiter)
    workspace.calibration_max_difference = 9.0
    db.session.commit()
    assert api.get(_url(interview)).get_json()["state"] == "passed"
    response = api.post(f"{API}/interviews/{interview.id}/activate")
    assert response.status_code == 200


def test_an_interview_without_calibration_activates_as_before(
    api, recruiter, interview
):
    api.login(recruiter)
    assert api.get(_url(interview)).get_json()["state"] == "none"
    response = api.post(f"{API}/interviews/{interview.id}/activate")
    assert response.status_code == 200 and response.get_json()["status"] == "active"
    assert not AuditEvent.query.filter_by(
        action="interview.calibration_overridden"
    ).count()
    # Calibration happens before go-live only.
    assert_error(api.post(_url(interview)), 409, "INTERACTION_ERROR")


def test_an_unscored_or_stale_calibration_does_not_block(api, recruiter, interview):
    api.login(recruiter)
    _calibrate_badly(api, interview)
    interview.rubric_version += 1  # the rubric changed since
    db.session.commit()
    assert api.get(_url(interview)).get_json()["state"] == "stale"
    response = api.post(f"{API}/interviews/{interview.id}/activate")
    assert response.status_code == 200


def test_others_and_viewers_cannot_calibrate(
    api, recruiter, other_recruiter, interview
):
    api.login(recruiter)
    _create(api, interview)
    api.login(other_recruiter)
    for method in ("get", "post", "put"):
        call = getattr(api, method)
        kwargs = {"json": {"samples": [{"sample": 1, "scores": {}}]}}
        response = call(_url(interview), **(kwargs if method == "put" else {}))
        assert_error(response, 404, "NOT_FOUND")
    viewer = factories.make_user(email="vera@example.com", full_name="Vera Viewer")
    workspace = current_workspace(recruiter)
    db.session.add(
        Membership(workspace_id=workspace.id, user_id=viewer.id, role="viewer")
    )
    db.session.commit()
    api.login(viewer)
    assert api.get(_url(interview)).status_code == 200
    assert_error(api.post(_url(interview)), 403, "FORBIDDEN")


def test_the_model_card_shows_calibration_figures(api, recruiter, interview):
    api.login(recruiter)
    card = api.get(f"{API}/interviews/{interview.id}/model-card").get_json()
    assert card["calibration"] is None
    _create(api, interview)
    keys = _fix_ai_scores(interview, [8.0, 5.0, 2.0])
    api.put(_url(interview), json=_scores(keys, [8, 6, 4]))
    card = api.get(f"{API}/interviews/{interview.id}/model-card").get_json()
    assert card["calibration"]["samples"] == 3
    assert card["calibration"]["competencies"][0]["mean_absolute_difference"] == 1.0


def test_owners_set_the_threshold_and_viewers_cannot(api, recruiter, interview):
    workspace = current_workspace(recruiter)
    db.session.commit()
    url = f"{API}/workspaces/{workspace.id}/calibration-settings"
    api.login(recruiter)
    assert api.get(url).get_json()["max_mean_absolute_difference"] == 1.5
    response = api.put(url, json={"max_mean_absolute_difference": 0.5})
    assert response.status_code == 200
    assert response.get_json()["max_mean_absolute_difference"] == 0.5
    body = {"max_mean_absolute_difference": 11}
    assert_error(api.put(url, json=body), 422, "VALIDATION_ERROR")
    event = AuditEvent.query.filter_by(
        action="workspace.calibration_threshold_changed"
    ).one()
    assert event.details == {"from": 1.5, "to": 0.5}
    viewer = factories.make_user(email="vera@example.com", full_name="Vera Viewer")
    db.session.add(
        Membership(workspace_id=workspace.id, user_id=viewer.id, role="viewer")
    )
    db.session.commit()
    api.login(viewer)
    assert api.get(url).status_code == 200
    assert_error(
        api.put(url, json={"max_mean_absolute_difference": 9}), 403, "FORBIDDEN"
    )
