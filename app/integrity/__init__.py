"""Integrity signals of candidate answers: measured in the interview room, disclosed
on the consent page, stored per answer and shown to the recruiter as plain facts.
Never a score, never an input to scoring or recommendations, never an automatic
action; one disclosed rule (an answer mostly pasted) sends a webhook event."""
