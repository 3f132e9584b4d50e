"""Leading yourself: the API."""

from ninja import Router

router = Router(tags=["Leading yourself"])
