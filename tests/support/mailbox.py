"""Read the emails Viva sent, from the console backend's output or an SMTP sink.

Both expose `messages()` (every email so far, oldest first) and `last_to(address)`;
`link_in(mail, path)` finds the one link to a path such as "/reset-password/".
"""

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the benchmarks read console mail without aiosmtpd installed
    from tests.fakes.smtp_sink import SMTPSink

BLOCK = re.compile(
    r"^----- email \(MAIL_BACKEND=console\) -----\n(.*?)\n----- end of email -----$",
    re.MULTILINE | re.DOTALL,
)


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    html: str | None = None


def parse_console(output: str) -> list[Mail]:
    """The emails in console-backend output (headers, a blank line, the text)."""
    mails = []
    for block in BLOCK.findall(output):
        head, _, text = block.partition("\n\n")
        headers = dict(line.split(": ", 1) for line in head.splitlines())
        address = re.search(r"<([^>]+)>", headers["To"])
        to = address.group(1) if address else headers["To"]
        mails.append(Mail(to=to, subject=headers["Subject"], text=text))
    return mails


def link_in(mail: Mail, path: str) -> str:
    """The single link in a mail whose path starts with `path`."""
    links = set(
        re.findall(rf"https?://[^\s\"'<>]+{re.escape(path)}[A-Za-z0-9_-]+", mail.text)
    )
    assert len(links) == 1, f"expected one {path} link in:\n{mail.text}"
    return links.pop()


def console_link(output: str, to: str, path: str) -> str:
    """The link to `path` in the last console-printed email to `to` (a server log)."""
    mails = [mail for mail in parse_console(output) if mail.to == to]
    assert mails, f"no email to {to} in the output"
    return link_in(mails[-1], path)


class ConsoleMailbox:
    """Emails printed by MAIL_BACKEND=console, read through pytest's capsys."""

    kind = "console"

    def __init__(self, capsys):
        self.capsys = capsys
        self._seen: list[Mail] = []

    def messages(self) -> list[Mail]:
        self._seen.extend(parse_console(self.capsys.readouterr().out))
        return list(self._seen)

    def last_to(self, address: str) -> Mail:
        mails = [mail for mail in self.messages() if mail.to == address]
        assert mails, f"no email to {address}"
        return mails[-1]


class SMTPMailbox:
    """Emails delivered by MAIL_BACKEND=smtp to a local SMTP sink."""

    kind = "smtp"

    def __init__(self, sink: "SMTPSink"):
        self.sink = sink

    def messages(self) -> list[Mail]:
        mails = []
        for message in self.sink.messages:
            text = message.get_body(preferencelist=("plain",)).get_content()
            html_part = message.get_body(preferencelist=("html",))
            mails.append(
                Mail(
                    to=re.search(r"<([^>]+)>|(\S+@\S+)", message["To"])
                    .group(0)
                    .strip("<>"),
                    subject=str(message["Subject"]),
                    text=text,
                    html=html_part.get_content() if html_part is not None else None,
                )
            )
        return mails

    def last_to(self, address: str) -> Mail:
        mails = [mail for mail in self.messages() if mail.to == address]
        assert mails, f"no email to {address}"
        return mails[-1]
