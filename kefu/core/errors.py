"""The one exception hierarchy of kefu.

Every service raises a ``KefuError`` subclass with a stable ``code`` (e.g.
``desk.transition_not_allowed``), an HTTP status and a translated message.
The API renders ``{code, message, fields}``; pages show the message inline.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _


class KefuError(Exception):
    status: int = 400
    default_code: str = "invalid"
    default_message: Any = _("The request is not valid.")

    def __init__(
        self,
        message: Any = None,
        *,
        code: str | None = None,
        fields: dict[str, list[str]] | None = None,
    ) -> None:
        self.code = code or self.default_code
        self.message = message if message is not None else self.default_message
        self.fields = fields or {}
        super().__init__(str(self.message))

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": str(self.message),
            "fields": {k: [str(m) for m in v] for k, v in self.fields.items()},
        }


class InvalidInput(KefuError):
    status = 400
    default_code = "invalid"


class NotAuthenticated(KefuError):
    status = 401
    default_code = "unauthenticated"
    default_message = _("Authentication is required.")


class NotAllowed(KefuError):
    status = 403
    default_code = "forbidden"
    default_message = _("You are not allowed to do this.")


class NotFound(KefuError):
    """Raised for missing records *and* records the user may not see, alike."""

    status = 404
    default_code = "not_found"
    default_message = _("The record does not exist or you cannot see it.")


class Conflict(KefuError):
    status = 409
    default_code = "conflict"
    default_message = _("The record changed or is in the wrong state for this action.")


def validation_error_to_kefu(exc: Any, code: str = "invalid") -> InvalidInput:
    """Turn a Django ``ValidationError`` into a coded ``InvalidInput``."""
    fields: dict[str, list[str]] = {}
    if hasattr(exc, "message_dict"):
        fields = {k: list(v) for k, v in exc.message_dict.items()}
        message = "; ".join(m for msgs in fields.values() for m in msgs)
    else:
        message = "; ".join(exc.messages)
    return InvalidInput(message, code=code, fields=fields)
