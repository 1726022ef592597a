"""``PlainSelect`` writes exactly what ``forms.Select`` renders through its templates."""

import pytest
from django import forms
from django.db import connection
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext

from kefu.core.widgets import ListedModelChoiceField, PlainSelect
from kefu.org.models import Site

CHOICES = [
    ("", "全部"),
    ("1", "产品质量 · <床垫>"),
    ("2", 'quote " & amp'),
    ("其他", [("3", "服务态度"), ("4", "送货安装")]),
]


@pytest.mark.parametrize("value", [None, "", "1", "3", ["2"], "missing"])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_category", "required": True, "disabled": False}]
)
def test_plain_select_renders_what_select_renders(value, attrs):
    plain = PlainSelect(choices=CHOICES).render("category", value, attrs=attrs)
    django = forms.Select(choices=CHOICES).render("category", value, attrs=attrs)
    assert parse_html(plain) == parse_html(django)
    assert "&lt;床垫&gt;" in plain and "<床垫>" not in plain


def test_plain_select_in_a_model_choice_field_marks_the_chosen_option():
    field = forms.ChoiceField(choices=CHOICES[:3], widget=PlainSelect, required=False)
    form = type("F", (forms.Form,), {"category": field})({"category": "2"})
    html = str(form["category"])
    assert parse_html(html) == parse_html(
        '<select name="category" id="id_category"><option value="">全部</option>'
        '<option value="1">产品质量 · &lt;床垫&gt;</option>'
        '<option value="2" selected>quote &quot; &amp; amp</option></select>'
    )


@pytest.mark.django_db
def test_listed_model_choices_are_the_model_choices_read_without_a_cursor():
    for code in ("b", "a", "c"):
        Site.objects.create(code=code, name=f"<{code}>", kind="property")
    sites = Site.objects.order_by("code")
    listed = ListedModelChoiceField(queryset=sites, empty_label="全部", required=False)
    plain = forms.ModelChoiceField(queryset=sites, empty_label="全部", required=False)
    with CaptureQueriesContext(connection) as read:
        html = listed.widget.render("site", "2", attrs={"id": "id_site"})
    assert len(read.captured_queries) == 1
    assert "DECLARE" not in read.captured_queries[0]["sql"]  # no server-side cursor
    assert [(str(v), label) for v, label in listed.choices] == [
        (str(v), label) for v, label in plain.choices
    ]
    assert parse_html(html) == parse_html(
        forms.Select(choices=plain.choices).render("site", "2", attrs={"id": "id_site"})
    )
    assert listed.clean(str(sites[1].pk)) == sites[1]
