"""Who may do what with the leadership app's objects: each area declares its own rules
(collected by leadwell.policy; see docs/access.md)."""

from leadwell.leadership.pivot.rules import RULES as PIVOT
from leadwell.leadership.vision.rules import RULES as VISION
from leadwell.leadership.yourself.rules import RULES as YOURSELF

RULES = VISION + YOURSELF + PIVOT
