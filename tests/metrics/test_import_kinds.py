"""Which imports the figures follow is declared once, with the kinds of import
(crm/importing/fields.py, KIND_CHANGES): after an import of a kind that feeds the metrics its
summaries are refreshed, after one that changes the org chart they are recomputed, and after
any other nothing is done."""

import pytest

from leadwell.crm.importing.fields import CHANGES_ORG, FEEDS_METRICS, KIND_CHANGES, KINDS
from leadwell.crm.models import ImportRun
from leadwell.crm.signals import import_written
from leadwell.metrics import compute


def test_every_kind_of_import_says_once_what_it_changes():
    assert list(KIND_CHANGES) == KINDS
    assert set(KIND_CHANGES.values()) <= {"metrics", "org", ""}
    assert {k for k in KINDS if KIND_CHANGES[k] == "metrics"} == FEEDS_METRICS
    assert {"people"} == CHANGES_ORG and "accounts" not in FEEDS_METRICS | CHANGES_ORG


@pytest.mark.parametrize("kind", KINDS)
def test_after_an_import_the_figures_follow_what_its_kind_changes(monkeypatch, kind):
    done = []
    monkeypatch.setattr(compute, "refresh_for_import", lambda pk, previous: done.append("refresh"))
    monkeypatch.setattr(compute, "recompute", lambda: done.append("recompute"))
    import_written.send(sender=ImportRun, run=ImportRun(pk=1, kind=kind), previous=None)
    expected = {"metrics": ["refresh"], "org": ["recompute"], "": []}
    assert done == expected[KIND_CHANGES[kind]]
