"""What the field pages share."""

from typing import Any

from django.utils.translation import gettext as _

from kefu.core.errors import InvalidInput
from kefu.org.models import Site, User
from kefu.org.selectors import access_site, site_list_for


def invalid_form(form: Any) -> InvalidInput:
    """A form's errors as the coded ``invalid`` error shown in #flash."""
    fields = {name: [str(m) for m in errors] for name, errors in form.errors.items()}
    return InvalidInput(_("Check the entered values."), fields=fields)


def chosen_site(user: User, site_id: str | None) -> Site | None:
    """The site picked in the query string, else the user's first site."""
    if site_id:
        return access_site(user, site_id)
    return site_list_for(user).first()


def back(request, default: str) -> str:
    """The ``next`` field if it is a local path, else ``default``."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default
