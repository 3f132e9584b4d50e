from django.http import HttpRequest

from leadwell import policy


def viewer(request: HttpRequest) -> dict:
    return {"viewer": policy.viewer_for(getattr(request, "user", None))}
