"""Portal pages for openings, the pipeline board and applications."""

from app.hiring import bp  # noqa: F401
