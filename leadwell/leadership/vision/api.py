"""Vision and goals: the API."""

from ninja import Router

router = Router(tags=["Vision and goals"])
