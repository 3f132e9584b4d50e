"""What the audit trail records of operating agreements (collected by leadwell.audit). What a
leader commits to is confidential to the people concerned: the trail records that a version was
written, published or acknowledged, never what it says."""

from leadwell.agreements.models import Acknowledgement, AgreementVersion
from leadwell.audit.models import Kind
from leadwell.audit.tracking import tracked


def _version(obj, action: str) -> str:
    return f"{obj.agreement.leader}'s operating agreement, version {obj.number}: {action}"


def _acknowledgement(obj, action: str) -> str:
    version = obj.version
    return (
        f"{obj.person} acknowledged {version.agreement.leader}'s operating agreement, "
        f"version {version.number}: {action}"
    )


AUDITED = (
    tracked(
        AgreementVersion,
        kind=Kind.AGREEMENT,
        fields=("commitments", "published_at"),
        subject="agreement__leader_id",
        confidential=True,
        describe=_version,
    ),
    tracked(
        Acknowledgement,
        kind=Kind.AGREEMENT,
        fields=("acknowledged_at",),
        subject="person_id",
        describe=_acknowledgement,
    ),
)
