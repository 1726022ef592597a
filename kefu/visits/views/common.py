"""What the visits pages share."""

from typing import Any

from django.utils.translation import gettext as _

from kefu.core.errors import InvalidInput


def invalid_form(form: Any) -> InvalidInput:
    """A form's errors as the coded ``invalid`` error the middleware shows in #flash."""
    fields = {name: [str(m) for m in errors] for name, errors in form.errors.items()}
    return InvalidInput(_("Check the entered values."), fields=fields)
