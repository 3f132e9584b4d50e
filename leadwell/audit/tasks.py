"""Notices go out by e-mail from the worker, so a slow mail server never holds up a page."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from leadwell.audit.models import Notice

SUBJECT = {False: "Leadwell: a change that concerns you", True: "Leadwell: please check a change"}


@task()
def send_notice(*, notice_id: int) -> str:
    notice = Notice.objects.select_related("person").filter(pk=notice_id).first()
    if notice is None or notice.emailed_at is not None:
        return "nothing to send"
    email = notice.person.email
    if not email or not notice.person.is_active:
        return "no e-mail address"
    body = (
        f"Hello {notice.person.name},\n\n{notice.text}\n\n"
        "You can read it, and the reporting-line history, on your page in Leadwell.\n"
    )
    send_mail(SUBJECT[notice.is_warning], body, settings.DEFAULT_FROM_EMAIL, [email])
    Notice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
    return "sent"
