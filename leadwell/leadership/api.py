"""The leadership app's API: each area's router, under one."""

from ninja import Router

from leadwell.leadership.pivot.api import router as pivot
from leadwell.leadership.vision.api import router as vision
from leadwell.leadership.yourself.api import router as yourself

router = Router()
router.add_router("/", vision)
router.add_router("/", yourself)
router.add_router("/", pivot)
