"""The leadership app's models, each area's in its own package (Django finds them here)."""

from leadwell.leadership.pivot.models import *  # noqa: F403
from leadwell.leadership.vision.models import *  # noqa: F403
from leadwell.leadership.yourself.models import *  # noqa: F403
