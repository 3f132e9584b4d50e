"""The forms of the challenge pages: they turn posted text into choices, days and ids and keep
what the person typed; the services decide what is valid and say why beside the field."""

from django import forms

from leadwell.challenges.models import Challenge
from leadwell.lib.forms import DateInput


def _area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class RaiseForm(forms.Form):
    description = forms.CharField(label="The challenge", widget=_area())
    category = forms.ChoiceField(label="Category", choices=Challenge.Category.choices)
    deals = forms.TypedMultipleChoiceField(
        label="Deals it affects",
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Open deals you may see; hold Ctrl (or Cmd) to pick several.",
    )
    accounts = forms.TypedMultipleChoiceField(
        label="Accounts it affects",
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    leader_only = forms.BooleanField(
        label="Visible to the leader only",
        required=False,
        help_text="The rest of the team does not see it; the line above the leader does.",
    )

    def __init__(self, *args, deals=(), accounts=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deals"].choices = [  # type: ignore[attr-defined]
            (
                d.pk,
                f"{d.name or d.external_id} · {d.account.name if d.account else '—'} · "
                f"{d.owner.name}",
            )
            for d in deals
        ]
        self.fields["accounts"].choices = [(a.pk, a.name) for a in accounts]  # type: ignore[attr-defined]
        # Nothing to pick from: no empty list to puzzle over.
        for name, choices in (("deals", deals), ("accounts", accounts)):
            if not choices:
                del self.fields[name]


class TriageForm(forms.Form):
    options = forms.CharField(label="The options the team has", widget=_area())


class EscalateForm(forms.Form):
    ask = forms.CharField(label="What you ask the director", widget=_area(2))
    business_case = forms.CharField(label="The business case", widget=_area())


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="Answer", choices=Challenge.Answer.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Note (why, or what more you need)", required=False, widget=_area(2)
    )


class CloseForm(forms.Form):
    solved = forms.TypedChoiceField(
        label="Outcome",
        choices=[("1", "Solved"), ("0", "Closed without solution")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    outcome = forms.CharField(label="What came of it", widget=_area(2))


class ActionForm(forms.Form):
    text = forms.CharField(label="Action", max_length=300)
    owner = forms.TypedChoiceField(label="Owner", coerce=int)
    due_on = forms.DateField(label="Due", widget=DateInput)
    coaching_item = forms.TypedChoiceField(
        label="Through a coaching item", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, owners=(), items=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [(p.pk, p.name) for p in owners]  # type: ignore[attr-defined]
        self.fields["coaching_item"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (i.pk, f"{i.person.name}: {i.title}") for i in items
        ]
