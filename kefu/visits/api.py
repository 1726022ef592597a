"""API of the visits app under /api/v1/visits."""

from ninja import Router

router = Router(tags=["visits"])
