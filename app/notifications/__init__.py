"""Recruiters' email notifications: a candidate completed an interview, an application
arrived, an opening reached a number of applications; each at once or in a daily digest.

No pages of its own: the choices are a card on the profile page (app.auth.views) and
`/api/v1/users/me/notifications` (app.auth.api); the jobs live in app.tasks.
"""
