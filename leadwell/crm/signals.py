"""Signals other apps listen to, so the CRM app need not know them.

`import_written` is sent inside an import's transaction once its rows are written and it is
about to be kept (never for a dry run or a refused import), with these arguments:

- `run`: the ImportRun. Every record the import created or changed names it
  (`last_import_id`), and so does every history row it wrote (`OpportunityChange.import_run`).
- `previous`: where the records the import rewrote were before it rewrote them, for whoever
  keeps numbers by person and period (the metrics summaries): the name of a temporary table
  (`PREVIOUS`) on the import's database connection, readable until the transaction ends, with
  one row per rewritten record and date column, `(person_id integer, day date)`: the record's
  owner and each of its dates (an opportunity's close and created dates, an activity's date)
  as they stood before the import. Rows may repeat and either column may be NULL. None when
  the import rewrote no such records (accounts, quotas, forecasts, people; quotas and
  forecasts are rewritten in place, so `run` finds them). The table holds only the import's
  rows, so it stays as small as the changes, whatever the size of the file.

Receivers must not write to the table; it is emptied when the next import on the connection
starts.

`quotas_changed` is sent inside the transaction of a quota set by hand (the quotas page, the
API: `services.quotas_set`), once per save, with `quotas`: a list of `(person_id, team_id,
period_kind, period_start)`, one per quota created, changed or cleared (exactly one of the two
ids is set). An import of quotas sends `import_written` instead.

`forecasts_changed` is sent inside the transaction of a forecast call made by hand (the
forecast call page, the API: `services.forecast_submit`), with `forecasts`: a list of
`(person_id, period_kind, period_start)`. A leader's call for a team (TeamForecast) sends none:
it feeds no summary. An import of forecasts sends `import_written` instead.
"""

from django.dispatch import Signal

PREVIOUS = "lw_previous"

import_written = Signal()

quotas_changed = Signal()

forecasts_changed = Signal()
