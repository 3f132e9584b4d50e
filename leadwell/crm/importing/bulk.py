"""Set-based upserts for the big kinds (opportunities, activities).

Each batch is loaded into a temporary staging table the fastest way the database offers,
then compared with the existing records in a few statements: which rows are new, which
unchanged, which changed, and which repeat a key this file wrote already. Only the changed
rows (few, in practice) come back to Python, for their history. While checking
(`writing=False`) the same comparisons run and count, and only the temporary tables are
written.
"""

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models import Model

from leadwell.crm.importing.rows import Row, RowError
from leadwell.crm.signals import PREVIOUS
from leadwell.lib.dbsql import analyze, create_stage, db_value, load, quote, same, text_columns


def conflict(line: int | None) -> str:
    """A row refused because an earlier row of the file has its key and other values."""
    if line is None:
        return "another row of this file has the same key with different values"
    return f"same key as line {line}, with different values"


def ensure_previous(cursor) -> None:
    """The table of where rewritten records were before (see leadwell/crm/signals.py)."""
    cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {PREVIOUS} (person_id integer, day date)")


class StagedUpsert:
    def __init__(
        self,
        model: type[Model],
        *,
        key: str,
        columns: list[str],
        tracked: list[str],
        run_id: int,
        extra: dict[str, Any] | None = None,
        previous: tuple[str, list[str]] | None = None,
        writing: bool = True,
    ) -> None:
        """`columns` are written from each row, `tracked` (a subset) are returned when they
        change, `extra` are constant values for new records (e.g. timestamps). `previous`
        names a person column and date columns whose values before an update are kept in
        PREVIOUS (then `previous_table` names it, for the `import_written` signal)."""
        self.model = model
        self.table = model._meta.db_table
        self.key = key
        self.columns = columns
        self.tracked = tracked
        self.run_id = run_id
        self.extra = extra or {}
        self.previous = previous if writing else None
        self.previous_table = PREVIOUS if self.previous else None
        self.writing = writing
        self.stage = f"lw_stage_{self.table}"
        # The keys this file has written so far: a later row with the same key is a
        # duplicate or a conflict. Kept by the database, so memory does not grow with the file.
        self.seen = f"lw_seen_{self.table}"
        # While checking, the values this file would leave in each record it creates or
        # changes: what a later row with the same key is compared with (a write finds them in
        # the table itself).
        self.checked = f"lw_checked_{self.table}"
        self.all_columns = [key, *columns]
        self.as_text = text_columns(model, self.all_columns)
        with connection.cursor() as cursor:
            create_stage(cursor, self.stage, self.table, self.all_columns)
            # With the line that wrote each key, which a conflicting row is told.
            create_stage(cursor, self.seen, self.table, [key])
            index, seen = quote(self.seen + "_key"), quote(self.seen)
            cursor.execute(f"CREATE UNIQUE INDEX {index} ON {seen} ({quote(key)})")
            if not writing:
                create_stage(cursor, self.checked, self.table, self.all_columns, with_line=False)
                index, checked = quote(self.checked + "_key"), quote(self.checked)
                cursor.execute(f"CREATE UNIQUE INDEX {index} ON {checked} ({quote(key)})")
            ensure_previous(cursor)
            cursor.execute(f"DELETE FROM {PREVIOUS}")

    def dedupe(
        self,
        items: list[tuple[Row, tuple[Any, ...]]],
        counts,
        error: Callable[[Row, str], RowError],
    ) -> tuple[list[tuple[Row, tuple[Any, ...]]], list[RowError]]:
        """Within one batch: a repeated key is skipped when identical, refused when not."""
        if len({values[0] for _, values in items}) == len(items):
            return items, []
        first: dict[Any, tuple[int, tuple[Any, ...]]] = {}
        kept, errors = [], []
        for row, values in items:
            found = first.get(values[0])
            if found is None:
                first[values[0]] = (row.line, values)
                kept.append((row, values))
            elif found[1] == values:
                counts["skipped"] += 1
            else:
                errors.append(error(row, conflict(found[0])))
        return kept, errors

    def apply(
        self,
        items: list[tuple[Row, tuple[Any, ...]]],
        counts,
        error: Callable[[Row, str], RowError],
    ) -> tuple[list[RowError], list[tuple[int, dict[str, Any], dict[str, Any]]]]:
        """Upsert (row, values-in-column-order) items; returns errors and changed records as
        (id, old tracked values, new tracked values)."""
        errors: list[RowError] = []
        changed: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
        with connection.cursor() as cursor:
            found = self._existing(cursor, [values[0] for _, values in items])
            new = [(row, values) for row, values in items if values[0] not in found]
            if new:
                if self.writing:
                    # Keys nobody has: straight into the table, the database's fastest way.
                    extra = (self.run_id, *(db_value(v) for v in self.extra.values()))
                    columns = [*self.all_columns, "last_import_id", *self.extra]
                    rows = ((*values, *extra) for _, values in new)
                    load(cursor, self.table, columns, rows, as_text=self.as_text)
                else:
                    rows = (values for _, values in new)
                    load(cursor, self.checked, self.all_columns, rows, as_text=self.as_text)
                load(cursor, self.seen, [self.key, "line"], ((v[0], row.line) for row, v in new))
                counts["created"] += len(new)
            known = [(row, values) for row, values in items if values[0] in found]
            if known:
                errors, changed = self._compare(cursor, known, counts, error)
        return errors, changed

    def _existing(self, cursor, keys: list[Any]) -> set[Any]:
        found: set[Any] = set()
        tables = [self.table] if self.writing else [self.table, self.checked]
        for start in range(0, len(keys), 1000):
            chunk = keys[start : start + 1000]
            marks = ", ".join(["%s"] * len(chunk))
            key = quote(self.key)
            for table in tables:
                cursor.execute(f"SELECT {key} FROM {quote(table)} WHERE {key} IN ({marks})", chunk)
                found.update(key for (key,) in cursor.fetchall())
        return found

    def _compare(self, cursor, items, counts, error):
        """Records that exist: unchanged, changed (with their old tracked values), or
        written by this file already (a duplicate, or a conflict)."""
        errors: list[RowError] = []
        changed: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
        by_line = {row.line: (row, values) for row, values in items}
        q = quote
        cursor.execute(f"DELETE FROM {q(self.stage)}")
        load(
            cursor,
            self.stage,
            [*self.all_columns, "line"],
            ((*values, row.line) for row, values in items),
            as_text=self.as_text,
        )
        analyze(cursor, self.stage)
        equal = " AND ".join(same(f"o.{q(c)}", f"s.{q(c)}") for c in self.columns)
        key = q(self.key)
        # EXISTS, not a join: the planner has no statistics on the temporary tables and
        # would otherwise scan the whole (growing) table of seen keys for every batch.
        written_here = (
            ""
            if self.writing
            else f" WHERE NOT EXISTS (SELECT 1 FROM {q(self.checked)} c WHERE c.{key} = s.{key})"
        )
        seen_line = f"(SELECT v.line FROM {q(self.seen)} v WHERE v.{key} = s.{key})"
        cursor.execute(
            f"SELECT s.line, o.id, {seen_line},"
            f" CASE WHEN {equal} THEN 1 ELSE 0 END"
            f" FROM {q(self.stage)} s JOIN {q(self.table)} o ON o.{key} = s.{key}{written_here}"
        )
        found = cursor.fetchall()
        if not self.writing:
            # Keys an earlier batch would have written: seen before, by definition, and
            # compared with the values that batch would have left.
            cursor.execute(
                f"SELECT s.line, NULL, COALESCE({seen_line}, 0),"
                f" CASE WHEN {equal} THEN 1 ELSE 0 END"
                f" FROM {q(self.stage)} s JOIN {q(self.checked)} o ON o.{key} = s.{key}"
            )
            found += cursor.fetchall()
        dropped: list[int] = []
        updates: list[tuple[Any, ...]] = []
        updated_lines: list[int] = []
        positions = [self.all_columns.index(c) for c in self.tracked]
        for line, pk, seen_before, is_equal in found:
            row, values = by_line[line]
            if seen_before is not None:
                dropped.append(line)
                if is_equal:
                    counts["skipped"] += 1
                else:
                    errors.append(error(row, conflict(seen_before or None)))
            elif is_equal:
                counts["unchanged"] += 1
            else:
                counts["updated"] += 1
                new = {c: values[p] for c, p in zip(self.tracked, positions, strict=True)}
                changed.append((pk, {}, new))
                updates.append((*values[1:], pk))
                updated_lines.append(line)
        if changed and self.tracked and self.writing:
            # Through the ORM, so old values come back as the same Python types as new ones.
            old_values = {
                found["pk"]: found
                for found in self.model._default_manager.filter(
                    pk__in=[pk for pk, _, _ in changed]
                ).values("pk", *self.tracked)
            }
            for pk, old, _ in changed:
                old.update({c: old_values[pk][c] for c in self.tracked})
        for start in range(0, len(dropped), 500):
            chunk = dropped[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {q(self.stage)} WHERE line IN ({marks})", chunk)
        if updates and self.previous:
            person, days = self.previous
            ids = [u[-1] for u in updates]
            for start in range(0, len(ids), 500):
                marks = ", ".join(["%s"] * len(ids[start : start + 500]))
                for day in days:
                    cursor.execute(
                        f"INSERT INTO {PREVIOUS} (person_id, day) SELECT {q(person)}, {q(day)} "
                        f"FROM {q(self.table)} WHERE id IN ({marks})",
                        ids[start : start + 500],
                    )
        if updates and not self.writing:
            rows = ((by_line[line][1]) for line in updated_lines)
            load(cursor, self.checked, self.all_columns, rows, as_text=self.as_text)
        if updates and self.writing:
            assigned = [*self.columns, *self.extra, "last_import_id"]
            assignments = ", ".join(f"{q(c)} = %s" for c in assigned)
            cursor.executemany(
                f"UPDATE {q(self.table)} SET {assignments} WHERE id = %s",
                [
                    (*u[:-1], *(db_value(v) for v in self.extra.values()), self.run_id, u[-1])
                    for u in updates
                ],
            )
        # Unchanged records are left as they are: re-importing a file writes nothing to them.
        cursor.execute(
            f"INSERT INTO {q(self.seen)} ({key}, line) SELECT {key}, line FROM {q(self.stage)}"
        )
        return errors, changed
