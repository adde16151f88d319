"""Interviews views."""
