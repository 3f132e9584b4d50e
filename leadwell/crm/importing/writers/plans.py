"""Writers for quotas and forecast submissions."""

from typing import Any

from leadwell.audit import services as audit
from leadwell.audit.models import Kind
from leadwell.audit.tracking import plain
from leadwell.crm.importing.rows import Row, RowError
from leadwell.crm.importing.writers.base import Item, Writer, upsert
from leadwell.crm.models import ForecastSubmission, Quota
from leadwell.lib.periods import period_of
from leadwell.org.models import Person, Team


class QuotaWriter(Writer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.teams = {
            " ".join(name.split()).casefold(): pk
            for pk, name in Team.objects.values_list("pk", "name")
        }

    def write(self, rows: list[Row]) -> list[RowError]:
        errors: list[RowError] = []
        items: list[Item] = []
        for row in rows:
            v = row.values
            person_id = team_id = None
            if v.get("owner"):
                person_id = self.person(row, "owner", errors)
                if person_id is None:
                    continue
            elif v.get("team"):
                team_id = self.teams.get(" ".join(v["team"].split()).casefold())
                if team_id is None:
                    errors.append(self.error(row, "team", "unknown team"))
                    continue
            else:
                errors.append(self.error(row, "owner", "a quota needs a person or a team"))
                continue
            period = v["period"]
            data = {
                "person_id": person_id,
                "team_id": team_id,
                "period_kind": period.kind.value,
                "period_start": period.start,
                "amount": v["amount"],
            }
            items.append((row, (person_id, team_id, period.kind.value, period.start), data))
        candidates = Quota.objects.filter(period_start__in={d["period_start"] for _, _, d in items})
        audited: list[tuple[str, Any, dict[str, Any], Any]] = []
        errors += upsert(
            self,
            candidates,
            lambda q: (q.person_id, q.team_id, q.period_kind, q.period_start),
            items,
            key_field="period",
            on_change=lambda quota, old, new: audited.append(
                ("changed", quota.pk, new, old["amount"])
            ),
            on_create=lambda new: audited.append(("created", "", new, None)),
        )
        if self.writing:
            _record_quotas(audited)
        return errors


def _record_quotas(audited: list[tuple[str, Any, dict[str, Any], Any]]) -> None:
    """Quotas are written in bulk, which the audit trail does not see: each created or changed
    quota is recorded here, with its old and new amount."""
    if not audited:
        return
    person_ids = {new["person_id"] for _, _, new, _ in audited if new["person_id"]}
    team_ids = {new["team_id"] for _, _, new, _ in audited if new["team_id"]}
    people = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "name"))
    teams = dict(Team.objects.filter(pk__in=team_ids).values_list("pk", "name"))
    entries = []
    for action, quota_id, new, old_amount in audited:
        whose = people.get(new["person_id"]) or f"team {teams.get(new['team_id'])}"
        period = period_of(new["period_start"], new["period_kind"])
        entries.append(
            {
                "kind": Kind.QUOTA,
                "action": action,
                "object_type": "crm.quota",
                "object_id": quota_id,
                "subject_id": new["person_id"],
                "team_id": new["team_id"],
                "summary": f"Quota of {whose} for {period.short_label} {action}",
                "changes": {"amount": [plain(old_amount), plain(new["amount"])]},
            }
        )
    audit.record_many(entries)


class ForecastWriter(Writer):
    def write(self, rows: list[Row]) -> list[RowError]:
        errors: list[RowError] = []
        items: list[Item] = []
        for row in rows:
            v = row.values
            person_id = self.person(row, "owner", errors)
            if person_id is None:
                continue
            period = v["period"]
            data = {
                "person_id": person_id,
                "period_kind": period.kind.value,
                "period_start": period.start,
                "submitted_on": v["submitted_on"],
                "commit": v.get("commit"),
                "best_case": v.get("best_case"),
                "pipeline": v.get("pipeline"),
            }
            key = (person_id, period.kind.value, period.start, v["submitted_on"])
            items.append((row, key, data))
        candidates = ForecastSubmission.objects.filter(
            person_id__in={d["person_id"] for _, _, d in items},
            period_start__in={d["period_start"] for _, _, d in items},
        )
        return errors + upsert(
            self,
            candidates,
            lambda f: (f.person_id, f.period_kind, f.period_start, f.submitted_on),
            items,
            key_field="period",
        )
