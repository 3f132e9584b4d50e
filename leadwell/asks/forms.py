"""The forms of the asks pages: they turn posted text into days, amounts and ids and keep what
the person typed; the services decide what is valid and say why beside the field.

The assessment's rows are the candidate deals of the day, so its fields are named per deal
(`deal-<id>` ticked, `discount-<id>`, `terms-<id>`) and read with `ticked_in`.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.http import QueryDict

from leadwell.asks.models import Ask
from leadwell.asks.services import Ticked
from leadwell.lib.forms import DateInput
from leadwell.lib.periods import parse_period


class AskForm(forms.Form):
    leader = forms.TypedChoiceField(label="Leader asked", coerce=int)
    team = forms.TypedChoiceField(
        label="Team asked",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="For a leader of several teams: the team more is asked of.",
    )
    period = forms.ChoiceField(label="Quarter")
    amount = forms.DecimalField(label="Amount asked", min_value=0, decimal_places=2)
    reason = forms.CharField(
        label="Reason given", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    asked_on = forms.DateField(label="Asked on", widget=DateInput)

    def __init__(self, *args, leaders=(), quarters=(), teams=None, **kwargs) -> None:
        """`teams`: {leader id: their teams} for the leaders who lead more than one; the team
        is asked only when there are some (anyone else's ask is of their one team)."""
        super().__init__(*args, **kwargs)
        self.fields["leader"].choices = [(p.pk, p.name) for p in leaders]  # type: ignore[attr-defined]
        self.fields["period"].choices = [(q.name, q.label) for q in quarters]  # type: ignore[attr-defined]
        choosing = [p for p in leaders if p.pk in (teams or {})]
        if not choosing:
            del self.fields["team"]
        elif len(leaders) == 1:
            # The one leader's teams, the first by name chosen (the ask's team when none is
            # posted).
            led = teams[choosing[0].pk]
            self.fields["team"].choices = [(t.pk, t.name) for t in led]  # type: ignore[attr-defined]
            self.fields["team"].initial = led[0].pk
        else:
            # Grouped by leader: the team chosen here is one the leader chosen above leads.
            self.fields["team"].choices = [  # type: ignore[attr-defined]
                ("", "The leader's team (the first by name if several)"),
                *((p.name, [(t.pk, t.name) for t in teams[p.pk]]) for p in choosing),
            ]

    def clean_period(self):
        return parse_period(self.cleaned_data["period"])


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision", choices=Ask.Decision.choices, widget=forms.RadioSelect
    )
    decline_reason = forms.CharField(
        label="Why you decline", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def ticked_in(data: QueryDict) -> tuple[list[Ticked], dict[str, str]]:
    """The deals ticked in a posted assessment, and the messages of any discount that is not a
    number (by field name)."""
    found, errors = [], {}
    for key in data:
        if not key.startswith("deal-") or not key[5:].isdigit():
            continue
        deal_id = int(key[5:])
        raw = data.get(f"discount-{deal_id}", "").strip().rstrip("%").strip()
        percent = None
        if raw:
            try:
                percent = Decimal(raw.replace(",", "."))
            except InvalidOperation:
                errors[f"discount-{deal_id}"] = "Enter the discount as a number of percent."
                continue
        found.append(Ticked(deal_id, percent, data.get(f"terms-{deal_id}", "")))
    return found, errors


def deal_ids_in(data: QueryDict) -> list[int]:
    return [int(v) for v in data.getlist("asked") if v.isdigit()]
