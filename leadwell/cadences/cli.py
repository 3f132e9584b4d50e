"""`leadwell digest`: show or send one person's digests now, whatever the hour.

Like the other commands this is the operator's tool. A real run goes through the same outbox
as the worker's schedule, so a digest already made for its period is not made again (the
command says so); `--dry-run` prints what would be sent and stores nothing.
"""

from collections.abc import Callable

import click

from leadwell.metrics.cli import find_person

KINDS = ["leader_digest", "pre_one_on_one", "director_digest", "reminders"]


def register(main: click.Group, data_dir_option: Callable, setup: Callable) -> None:
    @main.command("digest")
    @data_dir_option
    @click.option(
        "--person",
        "person_text",
        required=True,
        metavar="ID|E-MAIL|NAME",
        help="Whose digest it is.",
    )
    @click.option(
        "--kind",
        type=click.Choice(KINDS),
        help="One kind of e-mail; every kind the person is offered when left out.",
    )
    @click.option(
        "--dry-run",
        is_flag=True,
        help="Print the subject and the plain-text part; send and store nothing.",
    )
    def digest_command(
        data_dir: str | None, person_text: str, kind: str | None, dry_run: bool
    ) -> None:
        """Show or send a person's digest now (the Monday digest, the e-mail before a 1:1,
        the director's digest, reminders)."""
        setup(data_dir)
        from django.utils import timezone

        from leadwell.cadences import choices
        from leadwell.cadences.digests import compose, local_now
        from leadwell.cadences.models import Delivery, Kind
        from leadwell.cadences.schedule import composed_send

        person = find_person(person_text)
        now = timezone.now()
        today = local_now(person, now).date()
        offered = choices.kinds_for(person, today)
        if kind is not None and Kind(kind) not in offered:
            names = ", ".join(str(k) for k in offered)
            raise click.ClickException(
                f"{person.name} is not offered the {kind} e-mail today; they are offered: {names}."
            )
        wanted = [Kind(kind)] if kind else offered
        for one in wanted:
            composed = compose(person, one, now)
            if composed is None:
                click.echo(f"{one}: nothing to send to {person.name} now.")
                continue
            if dry_run:
                click.echo(f"=== {one} ({composed.key}), not sent ===")
                click.echo(f"Subject: {composed.subject}")
                click.echo("")
                click.echo(composed.text)
                continue
            made = composed_send(person=person, kind=one, composed=composed)
            if made is None:
                click.echo(f"{one}: already made for this period ({composed.key}); not sent again.")
                continue
            by_email = Delivery.objects.filter(notification=made).exists()
            how = f"queued to {person.email}" if by_email else "in the app only (no e-mail chosen)"
            click.echo(f"{one}: made notification #{made.pk} ({composed.key}), {how}.")
