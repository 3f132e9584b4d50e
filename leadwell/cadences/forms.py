"""Cadences: the preferences form. It turns what was posted into a time zone and, for each
kind of e-mail the person is offered, on or off, a day and an hour; the services decide what
is valid and say why beside the field (the selects' values are not checked here, so a
tampered or stale value is refused with the service's reason rather than Django's)."""

import zoneinfo
from dataclasses import dataclass
from functools import cache

from django import forms

from leadwell.cadences.choices import Choice
from leadwell.cadences.models import Kind
from leadwell.cadences.services.choices import WEEKDAYS, Wanted

# What each e-mail holds, in one line on the preferences page.
HOLDS = {
    Kind.LEADER_DIGEST: "Who on your team needs help this week and why, this week's 1:1s, "
    "reviews and reports due, and new pulse results.",
    Kind.PRE_ONE_ON_ONE: "Two days before each 1:1: a nudge to answer the Monday question, add "
    "your talking points and look at your open assignments.",
    Kind.DIRECTOR_DIGEST: "Reports received and late, escalated challenges, extra asks waiting "
    "for an assessment, and leaders whose balance moved.",
    Kind.REMINDERS: "Everything of yours that became due or overdue since the last one, in one "
    "e-mail.",
}
# Each kind as a sentence names it: "Stop reminder e-mails for Sam?"
SHORT_NAMES = {
    Kind.LEADER_DIGEST: "Monday digest",
    Kind.PRE_ONE_ON_ONE: "pre-1:1",
    Kind.DIRECTOR_DIGEST: "weekly digest",
    Kind.REMINDERS: "reminder",
}
NEVER = "Counts, names of what is due and links only: never coaching notes or comments."

HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]
DAYS = list(enumerate(WEEKDAYS))


@cache
def time_zone_names() -> list[str]:
    return sorted(zoneinfo.available_timezones())


@dataclass
class KindFields:
    """One kind's fields, as the page lays them out."""

    kind: Kind
    holds: str
    by_email: forms.BoundField
    weekday: forms.BoundField | None
    hour: forms.BoundField


class PreferencesForm(forms.Form):
    time_zone = forms.CharField(
        label="Your time zone",
        help_text="The hours below, and the days in your calendar feed, are in this time zone.",
    )

    def __init__(self, *args, kinds: list[Kind], chosen: dict[Kind, Choice], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        zones = time_zone_names()
        current = self.initial.get("time_zone", "")
        if current and current not in zones:
            zones = [current, *zones]  # a zone the server no longer knows still shows
        self.fields["time_zone"].widget = forms.Select(choices=[(z, z) for z in zones])
        self.kinds = kinds
        for kind in kinds:
            choice = chosen[kind]
            self.fields[f"{kind}-by_email"] = forms.BooleanField(
                label="Send it by e-mail", required=False, initial=choice.by_email
            )
            if choice.weekly:
                self.fields[f"{kind}-weekday"] = forms.IntegerField(
                    label="Day", initial=choice.weekday, widget=forms.Select(choices=DAYS)
                )
            self.fields[f"{kind}-hour"] = forms.IntegerField(
                label="Hour", initial=choice.hour, widget=forms.Select(choices=HOURS)
            )
        self.chosen = {kind: chosen[kind] for kind in kinds}

    def kind_fields(self) -> list[KindFields]:
        return [
            KindFields(
                kind=kind,
                holds=HOLDS[kind],
                by_email=self[f"{kind}-by_email"],
                weekday=self[f"{kind}-weekday"] if f"{kind}-weekday" in self.fields else None,
                hour=self[f"{kind}-hour"],
            )
            for kind in self.kinds
        ]

    def wanted(self) -> list[Wanted]:
        """Each kind as set on the page; a kind without a day keeps the one it had."""
        data = self.cleaned_data
        return [
            Wanted(
                kind=str(kind),
                by_email=data[f"{kind}-by_email"],
                weekday=data.get(f"{kind}-weekday", self.chosen[kind].weekday),
                hour=data[f"{kind}-hour"],
            )
            for kind in self.kinds
        ]
