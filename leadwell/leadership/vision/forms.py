"""The forms of the vision pages: they turn posted text into days and numbers and keep what the
person typed; the services decide what is valid and say why beside the field."""

from django import forms

from leadwell.leadership.vision.models import QUESTIONS, ChangeKind, GoalVersion
from leadwell.leadership.vision.services import GoalText
from leadwell.lib.forms import DateInput
from leadwell.metrics import catalog, windows
from leadwell.metrics.catalog import Unit


def _metric_choices() -> list[tuple[str, str]]:
    # Only metrics that add up over a goal's months: others would read as an average of months.
    measurable = (m for m in catalog.METRICS if m.targetable and windows.adds_up_over_months(m))
    return [("", "Not measured"), *((m.key, m.name) for m in measurable)]


class VisionForm(forms.Form):
    value = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    approach = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    standing = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    economy = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, question in QUESTIONS:
            self.fields[name].label = question


def target_shown(version: GoalVersion) -> str:
    """A target as typed back into the form: a percentage with its sign."""
    if version.target is None:
        return ""
    metric = catalog.BY_KEY.get(version.metric)
    if metric is not None and metric.unit == Unit.PERCENT:
        return f"{version.target * 100:g}%"
    return f"{version.target:g}"


class GoalForm(forms.Form):
    title = forms.CharField(label="Goal", max_length=200, required=False)
    detail = forms.CharField(
        label="What it means for the team",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    metric = forms.ChoiceField(label="Measured by", required=False)
    target = forms.CharField(
        label="Target", required=False, help_text="A number: 12, 250000, or 33% for a rate."
    )
    starts_on = forms.DateField(
        label="Counted from",
        required=False,
        widget=DateInput,
        help_text="The first day its progress counts (today if left empty).",
    )
    target_date = forms.DateField(label="Target date", required=False, widget=DateInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = _metric_choices()  # type: ignore[attr-defined]

    @classmethod
    def initial_of(cls, version: GoalVersion) -> dict:
        return {
            "title": version.title,
            "detail": version.detail,
            "metric": version.metric,
            "target": target_shown(version),
            "starts_on": version.starts_on,
            "target_date": version.target_date,
        }

    def clean_target(self) -> float | None:
        text = self.cleaned_data.get("target", "").strip().replace(",", "")
        if not text:
            return None
        percent = text.endswith("%")
        try:
            value = float(text.rstrip("%").strip())
        except ValueError:
            raise forms.ValidationError("Enter a number, like 12 or 33%.") from None
        metric = catalog.BY_KEY.get(self.data.get("metric", ""))
        if percent or (metric is not None and metric.unit == Unit.PERCENT and value > 1):
            value /= 100
        return value

    def goal_text(self) -> GoalText:
        data = self.cleaned_data
        return GoalText(
            title=data.get("title", ""),
            detail=data.get("detail", ""),
            metric=data.get("metric", ""),
            target=data.get("target"),
            starts_on=data.get("starts_on"),
            target_date=data.get("target_date"),
        )


class ChangeForm(GoalForm):
    change_kind = forms.ChoiceField(
        label="What changed", choices=[("", "Choose…"), *ChangeKind.choices], required=False
    )
    reason = forms.CharField(
        label="Why the goal must change", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    team_note = forms.CharField(
        label="How the team should see the change",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ServingForm(forms.Form):
    serving = forms.MultipleChoiceField(
        label="Standards that serve this goal",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Beyond the goal's own metric: the team standards page shows which goal "
        "each standard serves.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["serving"].choices = _metric_choices()[1:]  # type: ignore[attr-defined]
