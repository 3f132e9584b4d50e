"""What every app's forms share: the browser's own date picker, and a service's refusal put
back on the form it came from."""

from django import forms
from django.core.exceptions import ValidationError


class DateInput(forms.DateInput):
    input_type = "date"


def refused(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal beside the field it is about, or above the form."""
    for name, messages in getattr(error, "message_dict", {"__all__": error.messages}).items():
        form.add_error(name if name in form.fields else None, messages)
