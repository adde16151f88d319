"""The one scale Viva describes a candidate's level on: 0 to 10.

Answers, competencies, the overall score and the thresholds are all out of 10, and a
rubric's anchors describe bands of the same scale, so a recruiter never has to convert
between a 1-5 rubric, a 0-10 answer and a 0-100 total. (The overall score is stored
0-100 for the API and exports; everything a person reads shows it out of 10.)
"""

SCALE_MAX = 10
SCALE_NAME = "0-10"
# Rubric anchors are stored under the keys "1" to "5" (older rubrics used them as a
# five-point scale); each key describes one band of the 0-10 scale.
ANCHOR_BANDS = {"1": "0-3", "2": "3-4", "3": "4-6", "4": "6-7", "5": "7-10"}
ANCHOR_LEVELS = ("1", "3", "5")
SCALE_SENTENCE = (
    "Every score is out of 10: each answer, each competency and the overall result. "
    "A rubric's anchors say what an answer shows at 0-3, 4-6 and 7-10."
)


def band_label(level: str) -> str:
    """The 0-10 band an anchor key describes, e.g. "7-10" for "5"."""
    return ANCHOR_BANDS.get(str(level), str(level))


def out_of_ten(score_100: float | None) -> float | None:
    """An overall score stored 0-100, as shown: out of 10 with one decimal."""
    return None if score_100 is None else round(score_100 / 10, 1)
