"""A real SMTP server for the mail tests (aiosmtpd on a free port of 127.0.0.1), Django set
to send through it, and a way to queue a person's e-mail as the digests do."""

import socket
import time
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from leadwell.cadences.services.outbox import notification_send

# Addresses the server refuses for good, as a server answers a mailbox that does not exist.
REFUSED = "nobody@refused.example"
# Addresses the server asks to try later, as a greylisting server does.
GREYLISTED = "later@greylist.example"


class Inbox:
    """The aiosmtpd handler: refuses REFUSED with 550 and keeps every message it accepts."""

    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == REFUSED:
            return "550 5.1.1 <nobody@refused.example>: no such mailbox"
        if address == GREYLISTED:
            return "451 4.7.1 Greylisted, please try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        return [
            message_from_bytes(e.original_content, policy=policy.default)  # type: ignore[misc]
            for e in self.envelopes
        ]

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


class MailServer:
    """An SMTP server on a fixed port that the test starts and stops."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inbox = Inbox()
        self.controller: Controller | None = None

    def start(self) -> "MailServer":
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_server_off(settings) -> MailServer:
    """Django set to send through an SMTP server on 127.0.0.1 that is not started yet."""
    server = MailServer(free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.SITE_URL = "https://leadwell.example"
    settings.DEFAULT_FROM_EMAIL = "Leadwell <leadwell@leadwell.example>"
    yield server
    server.stop()


@pytest.fixture
def mail_server(mail_server_off) -> MailServer:
    """The SMTP server, started."""
    return mail_server_off.start()


def chart_png() -> bytes:
    """A chart as the digests attach it: an SVG drawn as a PNG, which mail clients show."""
    import cairosvg

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">'
        '<rect x="0" y="10" width="80" height="20" fill="#2f6fdf"/></svg>'
    )
    return cairosvg.svg2png(bytestring=svg.encode())


def queue_mail(person, *, key: str, kind: str = "reminders", images=()):
    """Queue a person's e-mail the way the digests do, with counts and links only."""
    return notification_send(
        person=person,
        kind=kind,
        key=key,
        subject=f"Leadwell: 2 things due ({key})",
        lines=[{"text": "2 plan reviews due", "link": "/plans/", "section": "Due"}],
        text="2 plan reviews due: https://leadwell.example/plans/\n",
        html='<p>2 plan reviews due: <a href="https://leadwell.example/plans/">open</a></p>'
        + "".join(f'<img src="cid:{cid}" alt="{alt}">' for cid, _, alt in images),
        images=images,
    )


def wait_for(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("waited in vain")
        time.sleep(0.02)
