"""Django's admin, for administrators only: to anyone else it does not exist (404, like any
page they may not see), rather than offering its own sign-in form to try passwords on."""

from functools import update_wrapper

from django.contrib import admin
from django.http import Http404


class AdminSite(admin.AdminSite):
    site_header = "Leadwell administration"
    site_title = "Leadwell administration"

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def administrators_only(request, *args, **kwargs):
            if not self.has_permission(request):
                raise Http404("Not found")
            return inner(request, *args, **kwargs)

        return update_wrapper(administrators_only, view)

    def login(self, request, extra_context=None):
        # People sign in on Leadwell's own page (throttled, logged); the admin has no other door.
        raise Http404("Not found")
