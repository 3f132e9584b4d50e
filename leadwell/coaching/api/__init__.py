"""The coaching API: personal goals and the coaching loop, weekly 1:1s, development plans.

One router per part, each tagged for the OpenAPI docs; every endpoint asks leadwell.policy, as
the pages do, and answers 404 for what the asker may not see."""

from ninja import Router

from leadwell.coaching.api import goals, loop, one_on_ones, plans

router = Router()
router.add_router("/", goals.router)
router.add_router("/", loop.router)
router.add_router("/", one_on_ones.router)
router.add_router("/", plans.router)

__all__ = ["router"]
