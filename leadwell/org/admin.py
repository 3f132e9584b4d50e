from django.contrib import admin

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
