"""Bearer-token authentication for the API (``Authorization: Bearer <key>``)."""

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from kefu.org.models import ApiToken
from kefu.org.selectors import mark_request_user, token_holder
from kefu.org.services import token_digest


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):  # type: ignore[override]
        holder = token_holder(token_digest(token))
        if holder is None:
            return None
        now = timezone.now()
        if holder.last_used_at is None or (now - holder.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=holder.token_id).update(last_used_at=now)
        request.user = mark_request_user(holder.user)
        return request.user
