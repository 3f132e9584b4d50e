"""What a person chooses to get and what they got: the preferences page (time zone, and each
e-mail on or off with its day and hour), the in-app notifications list, and the one-click
unsubscribe address every e-mail carries.

A notification is the person's alone (leadwell/cadences/rules.py): the list and each
"mark read" go through the policy, and another person's notification answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from leadwell import policy
from leadwell.cadences import choices, unsubscribe
from leadwell.cadences.forms import NEVER, SHORT_NAMES, PreferencesForm
from leadwell.cadences.models import Notification
from leadwell.cadences.services import choices as services
from leadwell.lib.forms import refused
from leadwell.org.models import Person

NOTIFICATIONS_PER_PAGE = 25


def _form(person: Person, data=None) -> PreferencesForm:
    zone = choices.zone_of(person)
    return PreferencesForm(
        data,
        kinds=choices.kinds_for(person, timezone.localdate()),
        chosen=choices.choices_of(person),
        initial={"time_zone": zone.key},
    )


def _preferences_page(request: HttpRequest, person: Person, form: PreferencesForm, status=200):
    zone = choices.zone_of(person)
    context = {
        "form": form,
        "zone": zone.key,
        # Written here: a template's time filter would read it in the organisation's zone.
        "now_there": timezone.now().astimezone(zone).strftime("%H:%M"),
        "never": NEVER,
    }
    return render(request, "cadences/preferences.html", context, status=status)


def preferences(request: HttpRequest) -> HttpResponse:
    """The person's time zone and, for each e-mail they are offered, on or off, the day and
    the hour: one form, saved whole."""
    me = policy.person_or_404(request.user)
    if request.method != "POST":
        return _preferences_page(request, me, _form(me))
    form = _form(me, request.POST)
    if form.is_valid():
        try:
            services.preferences_save(
                person=me, time_zone=form.cleaned_data["time_zone"], wanted=form.wanted()
            )
        except ValidationError as error:
            refused(form, error)
        else:
            messages.success(request, "Your e-mail choices and time zone are saved.")
            return redirect("cadences:preferences")
    return _preferences_page(request, me, form, status=422)


def _lines(notification: Notification) -> list[dict]:
    """The notification's lines, each with its link only when it is one of Leadwell's own
    addresses (a path, or an absolute http(s) address), grouped under their sections."""
    lines = []
    section = None
    for line in notification.lines if isinstance(notification.lines, list) else []:
        if not isinstance(line, dict):
            continue
        link = str(line.get("link") or "")
        if not link.startswith(("/", "https://", "http://")) or link.startswith("//"):
            link = ""
        heading = str(line.get("section") or "")
        lines.append(
            {
                "text": str(line.get("text") or ""),
                "link": link,
                "section": heading if heading != section else "",
            }
        )
        section = heading
    return lines


def notifications(request: HttpRequest) -> HttpResponse:
    """The person's notifications, newest first. Opening the list marks nothing read: each is
    marked read by its own button, or all at once."""
    me = policy.person_or_404(request.user)
    mine = policy.visible(request.user, "view", Notification.objects.all())
    page = Paginator(mine, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    items = [{"notification": n, "lines": _lines(n)} for n in page.object_list]
    unread = mine.filter(read_at__isnull=True).count()
    context = {"page": page, "items": items, "unread": unread}
    # When each came, in the person's own time zone, as their e-mails' hours are.
    with timezone.override(choices.zone_of(me)):
        return render(request, "cadences/notifications.html", context)


def _back_to_list(request: HttpRequest, anchor: str = "") -> HttpResponse:
    page = request.POST.get("page", "")
    query = f"?page={int(page)}" if page.isdigit() and int(page) > 1 else ""
    return redirect(reverse("cadences:list") + query + anchor)


@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = policy.get_or_404(request.user, "mark_read", Notification, pk=notification_id)
    services.notification_mark_read(notification=notification)
    return _back_to_list(request, f"#notification-{notification.pk}")


@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    me = policy.person_or_404(request.user)
    count = services.notifications_mark_all_read(person=me)
    if count:
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked read.")
    return _back_to_list(request)


# The address in each e-mail's List-Unsubscribe header. A mail client's one-click unsubscribe
# (RFC 8058) POSTs "List-Unsubscribe=One-Click" to it with no session and no CSRF token, so
# this view alone is exempt from both: the signed token in the address is what proves the
# e-mail reached that person, and all it can do is turn one kind of their e-mail off. A GET
# (a person clicking the footer link, or a mail scanner fetching it) only asks.
@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_page(request: HttpRequest, token: str) -> HttpResponse:
    found = unsubscribe.read_token(token)
    if found is None:
        raise Http404("No such unsubscribe address")
    person_id, kind = found
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise Http404("No such unsubscribe address")
    context = {
        "kind_label": SHORT_NAMES[kind],
        "first_name": person.name.split()[0] if person.name.strip() else person.name,
        "done": False,
    }
    if request.method == "POST":
        services.mail_unsubscribe(person_id=person.pk, kind=kind)
        context["done"] = True
    return render(request, "cadences/unsubscribe.html", context)
