"""The site's addresses for these tests, with `cadences:unsubscribe` if the site has none yet.

Every e-mail carries its one-click unsubscribe address, made with
`reverse("cadences:unsubscribe")`. The page behind it belongs to the preferences part of the
cadences app; until that part is in this tree, these tests give the address a page that
answers 501 Not Implemented, so the address can be made and read, never taken for the real
page. Once the site has its own, this urlconf is the site's, unchanged.
"""

from django.http import HttpResponse
from django.urls import include, path

from leadwell import urls as site
from leadwell.cadences import urls as cadences


def _not_in_this_tree(request, token: str) -> HttpResponse:
    return HttpResponse("The unsubscribe page is not in this tree.", status=501)


if any(getattr(p, "name", None) == "unsubscribe" for p in cadences.urlpatterns):
    urlpatterns = site.urlpatterns
else:
    with_unsubscribe = [
        *cadences.urlpatterns,
        path("unsubscribe/<str:token>/", _not_in_this_tree, name="unsubscribe"),
    ]
    urlpatterns = [
        *(p for p in site.urlpatterns if getattr(p, "app_name", None) != "cadences"),
        path("", include((with_unsubscribe, "cadences"))),
    ]
handler404 = site.handler404
handler403 = site.handler403
handler500 = site.handler500
