"""API of the complaints app under /api/v1/complaints."""

from ninja import Router

router = Router(tags=["complaints"])
