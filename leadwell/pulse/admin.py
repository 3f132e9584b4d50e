"""The trust pulse in the Django admin: the organisation's rules, and each pulse's dates and
participation. No answer, held answer, result or participation row is registered: nobody reads
an answer, and an administrator reads participation rates only."""

from django.contrib import admin

from leadwell.pulse.models import Pulse, PulseRules


@admin.register(PulseRules)
class PulseRulesAdmin(admin.ModelAdmin):
    list_display = ["min_answers", "monthly_on_day", "days_open"]


# A pulse's dates and participation: all an administrator reads of it, and nothing to change.
SHOWN = ("team", "opens_on", "closes_on", "min_answers", "eligible", "answered", "closed")


@admin.register(Pulse)
class PulseAdmin(admin.ModelAdmin):
    list_display = ["team", "opens_on", "closes_on", "eligible", "answered", "closed"]
    list_filter = ["closed"]
    fields = SHOWN
    readonly_fields = SHOWN

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # A pulse's held answers name it: deleting it would strand them, unread, for ever.
        return False
