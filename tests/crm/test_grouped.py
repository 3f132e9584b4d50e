"""A problem many rows share (an unknown owner, stage or CRM id) is tallied once: its rows
counted, its first lines kept in order whatever order the rows come in, and what was said of
it when first met."""

from leadwell.crm.importing.writers.grouped import Grouped


def test_a_problem_met_on_many_rows_is_one_group_with_its_count_and_first_lines():
    stages = Grouped(first=3)
    for line in (9, 2, 7, 4, 3):
        stages.add("dreaming", line, name="Dreaming" if line == 9 else "DREAMING")
    stages.add("signed", 5, name="Signed")
    dreaming, signed = stages
    assert (dreaming.about, dreaming.rows, dreaming.lines) == ({"name": "Dreaming"}, 5, [2, 3, 4])
    assert dreaming.line == 2 and dreaming.shown_lines() == "2, 3, 4 …"
    assert (signed.rows, signed.shown_lines()) == (1, "5")
    assert len(stages) == 2 and dict(stages.items()).keys() == {"dreaming", "signed"}


def test_a_tally_keeps_the_first_line_only_unless_told_more():
    owners: Grouped[str] = Grouped()
    owners.add("sam", 40, column="Owner")
    owners.add("sam", 12, column="Rep")
    (sam,) = owners
    assert (sam.line, sam.lines, sam.rows, sam.about) == (12, [12], 2, {"column": "Owner"})
    assert not Grouped()
