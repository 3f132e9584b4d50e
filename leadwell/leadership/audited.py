"""What the audit trail records of the leadership app, each area's declared in its package."""

from leadwell.leadership.pivot.audited import AUDITED as PIVOT
from leadwell.leadership.vision.audited import AUDITED as VISION
from leadwell.leadership.yourself.audited import AUDITED as YOURSELF

AUDITED = VISION + YOURSELF + PIVOT
