"""Ai api."""
