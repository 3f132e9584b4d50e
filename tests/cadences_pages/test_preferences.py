"""A person chooses which e-mails they get, the day and hour in their own time zone: the page
shows what they are offered with the defaults, saves the whole form, and refuses a bad hour,
day or time zone with the reason beside the field, saving nothing of it."""

import datetime
import re
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from leadwell.cadences.models import Kind, MailChoice, Preferences
from leadwell.cadences.services import choices as services
from leadwell.coaching import services as coaching
from tests.conftest import field_beside_message

pytestmark = pytest.mark.django_db

URL = reverse("cadences:preferences")


def is_on(page: str, name: str) -> bool:
    """Whether the page's checkbox `name` is ticked."""
    box = re.search(rf'<input type="checkbox" name="{re.escape(name)}"[^>]*>', page)
    assert box is not None, f"no checkbox {name}"
    return " checked" in box.group(0)


def settings_form(**changes) -> dict:
    """Lena's page as it comes, posted with `changes`: her Monday digest and reminders on."""
    form = {
        "time_zone": "America/New_York",
        "leader_digest-by_email": "on",
        "leader_digest-weekday": "0",
        "leader_digest-hour": "7",
        "reminders-by_email": "on",
        "reminders-hour": "8",
    }
    form |= changes
    return {name: value for name, value in form.items() if value is not None}


def test_a_leader_sees_the_monday_digest_and_reminders_with_their_defaults(personas):
    page = personas.client("leader").get(URL).content.decode()
    assert "Monday digest: your team this week" in page
    assert "Reminders: what is due or overdue" in page
    assert "never coaching notes or comments" in page
    assert is_on(page, "leader_digest-by_email")
    assert '<option value="7" selected>07:00</option>' in page  # the digest at 07:00
    assert '<option value="8" selected>08:00</option>' in page  # reminders at 08:00
    assert '<option value="0" selected>Monday</option>' in page


def test_kinds_not_offered_are_not_shown(personas):
    seller_page = personas.client("seller").get(URL).content.decode()
    assert "reminders-hour" in seller_page
    for not_for_a_seller in ("leader_digest", "director_digest", "pre_one_on_one"):
        assert not_for_a_seller not in seller_page
    director_page = personas.client("director").get(URL).content.decode()
    assert "director_digest-weekday" in director_page
    assert "leader_digest" not in director_page


def test_a_seller_with_a_one_on_one_is_offered_the_email_before_it(personas):
    coaching.series_start(leader=personas.leader, report=personas.seller)
    page = personas.client("seller").get(URL).content.decode()
    assert "pre_one_on_one-hour" in page
    assert "pre_one_on_one-weekday" not in page  # it comes two days before the meeting


def shown_time(page: str) -> datetime.time:
    found = re.search(r"Now it is <strong>(\d\d:\d\d)</strong>", page)
    assert found is not None, "no time shown"
    return datetime.time.fromisoformat(found.group(1))


def minutes_apart(shown: datetime.time, zone: str) -> float:
    now_there = timezone.now().astimezone(zoneinfo.ZoneInfo(zone)).replace(tzinfo=None)
    apart = abs((now_there - datetime.datetime.combine(now_there.date(), shown)).total_seconds())
    return min(apart, 86400 - apart) / 60  # 23:59 and 00:00 are a minute apart


def test_the_time_zone_is_the_organisations_until_chosen_and_the_time_there_is_shown(
    personas, settings
):
    page = personas.client("leader").get(URL).content.decode()
    assert f'<option value="{settings.TIME_ZONE}" selected>' in page
    assert minutes_apart(shown_time(page), settings.TIME_ZONE) < 2


def test_the_time_shown_is_the_time_in_the_chosen_zone(personas):
    Preferences.objects.create(person=personas.leader, time_zone="Asia/Kathmandu")  # UTC+5:45
    page = personas.client("leader").get(URL).content.decode()
    assert '<option value="Asia/Kathmandu" selected>' in page
    assert minutes_apart(shown_time(page), "Asia/Kathmandu") < 2
    assert "in Asia/Kathmandu." in page


