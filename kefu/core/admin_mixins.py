"""Site isolation and service-backed saving for the Django admin.

A staff user who is not a superuser sees and edits only the rows of the sites
they work at (``kefu.org.selectors.user_site_ids``). Every site-scoped admin
and inline mixes in ``SiteScopedAdminMixin`` and names the lookup from its
model to ``org.Site`` in ``site_lookup``. The mixin

- filters the change list, actions and object lookups by the user's sites;
- answers **404** for another site's object (Django would redirect with a
  "does not exist" message);
- limits foreign-key and many-to-many choices to what the related model's
  admin shows the user, and on a row's change page to the row's own site;
- keeps ``site`` read-only once a row exists (moving a row to another site
  would leave its references behind);
- shows a ``KefuError`` raised by a service as an error message and changes
  nothing (the admin view runs in one transaction).

Rows written by a service (customers, absences, API tokens) are saved through
that service in ``save_model``; ``ReadOnlyAdminMixin`` is for workflow records
such as requests and audit entries, which change only through the desk.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kefu.core.errors import KefuError
from kefu.org.selectors import user_site_ids


def admin_site_ids(request: HttpRequest) -> set[int] | None:
    """The sites ``request.user`` may administer; ``None`` means all (superuser)."""
    if request.user.is_superuser:
        return None
    return user_site_ids(request.user)


def scope_to_sites(qs: QuerySet, request: HttpRequest, site_lookup: str) -> QuerySet:
    """``qs`` narrowed to the user's sites through ``site_lookup`` ("" = the site itself)."""
    site_ids = admin_site_ids(request)
    if site_ids is None:
        return qs
    if not site_lookup:
        return qs.filter(pk__in=site_ids)
    return qs.filter(**{f"{site_lookup}_id__in": site_ids})


class SiteConsistentForm(forms.ModelForm):
    """A model form whose related choices must belong to the row's own site.

    Catches e.g. a category of site A routed to a position of site B when the
    user works at both sites.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site_id = getattr(self.instance, "site_id", None)
        if self.instance.pk and site_id:
            for field in self.fields.values():
                queryset = getattr(field, "queryset", None)
                if queryset is not None and _has_site(queryset.model):
                    field.queryset = queryset.filter(site_id=site_id)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        site = cleaned.get("site") or getattr(self.instance, "site", None)
        if site is None or not hasattr(self.instance, "site_id"):
            return cleaned
        for name, value in list(cleaned.items()):
            if name == "site" or value is None:
                continue
            values = list(value) if isinstance(value, (QuerySet, list, tuple)) else [value]
            if any(
                isinstance(v, models.Model) and _has_site(type(v)) and v.site_id != site.pk
                for v in values
            ):
                self.add_error(name, gettext("Choose one of the same site."))
        return cleaned


def _has_site(model: type[models.Model]) -> bool:
    return any(f.name == "site" for f in model._meta.get_fields())


class SiteScopedAdminMixin:
    """Restrict an admin (or inline) to the sites of the logged-in staff user.

    ``site_lookup`` is the path from the model to its site: ``"site"``,
    ``"position__site"``, or ``""`` for ``Site`` itself. Override
    ``scope_queryset`` for rows that reach their sites another way.
    """

    site_lookup: str = "site"
    form = SiteConsistentForm

    def scope_queryset(self, request: HttpRequest, qs: QuerySet) -> QuerySet:
        return scope_to_sites(qs, request, self.site_lookup)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return self.scope_queryset(request, super().get_queryset(request))  # type: ignore[misc]

    def choice_queryset(self, request: HttpRequest) -> QuerySet:
        """What other admins may offer as a choice of this model."""
        qs = self.get_queryset(request)
        return qs.select_related("site") if self.site_lookup == "site" else qs

    def choice_label(self, obj: models.Model) -> str:
        """A choice's label: the site's code first, since names repeat across sites."""
        if self.site_lookup == "site":
            return f"{obj.site.code} · {obj}"  # type: ignore[attr-defined]
        return str(obj)

    def _related_admin(self, db_field: Any) -> "SiteScopedAdminMixin | None":
        related = self.admin_site._registry.get(db_field.remote_field.model)  # type: ignore[attr-defined]
        return related if isinstance(related, SiteScopedAdminMixin) else None

    def get_field_queryset(self, db: Any, db_field: Any, request: HttpRequest) -> QuerySet | None:
        related = self._related_admin(db_field)
        if related is not None:
            return related.choice_queryset(request)
        return super().get_field_queryset(db, db_field, request)  # type: ignore[misc]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]
        related = self._related_admin(db_field)
        if formfield is not None and related is not None:
            formfield.label_from_instance = related.choice_label
        return formfield

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        related = self._related_admin(db_field)
        if formfield is not None and related is not None:
            formfield.label_from_instance = related.choice_label
        return formfield

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        """Another site's row is "not found", exactly like a missing one."""
        obj = super().get_object(request, object_id, from_field)  # type: ignore[misc]
        if obj is None:
            raise Http404(gettext("The record does not exist or you cannot see it."))
        return obj

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields = tuple(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        if obj is not None and self.site_lookup == "site" and "site" not in fields:
            fields += ("site",)
        return fields


class ServiceAdminMixin:
    """Save through services and show their errors as messages.

    Subclasses override ``save_model`` to call the service. New rows of an
    ``AddOnlyInline`` are handed to the inline's ``add_through_service``. A
    ``KefuError`` becomes an error message instead of an error page; Django
    runs the add/change view in one transaction, so the error rolls back
    everything the view wrote before it.
    """

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        except KefuError as exc:
            self.message_user(request, str(exc.message), messages.ERROR)  # type: ignore[attr-defined]
            return HttpResponseRedirect(request.get_full_path())

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        add = getattr(formset, "add_through_service", None)
        if add is None:
            super().save_formset(request, form, formset, change)  # type: ignore[misc]
            return
        # What Django's change message reads from a saved formset.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if inline_form.has_changed():
                formset.new_objects.append(add(request, formset.instance, inline_form.cleaned_data))


class ReadOnlyAdminMixin:
    """Workflow records: listed and shown, never added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, SiteScopedAdminMixin, admin.TabularInline):
    """Existing related rows, shown but not editable."""

    extra = 0
    can_delete = False
    show_change_link = False


class AddOnlyInline(SiteScopedAdminMixin, admin.TabularInline):
    """New related rows only, saved through a service by a ``ServiceAdminMixin`` parent."""

    extra = 1
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).none()

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        formset.add_through_service = self.add_through_service
        return formset

    def add_through_service(self, request: HttpRequest, parent: Any, data: dict) -> Any:
        """Create one related row from a valid inline form's ``data``; return it."""
        raise NotImplementedError


def audit_timeline_html(target: models.Model) -> str:
    """A record's audit entries as a small table, for a read-only admin field."""
    from kefu.core.actions import action_label
    from kefu.core.selectors import audit_timeline

    if target is None or target.pk is None:
        return "-"
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                f"{timezone.localtime(entry.at):%Y-%m-%d %H:%M}",
                action_label(entry.action),
                entry.actor or "-",
                ", ".join(f"{k}: {v[0]!s} → {v[1]!s}" for k, v in (entry.changes or {}).items())[
                    :300
                ],
                entry.note,
            )
            for entry in audit_timeline(target)
        ),
    )
    return format_html(
        "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>"
        "</thead><tbody>{}</tbody></table>",
        _("at"),
        _("action"),
        _("actor"),
        _("changes"),
        _("note"),
        rows,
    )
