"""Form widgets and choice fields for pages where rendering the form is the cost.

Django renders a ``<select>`` through one template per option; the desk list's
filter form (five selects, a few dozen options) spent ≈ 10 ms of CPU per page in
those templates (bench/desk.py ``page``). ``PlainSelect`` writes the same HTML
directly; ``kefu/core/tests/test_widgets.py`` holds it equal to Django's.

``ListedModelChoiceField`` reads its choices with one plain query: Django's
``ModelChoiceIterator`` uses ``QuerySet.iterator()``, which on PostgreSQL opens a
server-side cursor (DECLARE … WITH HOLD, FETCH, CLOSE) for every select on
every page view — three round trips where one does.
"""

from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> SafeString:
    """``django/forms/widgets/attrs.html``: ``True`` is a bare name, ``False`` is left out."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class PlainSelect(forms.Select):
    """``forms.Select`` with the same markup, written without the per-option templates."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            html = format_html_join(
                "",
                '\n  <option value="{}"{}>{}</option>',
                ((option["value"], _attrs(option["attrs"]), option["label"]) for option in options),
            )
            if group_name:
                html = format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, html)
            parts.append(html)
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            _attrs(widget["attrs"]),
            mark_safe("".join(parts)),
        )


class ListedModelChoiceIterator(ModelChoiceIterator):
    """The choices from one ordinary read of the queryset (no server-side cursor)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ListedModelChoiceField(forms.ModelChoiceField):
    """``forms.ModelChoiceField`` drawn as a ``PlainSelect`` from one plain query."""

    iterator = ListedModelChoiceIterator
    widget = PlainSelect
