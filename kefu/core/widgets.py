"""Form widgets rendered in Python where the template engine is the cost.

Django renders a ``<select>`` through one template per option; the desk list's
filter form (five selects, a few dozen options) spent ≈ 10 ms of CPU per page in
those templates (bench/desk.py ``page``). ``PlainSelect`` writes the same HTML
directly; ``kefu/core/tests/test_widgets.py`` holds it equal to Django's.
"""

from typing import Any

from django import forms
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
