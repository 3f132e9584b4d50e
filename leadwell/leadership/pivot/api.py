"""The pivot to leadership: the API."""

from ninja import Router

router = Router(tags=["The pivot to leadership"])
