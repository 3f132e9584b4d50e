"""Administrators edit the diagnostic map. Targets, figures and parts stay out of the admin:
a seller's targets and gaps are private to them and their management line."""

from django import forms
from django.contrib import admin

from leadwell.metrics import catalog
from leadwell.metrics.models import Diagnosis


class DiagnosisForm(forms.ModelForm):
    metric = forms.ChoiceField(choices=[(m.key, f"{m.name} ({m.key})") for m in catalog.METRICS])

    class Meta:
        model = Diagnosis
        fields = ["metric", "cause", "explanation", "order"]


@admin.register(Diagnosis)
class DiagnosisAdmin(admin.ModelAdmin):
    form = DiagnosisForm
    list_display = ["metric", "cause", "explanation", "order"]
    list_filter = ["metric"]
    search_fields = ["cause", "explanation"]
