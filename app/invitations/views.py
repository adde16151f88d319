"""Invitations views."""
