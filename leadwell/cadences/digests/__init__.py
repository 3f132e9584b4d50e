"""What each e-mail says: `compose(person, kind, now)` gathers one digest or reminder for a
person, as lines of counts, names of what is due and links, then renders it as plain text and
HTML (templates cadences/mail/).

One module per kind (`leader`, `seller`, `director`, `daily`); each gives a `Draft` (the
period's key, the numbers that matter, the lines, any chart) or None when there is nothing
to say. Nothing confidential is ever read into a draft: no coaching text, notes, talking
points, answers, pulse comments, challenge descriptions or ask text. Counts and whether
something is done are read; the words people wrote are not.
"""

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from leadwell.cadences import choices, unsubscribe
from leadwell.cadences.models import Kind
from leadwell.org.models import Person

if TYPE_CHECKING:
    from leadwell.cadences.mail_charts import MailChart

PREFERENCES_PATH = "/notifications/settings/"


@dataclass(frozen=True)
class Figure:
    """A number that matters, shown big at the top: "3" "sellers need you this week"."""

    number: int | str
    label: str


@dataclass
class Draft:
    """A kind's content before it is rendered."""

    key: str
    subject: str
    intro: str
    figures: list[Figure] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    chart: "MailChart | None" = None
    # Where the e-mail's button goes (the kind's template names it); the site when empty.
    action_url: str = ""
    # Said in a section with no lines, so an empty part reads as good news, not a gap.
    empty: dict[str, str] = field(default_factory=dict)

    def add(self, section: str, text: str, link: str) -> None:
        self.lines.append({"text": text, "link": link, "section": section})


@dataclass(frozen=True)
class Composed:
    key: str
    subject: str
    lines: list[dict]
    text: str
    html: str
    # (content id, PNG, alternative text): each shown in the HTML part as <img src="cid:…">.
    images: tuple[tuple[str, bytes, str], ...] = ()


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def link(name: str, *args) -> str:
    return absolute(reverse(name, args=args))


def preferences_url() -> str:
    try:
        return link("cadences:preferences")
    except NoReverseMatch:  # the preferences page comes with the app's pages
        return absolute(PREFERENCES_PATH)


def local_now(person: Person, now: datetime.datetime) -> datetime.datetime:
    return now.astimezone(choices.zone_of(person))


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of the day's week: a weekly digest's period."""
    return day - datetime.timedelta(days=day.weekday())


def draft_for(person: Person, kind: Kind, now: datetime.datetime) -> Draft | None:
    """The kind's content for the person at `now` (None: nothing to send)."""
    from leadwell.cadences.digests import daily, director, leader, seller

    today = local_now(person, now).date()
    makers = {
        Kind.LEADER_DIGEST: leader.draft,
        Kind.PRE_ONE_ON_ONE: seller.draft,
        Kind.DIRECTOR_DIGEST: director.draft,
        Kind.REMINDERS: daily.draft,
    }
    return makers[Kind(kind)](person, today)


def compose(person: Person, kind: Kind | str, now: datetime.datetime) -> Composed | None:
    """The digest or reminder of `kind` for the person at `now`, rendered; None when there is
    nothing to send."""
    kind = Kind(kind)
    draft = draft_for(person, kind, now)
    if draft is None:
        return None
    return render(person, kind, draft)


# Why each e-mail comes, said in its footer.
WHY = {
    Kind.LEADER_DIGEST: "you lead a team in Leadwell, and this digest comes each week on the "
    "day and hour you chose.",
    Kind.PRE_ONE_ON_ONE: "you have a 1:1 in two days, and this e-mail comes before each one.",
    Kind.DIRECTOR_DIGEST: "leaders report to you in Leadwell, and this digest comes each week "
    "on the day and hour you chose.",
    Kind.REMINDERS: "something of yours is due or overdue in Leadwell; reminders come at most "
    "once a day.",
}


def sections(lines: list[dict], empty: dict[str, str]) -> list[dict]:
    """The lines grouped by section, in the order the sections first appear, with the sections
    that have nothing to list saying so."""
    grouped: dict[str, list[dict]] = {}
    for name in [*dict.fromkeys([line["section"] for line in lines]), *empty]:
        grouped.setdefault(name, [])
    for line in lines:
        grouped[line["section"]].append(line)
    return [
        {"name": name, "lines": shown, "empty": empty.get(name, "")}
        for name, shown in grouped.items()
    ]


def render(person: Person, kind: Kind, draft: Draft) -> Composed:
    context = {
        "person": person,
        "kind": kind,
        "kind_label": kind.label,
        "subject": draft.subject,
        "intro": draft.intro,
        "figures": draft.figures,
        "sections": sections(draft.lines, draft.empty),
        "chart": draft.chart,
        "why": WHY[kind],
        "preferences_url": preferences_url(),
        "unsubscribe_url": unsubscribe.url_for(person.pk, kind),
        "site_url": settings.SITE_URL,
        "action_url": draft.action_url or absolute("/"),
    }
    text = render_to_string(f"cadences/mail/{kind}.txt", context)
    html = render_to_string(f"cadences/mail/{kind}.html", context)
    images = (draft.chart.as_image,) if draft.chart is not None else ()
    return Composed(draft.key, draft.subject, draft.lines, _tidy(text), html, images)


def _tidy(text: str) -> str:
    # Templates leave blank lines where their tags stood: at most one blank line in a row.
    out: list[str] = []
    for row in text.splitlines():
        row = row.rstrip()
        if row or (out and out[-1]):
            out.append(row)
    return "\n".join(out).strip() + "\n"


def noun(count: int, one: str, many: str | None = None) -> str:
    """The word for `count` things: "seller", "sellers"."""
    return one if count == 1 else (many or one + "s")


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {noun(count, one, many)}"


def day(value: datetime.date) -> str:
    """A day as an e-mail names it: "Wednesday 9 December"."""
    return f"{value:%A} {value.day} {value:%B}"