def test_saving_keeps_the_day_hour_and_time_zone_and_shows_them_again(personas):
    client = personas.client("leader")
    response = client.post(
        URL,
        settings_form(
            time_zone="Europe/Paris",
            **{"leader_digest-weekday": "1", "leader_digest-hour": "9", "reminders-by_email": None},
        ),
    )
    assert response.status_code == 302
    digest = MailChoice.objects.get(person=personas.leader, kind=Kind.LEADER_DIGEST)
    assert (digest.by_email, digest.weekday, digest.hour) == (True, 1, 9)
    reminders = MailChoice.objects.get(person=personas.leader, kind=Kind.REMINDERS)
    assert reminders.by_email is False
    assert Preferences.objects.get(person=personas.leader).time_zone == "Europe/Paris"
    page = client.get(URL).content.decode()
    assert '<option value="Europe/Paris" selected>' in page
    assert '<option value="1" selected>Tuesday</option>' in page
    assert not is_on(page, "reminders-by_email")
    assert "Your e-mail choices and time zone are saved." in page


def test_a_bad_hour_is_refused_beside_its_field_and_nothing_is_saved(personas):
    response = personas.client("leader").post(
        URL, settings_form(time_zone="Europe/Paris", **{"leader_digest-hour": "24"})
    )
    assert response.status_code == 422
    field_beside_message(
        response.content.decode(),
        "id_leader_digest-hour",
        "Pick an hour from 00:00 to 23:00.",
        error_id="id_leader_digest-hour_error",
    )
    assert not MailChoice.objects.filter(person=personas.leader).exists()
    assert not Preferences.objects.filter(person=personas.leader).exists()


def test_a_bad_day_is_refused_beside_its_field(personas):
    response = personas.client("leader").post(URL, settings_form(**{"leader_digest-weekday": "7"}))
    assert response.status_code == 422
    field_beside_message(
        response.content.decode(),
        "id_leader_digest-weekday",
        "Pick a day of the week, Monday to Sunday.",
        error_id="id_leader_digest-weekday_error",
    )


def test_a_time_zone_that_is_not_one_is_refused_beside_its_field(personas):
    response = personas.client("leader").post(URL, settings_form(time_zone="Mars/Olympus_Mons"))
    assert response.status_code == 422
    field_beside_message(
        response.content.decode(),
        "id_time_zone",
        "“Mars/Olympus_Mons” is not a time zone",
        error_id="id_time_zone_error",
    )
    assert not MailChoice.objects.filter(person=personas.leader).exists()


def test_a_kind_not_offered_is_refused(personas):
    with pytest.raises(ValidationError) as refused:
        services.mail_choice_set(
            person=personas.seller, kind=Kind.LEADER_DIGEST, by_email=True, weekday=1, hour=9
        )
    assert "is not offered to Sam Ortiz" in str(refused.value)
    # Posted to the page anyway, it is ignored: only the kinds shown are read.
    personas.client("seller").post(
        URL,
        {
            "time_zone": "UTC",
            "reminders-hour": "8",
            "leader_digest-by_email": "on",
            "leader_digest-hour": "5",
        },
    )
    assert list(
        MailChoice.objects.filter(person=personas.seller).values_list("kind", flat=True)
    ) == [Kind.REMINDERS]


def test_a_kind_leadwell_does_not_send_is_refused(personas):
    with pytest.raises(ValidationError, match="not an e-mail Leadwell sends"):
        services.mail_choice_set(
            person=personas.seller, kind="newsletter", by_email=True, weekday=0, hour=8
        )


def test_an_administrator_on_no_team_is_offered_reminders_only(personas):
    page = personas.client("admin").get(URL).content.decode()
    assert "reminders-hour" in page
    assert "digest" not in page.split('id="mail-heading"')[1].split("</section>")[0]
