"""Bearer-token authentication for the API (``Authorization: Bearer <key>``)."""

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from kefu.org.models import ApiToken
from kefu.org.selectors import mark_request_user
from kefu.org.services import token_digest


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):  # type: ignore[override]
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(digest=token_digest(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        now = timezone.now()
        if api_token.last_used_at is None or (now - api_token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = mark_request_user(api_token.user)
        return request.user
