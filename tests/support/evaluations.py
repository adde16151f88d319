"""Evaluator answers for the fake Gemini server, built from what each request holds."""

import re

from tests.fakes.gemini_server import Reply, Seen, json_reply

ANSWER = re.compile(r"<candidate_answer>(.*?)</candidate_answer>", re.S)
RUBRIC_KEY = re.compile(r"^- key '([a-z][a-z0-9_-]*)'", re.M)


def quote_from(seen: Seen) -> str:
    """The first sentence of the candidate's first answer in the request, verbatim."""
    answers = ANSWER.findall(seen.prompt_text)
    first = answers[0] if answers else ""
    return re.split(r"(?<=[.!?])\s", first.strip())[0].rstrip(".!?")


def evaluation_reply(score: float = 7.0):
    """A responder: every rubric competency and criterion at `score`, quoting the
    candidate's first sentence as evidence. Interviewer turns get plain text."""

    def respond(seen: Seen):
        if seen.method != "generateContent":
            return Reply(chunks=["Thanks for that. "])
        keys = RUBRIC_KEY.findall(seen.prompt_text)
        quote = quote_from(seen)
        return json_reply(
            {
                "competencies": [
                    {"key": key, "score": score, "evidence": [quote]} for key in keys
                ],
                "criteria": dict.fromkeys(
                    ["relevance", "completeness", "accuracy", "clarity"], score
                ),
                "feedback": "A fake evaluation.",
                "key_points_covered": [],
                "manipulation_attempt": False,
            }
        )

    return respond
