"""Scoring: evaluation jobs queued with the turn that ends a question, the report."""
