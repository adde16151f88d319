"""Pages: API keys and webhooks in the profile area."""
