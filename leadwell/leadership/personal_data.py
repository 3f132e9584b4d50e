"""What the leadership app holds about a person, each area's declared in its package."""

from leadwell.leadership.pivot import personal_data as pivot
from leadwell.leadership.vision import personal_data as vision
from leadwell.leadership.yourself import personal_data as yourself

PERSONAL_DATA = vision.PERSONAL_DATA + yourself.PERSONAL_DATA + pivot.PERSONAL_DATA
# Each area's children before its parents; no area's rows point at another's.
ERASABLE = pivot.ERASABLE + yourself.ERASABLE + vision.ERASABLE
