import pytest

from leadwell.agreements import services
from leadwell.agreements.models import Agreement

SECRET = "Zebra-7731"


@pytest.fixture
def team_agreement(personas) -> Agreement:
    """Lena's agreement with Boston Enterprise, version 1 published with a secret commitment."""
    agreement = services.agreement_start(
        leader=personas.leader, made_with=Agreement.With.TEAM, team=personas.boston
    )
    services.draft_save(
        agreement=agreement, by=personas.leader, commitments=f"I hear you\n{SECRET} promise"
    )
    services.version_publish(agreement=agreement, by=personas.leader)
    return agreement


@pytest.fixture
def upward_agreement(personas) -> Agreement:
    """Lena's agreement with Dana, her director, version 1 published from the template."""
    agreement = services.agreement_start(leader=personas.leader, made_with=Agreement.With.DIRECTOR)
    services.version_publish(agreement=agreement, by=personas.leader)
    return agreement
