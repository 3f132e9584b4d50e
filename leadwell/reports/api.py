from ninja import Router

router = Router(tags=["Upward reports"])
