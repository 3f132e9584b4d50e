"""Writer for accounts (customers)."""

from leadwell.crm.importing.rows import Row, RowError
from leadwell.crm.importing.writers.base import Item, Writer, upsert
from leadwell.crm.importing.writers.ids import by_external_id
from leadwell.crm.importing.writers.references import Accounts
from leadwell.crm.models import Account


class AccountWriter(Writer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.parents = Accounts(self.run, writing=self.writing)
        self.by_id = "external_id" in self.plan.columns or bool(self.plan.key_columns)
        # Accounts whose parent, named by CRM id, was not imported before: (row, account id,
        # parent id), linked at the end of the file (see finish).
        self.waiting: list[tuple[Row, str, str]] = []

    def finish(self) -> list[RowError]:
        # Parents no row described are accounts of their own all the same.
        self.counts["created"] += len(self.parents.created)
        self._link_parents()
        return super().finish()

    def _link_parents(self) -> None:
        """Parents named by CRM id that were not imported before: found among this file's
        accounts now that all are read; an id that is not there is reported once."""
        wanted = {parent for _, _, parent in self.waiting}
        if self.writing:
            ids = by_external_id(Account, wanted)
        else:
            ids = {key: 0 for key in wanted if key in self.checked}
        links: dict[int, list[str]] = {}
        for row, key, parent in self.waiting:
            if parent not in ids:
                self.crm_ids.missing(row, "parent_id", parent, "account")
            elif self.writing:
                links.setdefault(ids[parent], []).append(key)
        for parent_pk, keys in links.items():
            Account.objects.filter(external_id__in=keys).update(parent_id=parent_pk)

    def _parents_by_id(self, rows: list[Row]) -> dict[str, int]:
        wanted = {r.values["parent_id"] for r in rows if r.values.get("parent_id")}
        if not wanted:
            return {}
        return by_external_id(Account, wanted)

    def write(self, rows: list[Row]) -> list[RowError]:
        # A parent named before its own row is created by name and filled in when its row comes.
        parent_ids = self.parents.resolve(
            {r.values["parent"] for r in rows if r.values.get("parent")}
        )
        parents_by_id = self._parents_by_id(rows)
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
                "parent_id": parents_by_id.get(v.get("parent_id") or "")
                or parent_ids.get(v.get("parent") or ""),
            }
            if v.get("parent_id") and data["parent_id"] is None:
                self.waiting.append((row, v.get("external_id") or "", v["parent_id"]))
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
