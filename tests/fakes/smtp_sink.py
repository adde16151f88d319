"""An SMTP server on 127.0.0.1 that keeps every message it accepts (aiosmtpd).

    with SMTPSink() as sink:                      # no TLS, no login
    with SMTPSink(username="u", password="p"):   # AUTH required (over plain text)
        ...
        sink.messages[0]["Subject"]

aiosmtpd warns about AUTH without TLS (UserWarning); tests that log in filter it.
`sink.reject_data = "554 5.7.1 Rejected"` makes it refuse the next messages.
"""

from email import message_from_bytes, policy

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

# aiosmtpd cannot start on port 0: it probes the port it was given.
from tests.support.server_process import free_port


class SMTPSink:
    def __init__(self, username: str | None = None, password: str | None = None):
        self.username, self.password = username, password
        self.messages = []
        self.envelopes = []
        self.logins = []
        self.reject_data: str | None = None
        # Refuse every recipient, echoing the address as real servers do.
        self.reject_recipients = False
        self.host = "127.0.0.1"
        self.port = free_port()
        options = {}
        if username is not None:
            options = {
                "authenticator": self._authenticate,
                "auth_required": True,
                "auth_require_tls": False,
            }
        self.controller = Controller(
            self, hostname=self.host, port=self.port, **options
        )

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login = auth_data.login.decode()
        self.logins.append(login)
        ok = login == self.username and auth_data.password.decode() == self.password
        # handled=False: aiosmtpd answers 535 itself when the login fails.
        return AuthResult(success=ok, handled=False)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject_recipients:
            return f"550 5.1.1 <{address}>: Recipient address rejected"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.reject_data:
            return self.reject_data
        self.envelopes.append(envelope)
        self.messages.append(
            message_from_bytes(envelope.content, policy=policy.default)
        )
        return "250 Message accepted for delivery"

    def start(self) -> "SMTPSink":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def __enter__(self) -> "SMTPSink":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
