"""Writers for quotas and forecast submissions."""

from leadwell.crm.importing.rows import Row, RowError
from leadwell.crm.importing.writers.base import Item, Writer, upsert
from leadwell.crm.models import ForecastSubmission, Quota
from leadwell.org.models import Team


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
        return errors + upsert(
            self,
            candidates,
            lambda q: (q.person_id, q.team_id, q.period_kind, q.period_start),
            items,
            key_field="period",
        )


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
