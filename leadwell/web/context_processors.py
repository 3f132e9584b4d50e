from django.http import HttpRequest

from leadwell import policy


def viewer(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "viewer": policy.viewer_for(user),
        # The menu links to imports for those the policy lets start one (asked quietly: a
        # link not shown refuses nothing).
        "may_start_import": policy.may(user, "crm.start_import", quiet=True),
        # ... and to the administration home for administrators.
        "may_administer": policy.may(user, "org.administer", quiet=True),
    }
