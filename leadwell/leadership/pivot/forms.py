"""The forms of the pivot pages: they turn posted text into ratings, days and flags and keep what
the person typed; the services decide what is valid and say why beside the field."""

from django import forms

from leadwell.leadership.pivot.standards import QUESTION, RATING_CHOICES, STANDARDS
from leadwell.lib.forms import DateInput


class ChallengeForm(forms.Form):
    message = forms.CharField(
        label="A word to your team (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown at the top of each self-assessment: why you ask, what you hope for.",
    )


class AssessmentForm(forms.Form):
    """A rating and an example per standard, and the quarter's question."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for standard in STANDARDS:
            self.fields[f"rating_{standard.number}"] = forms.TypedChoiceField(
                label=f"Your rating on “{standard.title}”",
                choices=RATING_CHOICES,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )
            self.fields[f"example_{standard.number}"] = forms.CharField(
                label="An example from this quarter",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["practised"] = forms.CharField(
            label=QUESTION, required=False, widget=forms.Textarea(attrs={"rows": 4})
        )

    def sections(self):
        """(standard, rating field, example field) in the standards' order, for the template."""
        return [(s, self[f"rating_{s.number}"], self[f"example_{s.number}"]) for s in STANDARDS]

    def ratings(self) -> dict[int, int | None]:
        return {s.number: self.cleaned_data.get(f"rating_{s.number}") for s in STANDARDS}

    def examples(self) -> dict[int, str]:
        return {s.number: self.cleaned_data.get(f"example_{s.number}", "") for s in STANDARDS}


class ResponseForm(forms.Form):
    text = forms.CharField(label="Your response", widget=forms.Textarea(attrs={"rows": 2}))
    add_to_plan = forms.BooleanField(label="Also add it to the development plan", required=False)
    due_on = forms.DateField(label="Due (for the plan)", required=False, widget=DateInput)
