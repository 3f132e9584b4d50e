"""Writer for accounts (customers)."""

from leadwell.crm.importing.rows import Row, RowError
from leadwell.crm.importing.writers.base import Item, Writer, upsert
from leadwell.crm.importing.writers.references import Accounts
from leadwell.crm.models import Account


class AccountWriter(Writer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.parents = Accounts(self.run, writing=self.writing)
        self.by_id = "external_id" in self.plan.columns or bool(self.plan.key_columns)

    def finish(self) -> list[RowError]:
        # Parents no row described are accounts of their own all the same.
        self.counts["created"] += len(self.parents.created)
        return super().finish()

    def write(self, rows: list[Row]) -> list[RowError]:
        # A parent named before its own row is created by name and filled in when its row comes.
        parent_ids = self.parents.resolve(
            {r.values["parent"] for r in rows if r.values.get("parent")}
        )
        items: list[Item] = []
        errors: list[RowError] = []
        for row in rows:
            v = row.values
            if self.by_id and not v.get("external_id"):
                errors.append(self.error(row, "external_id", "Account ID is required"))
                continue
            data = {
                "name": v["name"],
                "name_key": Account.key_for(v["name"]),
                "segment": v.get("segment") or "",
                "industry": v.get("industry") or "",
                "region": v.get("region") or "",
                "employees": v.get("employees"),
                "annual_revenue": v.get("annual_revenue"),
                "parent_id": parent_ids.get(v.get("parent") or ""),
            }
            if self.by_id:
                data["external_id"] = v["external_id"]
            key = v["external_id"] if self.by_id else data["name_key"]
            items.append((row, key, data))
        keys = [key for _, key, _ in items]
        if self.by_id:
            candidates = Account.objects.filter(external_id__in=keys)
            return errors + upsert(self, candidates, lambda a: a.external_id, items)
        candidates = Account.objects.filter(name_key__in=keys)
        return errors + upsert(
            self,
            candidates,
            lambda a: a.name_key,
            items,
            key_field="name",
            placeholders=self.parents.created,
        )
