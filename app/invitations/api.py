"""Invitations api."""
