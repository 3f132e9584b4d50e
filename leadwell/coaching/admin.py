"""Only the two libraries are in the admin: administrators configure them. Coaching content
(goals, items, 1:1s, plans) is deliberately absent: an administrator does not read it."""

from django.contrib import admin

from leadwell.coaching.models import AssignmentTemplate, Skill


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "description"]


@admin.register(AssignmentTemplate)
class AssignmentTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "days", "is_active"]
    list_filter = ["is_active", "skills"]
    search_fields = ["title", "description"]
    filter_horizontal = ["skills"]
