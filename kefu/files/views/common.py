"""What the customer-file pages share: form errors, the client address, list filters."""

import contextlib
import io
import os

from django.http import HttpRequest
from django.utils.translation import gettext as _

from kefu.core.errors import InvalidInput
from kefu.files import selectors
from kefu.files.forms import FileFilterForm

PAGE_SIZE = 25


def form_error(form) -> InvalidInput:
    fields = {name: [str(m) for m in errors] for name, errors in form.errors.items()}
    return InvalidInput(_("Check the entered values."), fields=fields)


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def filtered_files(request: HttpRequest):
    """The list's filters from the query string, and the files they select."""
    form = FileFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    files = selectors.file_list_for(
        request.user,
        status=data.get("status", ""),
        kind_code=data.get("kind", ""),
        query=data.get("q", ""),
        missing_only=bool(data.get("missing")),
    )
    return form, files


class TempFile(io.FileIO):
    """A file that deletes itself once the response has streamed it."""

    def close(self) -> None:
        name = self.name
        super().close()
        with contextlib.suppress(OSError):
            os.unlink(name)
