"""Set-based upserts for the big kinds (opportunities, activities).

Each batch is loaded into a temporary staging table the fastest way the database offers,
then compared with the existing records in a few statements: which rows are new, which
unchanged, which changed, and which repeat a key this file wrote already. Only the changed
rows (few, in practice) come back to Python, for their history.
"""

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models import Model

from leadwell.crm.importing.engine import Row, RowError
from leadwell.lib.dbsql import create_stage, load, quote, same

CONFLICT = "another row of this file has the same key with different values"


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
    ) -> None:
        """`columns` are written from each row, `tracked` (a subset) are returned when they
        change, `extra` are constant values for new records (e.g. timestamps)."""
        self.model = model
        self.table = model._meta.db_table
        self.key = key
        self.columns = columns
        self.tracked = tracked
        self.run_id = run_id
        self.extra = extra or {}
        self.stage = f"lw_stage_{self.table}"
        self.all_columns = [key, *columns]
        with connection.cursor() as cursor:
            create_stage(cursor, self.stage, self.table, self.all_columns)

    def dedupe(
        self,
        items: list[tuple[Row, tuple[Any, ...]]],
        counts,
        error: Callable[[Row, str], RowError],
    ) -> tuple[list[tuple[Row, tuple[Any, ...]]], list[RowError]]:
        """Within one batch: a repeated key is skipped when identical, refused when not."""
        first: dict[Any, tuple[Any, ...]] = {}
        kept, errors = [], []
        for row, values in items:
            earlier = first.get(values[0])
            if earlier is None:
                first[values[0]] = values
                kept.append((row, values))
            elif earlier == values:
                counts["skipped"] += 1
            else:
                errors.append(error(row, CONFLICT))
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
        by_line = {row.line: (row, values) for row, values in items}
        q = quote
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {q(self.stage)}")
            load(
                cursor,
                self.stage,
                [*self.all_columns, "line"],
                ((*values, row.line) for row, values in items),
            )
            equal = " AND ".join(same(f"o.{q(c)}", f"s.{q(c)}") for c in self.columns)
            cursor.execute(
                f"SELECT s.line, o.id, o.last_import_id, CASE WHEN {equal} THEN 1 ELSE 0 END"
                f" FROM {q(self.stage)} s JOIN {q(self.table)} o"
                f" ON o.{q(self.key)} = s.{q(self.key)}"
            )
            dropped: list[int] = []
            updates: list[tuple[Any, ...]] = []
            positions = [self.all_columns.index(c) for c in self.tracked]
            for line, pk, last_import, is_equal in cursor.fetchall():
                row, values = by_line[line]
                if last_import == self.run_id:
                    dropped.append(line)
                    if is_equal:
                        counts["skipped"] += 1
                    else:
                        errors.append(error(row, CONFLICT))
                elif is_equal:
                    counts["unchanged"] += 1
                else:
                    counts["updated"] += 1
                    new = {c: values[p] for c, p in zip(self.tracked, positions, strict=True)}
                    changed.append((pk, {}, new))
                    updates.append((*values[1:], pk))
            if changed and self.tracked:
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
            if updates:
                assignments = ", ".join(f"{q(c)} = %s" for c in [*self.columns, *self.extra])
                cursor.executemany(
                    f"UPDATE {q(self.table)} SET {assignments} WHERE id = %s",
                    [(*u[:-1], *self.extra.values(), u[-1]) for u in updates],
                )
            cursor.execute(
                f"UPDATE {q(self.table)} SET last_import_id = %s"
                f" WHERE {q(self.key)} IN (SELECT {q(self.key)} FROM {q(self.stage)})",
                [self.run_id],
            )
            extra_columns = "".join(f", {q(c)}" for c in self.extra)
            extra_marks = "".join(", %s" for _ in self.extra)
            listed = ", ".join(q(c) for c in self.all_columns)
            cursor.execute(
                f"INSERT INTO {q(self.table)} ({listed}, last_import_id{extra_columns})"
                f" SELECT {', '.join('s.' + q(c) for c in self.all_columns)}, %s{extra_marks}"
                f" FROM {q(self.stage)} s WHERE NOT EXISTS"
                f" (SELECT 1 FROM {q(self.table)} o WHERE o.{q(self.key)} = s.{q(self.key)})",
                [self.run_id, *self.extra.values()],
            )
            counts["created"] += cursor.rowcount
        return errors, changed
