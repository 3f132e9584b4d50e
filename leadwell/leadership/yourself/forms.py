"""Leading yourself: the forms. They turn posted text into days and ids and keep what the person
typed; the services decide what is valid and say why beside the field."""

from django import forms

from leadwell.coaching.models import PersonalGoal
from leadwell.leadership.yourself.models import ASPIRATION_HORIZONS, HORIZON_HEADINGS
from leadwell.lib.forms import DateInput


def _area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class OwnPageForm(forms.Form):
    why = forms.CharField(label="Why I do what I do", required=False, widget=_area())
    motivation = forms.CharField(label="What motivates me", required=False, widget=_area())
    energy = forms.CharField(label="What gives me energy", required=False, widget=_area())
    impact = forms.CharField(label="The impact I want to have", required=False, widget=_area())
    strengths = forms.CharField(label="My strengths", required=False, widget=_area())
    asks_of_manager = forms.CharField(
        label="What I ask of my manager to support me", required=False, widget=_area()
    )


HORIZON_CHOICES = [(value, HORIZON_HEADINGS[value]) for value in ASPIRATION_HORIZONS]


class AspirationForm(forms.Form):
    horizon = forms.ChoiceField(label="When", choices=HORIZON_CHOICES)
    title = forms.CharField(
        label="My aspiration",
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "e.g. Lead a team of my own"}),
    )
    detail = forms.CharField(
        label="Why it matters to me, and what it takes", required=False, widget=_area(2)
    )


class AspirationChangeForm(AspirationForm):
    status = forms.ChoiceField(label="Status", choices=PersonalGoal.Status.choices)


class ActionForm(forms.Form):
    text = forms.CharField(label="What I will do", max_length=300)
    due_on = forms.DateField(label="Due", widget=DateInput)


class FeedbackForm(forms.Form):
    goal = forms.TypedChoiceField(
        label="About", coerce=int, required=False, empty_value=None, choices=()
    )
    text = forms.CharField(label="Your feedback", widget=_area(4))

    def __init__(self, *args, aspirations=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Their aspirations as a whole")]
        choices += [(g.pk, f"{g.get_horizon_display()}: {g.title}") for g in aspirations]
        self.fields["goal"].choices = choices  # type: ignore[attr-defined]
