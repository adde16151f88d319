"""Interviews api."""
