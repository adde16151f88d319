"""Browser tests: Playwright driving Debian's Chromium against a live Viva server."""
