"""How a file's columns are read: each header matched to a field (by the preset, the common
spellings, a mapping file or the key columns), the required fields checked, and what the
figures need but no column fills warned about."""

import re
from pathlib import Path

from leadwell.crm.importing import presets
from leadwell.crm.importing.fields import CHOICES, FIELDS, IMPORTANT, KINDS, STAND_INS
from leadwell.crm.importing.parsing import make_choice_parser
from leadwell.crm.importing.reading import FileProblem
from leadwell.crm.importing.rows import ImportOptions, Plan


def plan_columns(
    kind: str,
    header: list[str],
    options: ImportOptions,
    *,
    file_name: str = "",
    strict: bool = True,
) -> Plan:
    """How the header's columns are read; with `strict`, a missing required column is an error.
    `file_name` (the file as uploaded) may say what type of activity all its rows are."""
    if kind not in KINDS:
        raise FileProblem(f"Unknown kind of import {kind!r}; choose one of {', '.join(KINDS)}")
    preset = options.preset
    if preset == "auto":
        preset = presets.detect_preset(kind, header)
    elif preset not in presets.BY_NAME:
        raise FileProblem(
            f"Unknown preset {preset!r}; choose auto or one of {', '.join(presets.PRESETS)}"
        )
    matched = presets.match_columns(kind, preset, header)
    by_key = {presets.header_key(h): i for i, h in enumerate(header)}
    for field_name, column in options.mapping.get("columns", {}).items():
        if field_name not in FIELDS[kind]:
            raise FileProblem(f"The mapping names {field_name!r}, which {kind} do not have")
        if not column:
            matched.pop(field_name, None)
            continue
        position = by_key.get(presets.header_key(column))
        if position is None:
            raise FileProblem(f"The mapping names a column {column!r} that is not in the file")
        matched = {f: found for f, found in matched.items() if found[0] != position}
        matched[field_name] = (position, presets.FROM_MAPPING)
    columns = {field_name: position for field_name, (position, _) in matched.items()}
    how = {position: source for position, source in matched.values()}
    key_columns = []
    for column in options.key:
        position = by_key.get(presets.header_key(column))
        if position is None:
            raise FileProblem(f"--key names a column {column!r} that is not in the file")
        key_columns.append(position)
    stood_in = _stood_in(kind, columns, options)
    missing = [
        spec.label
        for name, spec in FIELDS[kind].items()
        if spec.required
        and name not in columns
        and name not in stood_in
        and not (name == "external_id" and key_columns)
    ]
    if missing and strict:
        if "Opportunity ID" in missing or "Activity ID" in missing:
            hint = " The file has no id column: name the columns that identify a row with --key."
        else:
            hint = " Name the columns in a mapping file (--mapping)."
        if "owner" in FIELDS[kind] and FIELDS[kind]["owner"].label in missing and kind in OWNED:
            hint += " A file with no owner column (one person's pipeline) can name its owner"
            hint += " with --default-owner."
        raise FileProblem(
            f"Required column(s) not found: {', '.join(missing)}.{hint} "
            f"The file's columns are: {', '.join(h for h in header if h)}"
        )
    file_type, file_type_from = (
        _file_type(preset, columns, file_name) if kind == "activities" else ("", "")
    )
    plan_warnings, unanswered = _missing_important(kind, columns, options, file_type)
    used = set(columns.values()) | set(key_columns)
    ignored = [h for i, h in enumerate(header) if h and i not in used]
    how.update((position, presets.FROM_KEY) for position in key_columns)
    plan = Plan(
        kind,
        preset,
        header,
        columns,
        key_columns,
        ignored,
        missing=missing,
        how=how,
        warnings=plan_warnings,
        unanswered=unanswered,
    )
    # Blank owners are the writer's to count (once per file) or to give the default owner.
    plan.optional = stood_in | ({"owner"} if kind in OWNED else set())
    plan.activity_type, plan.activity_type_from = file_type, file_type_from
    return plan


def _file_type(preset: str, columns: dict[str, int], file_name: str) -> tuple[str, str]:
    """The type of every activity of a file that holds one type only, and what says so: its
    kind (a Zoho calls export) when it has no type column; its name (calls.csv) when no column
    at all tells types."""
    if "type" in columns:
        return "", ""
    told = presets.BY_NAME[preset].activity_type
    if told:
        return told, f"its kind ({preset})"
    if {"call_type", "task_subtype"} & set(columns):
        return "", ""
    for word in re.split(r"[^A-Za-z]+", Path(file_name or "").stem):
        if word.casefold().rstrip("s") in ("call", "email", "meeting", "demo"):
            return TYPE_WORD(word), f"its name ({file_name})"
    return "", ""


# The activity type a word names (a subject's first word, a word of the file's name).
TYPE_WORD = make_choice_parser(
    {name: CHOICES["activity_type"][name] for name in ("call", "email", "meeting", "demo")},
    label="activity type",
)


# The kinds whose rows each belong to a seller.
OWNED = ("opportunities", "activities")


def _stood_in(kind: str, columns: dict[str, int], options: ImportOptions) -> set[str]:
    """The required fields other columns or a per-file default answer for."""
    found = {
        name
        for name, others in STAND_INS.get(kind, {}).items()
        if any(other in columns for other in others)
    }
    if options.default_owner and kind in OWNED:
        found.add("owner")
    return found


# Columns and per-file defaults that answer for a field the figures need (the writer reads an
# activity's type from its call type, task subtype or subject, its status from IsClosed).
# Without a type column, the subject's first word tells a call from an e-mail or a meeting.
ANSWERED_BY = {
    "activities": {"type": ("call_type", "task_subtype", "subject"), "status": ("is_closed",)}
}


def _missing_important(
    kind: str, columns: dict[str, int], options: ImportOptions, file_type: str = ""
) -> tuple[list[dict[str, str]], list[str]]:
    """A warning for each field the kind needs that no column fills, and the fields nobody
    has yet said the file lacks (a mapping that names no column for a field says so)."""
    said_absent = {f for f, column in options.mapping.get("columns", {}).items() if not column}
    # A calls export's rows (or calls.csv's) are calls, whatever the file says of their type.
    defaults = {
        "type": options.default_type or file_type,
        "status": options.default_status,
    }
    warnings, unanswered = [], []
    for name, consequence in IMPORTANT.get(kind, {}).items():
        if name in columns or FIELDS[kind][name].required:
            continue  # a required field's absence stops the import (plan_columns says so)
        others = ANSWERED_BY.get(kind, {}).get(name, ())
        if any(other in columns for other in others) or (
            kind == "activities" and defaults.get(name)
        ):
            continue
        label = FIELDS[kind][name].label
        if name in said_absent:
            reason = f"the file has no {label} column (as you said): {consequence}"
        else:
            unanswered.append(name)
            reason = (
                f"no column of the file was recognised as {label}: {consequence}. Choose its "
                f'column (in a mapping file: [columns] {name} = "Header"), or say the file '
                f'has none ({name} = "")'
            )
        warnings.append({"column": label, "reason": reason})
    return warnings, unanswered
