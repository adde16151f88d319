"""The hiring pipeline: job openings, the public job board, applications with
resumes, matching and the stages an applicant moves through."""

from flask import Blueprint

bp = Blueprint("hiring", __name__)
