"""The forms of the debrief and talks pages: they turn posted text into days and ids and keep
what the person typed; the services decide what is valid and say why beside the field."""

from django import forms

from leadwell.debriefs.models import Department
from leadwell.lib.forms import DateInput


class DebriefForm(forms.Form):
    held_on = forms.DateField(label="Held on", widget=DateInput)
    going_well = forms.CharField(
        label="What is going well", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    to_continue = forms.CharField(
        label="What to continue", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    could_improve = forms.CharField(
        label="What could be improved (the director's feedback)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ActionForm(forms.Form):
    text = forms.CharField(label="Action agreed", max_length=300)
    owner = forms.TypedChoiceField(label="Owner", coerce=int)
    due_on = forms.DateField(label="Due", required=False, widget=DateInput)

    def __init__(self, *args, owners=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [(p.pk, p.name) for p in owners]  # type: ignore[attr-defined]


class TalkForm(forms.Form):
    department = forms.ModelChoiceField(
        label="Department", queryset=Department.objects.listed(), empty_label=None
    )
    held_on = forms.DateField(label="Held on", widget=DateInput)
    with_whom = forms.CharField(label="With whom", max_length=200)
    thanked_for = forms.CharField(
        label="What you thanked them for", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    ideas = forms.CharField(
        label="Ideas to work better together",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    follow_ups = forms.CharField(
        label="Follow-ups (who does what, by when)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DepartmentsForm(forms.Form):
    names = forms.CharField(
        label="Departments, one a line",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Leaders are asked to talk with each of them once a quarter. A department "
        "taken off the list keeps its talks.",
    )
