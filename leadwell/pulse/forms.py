"""The forms of the trust pulse's pages: they turn posted text into scores, days and choices and
keep what the person typed; the services decide what is valid and say why beside the field.

The answer form is for its seller alone: it is never shown to anyone else, and the view that
reads it marks its fields sensitive so that no error report holds them."""

from django import forms

from leadwell.pulse.models import K_RANGE
from leadwell.pulse.selectors import COMMENT_QUESTION, QUESTIONS
from leadwell.pulse.services import COMMENT_LENGTH, DAYS_OPEN_RANGE

SCALE = [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5")]


class AnswerForm(forms.Form):
    """The three questions on a 1-5 scale and the optional comment."""

    comment = forms.CharField(
        label=COMMENT_QUESTION,
        required=False,
        max_length=COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional. Shown to your leader word for word, only once ten answers or more "
        "are pooled together, in a random order with nothing beside it.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        scores = {
            key: forms.ChoiceField(
                label=question,
                choices=SCALE,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose from 1 (not at all) to 5 (fully)."},
            )
            for key, question in QUESTIONS
        }
        # The questions first, in their order, then the comment.
        self.fields = {**scores, "comment": self.fields["comment"]}

    def scores(self) -> list[forms.BoundField]:
        return [self[key] for key, _ in QUESTIONS]


class OpenForm(forms.Form):
    team = forms.TypedChoiceField(label="Team", coerce=int)
    days_open = forms.IntegerField(
        label="Days open",
        min_value=DAYS_OPEN_RANGE[0],
        max_value=DAYS_OPEN_RANGE[1],
        help_text="The sellers answer from today for this many days.",
    )

    def __init__(self, *args, teams=(), days_open: int = 7, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [(t.pk, t.name) for t in teams]  # type: ignore[attr-defined]
        self.fields["days_open"].initial = days_open
        if len(teams) == 1:
            self.fields["team"].widget = forms.HiddenInput()
            self.fields["team"].initial = teams[0].pk


class ResponseForm(forms.Form):
    heard = forms.CharField(
        label="What I heard",
        max_length=COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    actions = forms.CharField(
        label="What I will do to earn more trust",
        required=False,
        max_length=COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    share = forms.BooleanField(
        label="Share this response with the team", required=False, initial=True
    )


class RulesForm(forms.Form):
    min_answers = forms.IntegerField(
        label="Answers before a result shows (k)",
        min_value=K_RANGE[0],
        max_value=K_RANGE[1],
        help_text=f"From {K_RANGE[0]} to {K_RANGE[1]}. A pulse keeps the k it opened with.",
    )
    monthly_on_day = forms.IntegerField(
        label="Open a pulse for every team each month on day",
        min_value=0,
        max_value=28,
        help_text="1 to 28; 0 for no schedule (leaders open pulses themselves).",
    )
    days_open = forms.IntegerField(
        label="Days a pulse stays open",
        min_value=DAYS_OPEN_RANGE[0],
        max_value=DAYS_OPEN_RANGE[1],
    )
