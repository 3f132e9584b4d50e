"""The form of the agreement page: the draft's commitments, one per line; the services decide
what is valid and say why beside the field."""

from django import forms


class DraftForm(forms.Form):
    commitments = forms.CharField(
        label="Commitments, one per line",
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
    )
