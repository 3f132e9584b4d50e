from django.contrib import admin, messages

from leadwell.org import services
from leadwell.org.models import Membership, Office, Person, Team


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["team"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "title", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "email", "title"]
    autocomplete_fields = ["user"]
    inlines = [MembershipInline]
    actions = ["deactivate"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting a person would take their coaching, 1:1s and private notes with them,
        # listed by the confirmation page: people are deactivated instead.
        return False

    @admin.action(description="Deactivate the selected people (their records stay)")
    def deactivate(self, request, queryset) -> None:
        people = list(queryset.filter(is_active=True))
        for person in people:
            services.person_deactivate(person=person)
        self.message_user(
            request, f"Deactivated {len(people)} people; nothing was deleted.", messages.SUCCESS
        )


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "office"]
    search_fields = ["name"]
    list_select_related = ["office"]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name"]
    list_select_related = ["parent"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "team", "valid_from", "valid_until"]
    list_filter = ["role", "team"]
    search_fields = ["person__name", "team__name"]
    autocomplete_fields = ["person", "team"]
    list_select_related = ["person", "team"]
