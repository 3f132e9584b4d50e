"""Signals other apps listen to, so the CRM app need not know them."""

from django.dispatch import Signal

# Sent inside an import's transaction once its rows are written and it is about to be kept
# (never for a dry run or a refused import). Arguments: run (the ImportRun).
import_written = Signal()
