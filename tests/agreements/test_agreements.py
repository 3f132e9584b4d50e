"""Operating agreements: started from the templates, versioned (a published version never
changes; a new one asks for acknowledgement again) and acknowledged by the people concerned."""

import pytest
from django.core.exceptions import ValidationError

from leadwell.agreements import selectors, services
from leadwell.agreements.models import Agreement, PublishedVersionChanged
from leadwell.agreements.starting import TEMPLATES

pytestmark = pytest.mark.django_db


def test_a_team_agreement_starts_as_a_draft_holding_the_templates_commitments(personas):
    agreement = services.agreement_start(
        leader=personas.leader, made_with=Agreement.With.TEAM, team=personas.boston
    )
    draft = agreement.versions.get()
    assert draft.number == 1 and not draft.is_published
    assert draft.commitments == TEMPLATES[Agreement.With.TEAM]
    assert any("bigger than the team" in line for line in draft.commitment_list)


def test_the_template_with_the_director_carries_the_diving_catch_and_its_cost(personas):
    agreement = services.agreement_start(leader=personas.leader, made_with="director")
    text = agreement.versions.get().commitments
    assert "I commit to the plan" in text and "diving catch" in text and "next quarter" in text


def test_a_leader_starts_an_agreement_only_with_a_team_they_lead_and_once(personas):
    with pytest.raises(ValidationError, match="a team you lead"):
        services.agreement_start(leader=personas.leader, made_with="team", team=personas.denver)
    services.agreement_start(leader=personas.leader, made_with="team", team=personas.boston)
    with pytest.raises(ValidationError, match="is started"):
        services.agreement_start(leader=personas.leader, made_with="team", team=personas.boston)


def test_someone_who_reports_to_no_one_has_no_agreement_with_a_director(personas):
    with pytest.raises(ValidationError, match="report to no one"):
        services.agreement_start(leader=personas.director, made_with="director")


def test_a_draft_is_edited_in_place_until_it_is_published(personas):
    agreement = services.agreement_start(leader=personas.leader, made_with="director")
    services.draft_save(agreement=agreement, by=personas.leader, commitments=" One \n\n Two ")
    draft = agreement.versions.get()
    assert draft.number == 1 and draft.commitment_list == ["One", "Two"]


def test_publishing_freezes_the_version_and_names_the_director_it_is_made_with(personas):
    agreement = services.agreement_start(leader=personas.leader, made_with="director")
    version = services.version_publish(agreement=agreement, by=personas.leader)
    agreement.refresh_from_db()
    assert version.is_published and agreement.director == personas.director
    version.commitments = "Something else"
    with pytest.raises(PublishedVersionChanged):
        version.save()


def test_writing_after_publishing_starts_the_next_version_and_keeps_the_earlier_one(
    personas, team_agreement
):
    first = team_agreement.versions.get()
    services.draft_save(agreement=team_agreement, by=personas.leader, commitments="New words")
    second = services.version_publish(agreement=team_agreement, by=personas.leader)
    first.refresh_from_db()
    assert second.number == 2 and first.commitments.startswith("I hear you")
    state = selectors.state_of(personas.leader, team_agreement)
    assert state.current == second and [r.version for r in state.history] == [first]


def test_publishing_the_same_words_again_is_refused(personas, team_agreement):
    text = team_agreement.versions.get().commitments
    services.draft_save(agreement=team_agreement, by=personas.leader, commitments=text)
    with pytest.raises(ValidationError, match="Nothing changed since version 1"):
        services.version_publish(agreement=team_agreement, by=personas.leader)


def test_only_the_leader_writes_and_publishes(personas, team_agreement):
    for key in ("seller", "director", "other_leader", "admin"):
        with pytest.raises(ValidationError, match="Only the leader"):
            services.draft_save(
                agreement=team_agreement, by=personas.user(key).person, commitments="Mine"
            )
        with pytest.raises(ValidationError, match="Only the leader"):
            services.version_publish(agreement=team_agreement, by=personas.user(key).person)


def test_each_member_acknowledges_the_version_in_force_once(personas, team_agreement):
    version = team_agreement.versions.get()
    services.acknowledge(version=version, by=personas.seller)
    with pytest.raises(ValidationError, match="already"):
        services.acknowledge(version=version, by=personas.seller)
    state = selectors.state_of(personas.leader, team_agreement)
    assert [a.person for a in state.acknowledged] == [personas.seller]
    assert state.not_yet == [personas.seller2]


def test_a_new_version_asks_every_member_again(personas, team_agreement):
    first = team_agreement.versions.get()
    services.acknowledge(version=first, by=personas.seller)
    services.acknowledge(version=first, by=personas.seller2)
    services.draft_save(agreement=team_agreement, by=personas.leader, commitments="Changed")
    second = services.version_publish(agreement=team_agreement, by=personas.leader)
    state = selectors.state_of(personas.seller, team_agreement)
    assert state.current == second and state.acknowledged == []
    assert set(state.not_yet) == {personas.seller, personas.seller2} and state.waits_for_me
    assert len(state.history[0].acknowledged) == 2  # the earlier version keeps its own
    with pytest.raises(ValidationError, match="version in force"):
        services.acknowledge(version=first, by=personas.seller)


def test_only_the_person_concerned_acknowledges(personas, team_agreement, upward_agreement):
    team_version = team_agreement.versions.get()
    for key in ("leader", "director", "other_seller", "other_leader", "admin"):
        with pytest.raises(ValidationError, match="Only the team's members"):
            services.acknowledge(version=team_version, by=personas.user(key).person)
    upward = upward_agreement.versions.get()
    for key in ("leader", "seller", "other_leader"):
        with pytest.raises(ValidationError, match="Only the team's members"):
            services.acknowledge(version=upward, by=personas.user(key).person)
    services.acknowledge(version=upward, by=personas.director)
    state = selectors.state_of(personas.leader, upward_agreement)
    assert [a.person for a in state.acknowledged] == [personas.director] and not state.not_yet


def test_a_draft_is_the_leaders_alone(personas, team_agreement):
    services.draft_save(agreement=team_agreement, by=personas.leader, commitments="Not yet")
    assert selectors.state_of(personas.leader, team_agreement).draft is not None
    for key in ("seller", "director"):
        state = selectors.state_of(personas.user(key), team_agreement)
        assert state.draft is None and state.current.number == 1


def test_the_names_django_shows_hold_no_commitment(personas, team_agreement):
    version = team_agreement.versions.get()
    ack = services.acknowledge(version=version, by=personas.seller)
    for obj in (team_agreement, version, ack):
        assert "Zebra" not in str(obj) and "hear" not in str(obj)
