"""Local fake servers for the services Viva talks to (SendGrid, SMTP, ...).

Tests drive the real SDKs and clients against these; nothing in the suite reaches the
internet, and none of Viva's own code is mocked.
"""
