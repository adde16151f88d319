"""The iCalendar (.ics) invitation of a meeting, made with the icalendar library.

METHOD:REQUEST for a new or moved meeting, METHOD:CANCEL for a cancelled one; the
same UID with a higher SEQUENCE each time, so calendars update one event.
"""

from icalendar import Calendar, Event, vCalAddress, vText

from app.models import Meeting, utcnow

PRODUCT_ID = "-//Viva//Interviews//EN"


def meeting_calendar(meeting: Meeting, *, organizer: str, attendees: list) -> bytes:
    """The .ics bytes for a meeting; attendees are (email, name) pairs."""
    cancelled = meeting.status == "cancelled"
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", utcnow())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    event.add("location", meeting.join_url)
    event.add("url", meeting.join_url)
    event.add("description", f"Join: {meeting.join_url}")
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    host = vCalAddress(f"mailto:{organizer}")
    host.params["cn"] = vText("Viva")
    event.add("organizer", host)
    for email, name in attendees:
        attendee = vCalAddress(f"mailto:{email}")
        if name:
            attendee.params["cn"] = vText(name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()
