"""Ai views."""
