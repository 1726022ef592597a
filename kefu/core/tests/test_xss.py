"""Nothing user-supplied is rendered unescaped.

The demo is loaded (the ``demo`` fixture), then ``<script>`` is planted in every
free-text field of every kefu record (names, subjects, contents, notes, opinions
…). The demo superuser crawls every page it reaches (one per view, the admin included);
no page may contain the planted markup as markup, and none may fail.

Choice fields, codes, keys, tokens and numbers are left alone: they are not
free text, and the rules look them up.
"""

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.test import Client

from kefu.core.demo import DEMO_SUPERUSER
from kefu.core.tests.crawl import START_PAGES, crawl

PAYLOAD = '"><script>kx</script>'
NOT_FREE_TEXT = ("code", "key", "token", "digest", "number", "phone", "password", "username")


def free_text_fields(model: type[models.Model]) -> list[str]:
    names = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        if field.choices or field.unique or any(part in field.name for part in NOT_FREE_TEXT):
            continue
        if field.max_length is not None and field.max_length < len(PAYLOAD):
            continue
        names.append(field.name)
    return names


def plant() -> int:
    planted = 0
    for model in apps.get_models():
        if not model.__module__.startswith("kefu.") or model._meta.proxy:
            continue
        for name in free_text_fields(model):
            try:  # a field inside a unique constraint (a unit's building) stays as it is
                with transaction.atomic():
                    planted += model.objects.update(**{name: PAYLOAD})
            except IntegrityError:
                continue
    return planted


@pytest.mark.slow
def test_planted_script_is_escaped_on_every_page(demo):
    assert plant() > 1000
    client = Client()
    client.force_login(_demo_user())
    errors: list[str] = []
    html: dict[str, str] = {}
    pages = crawl(client, START_PAGES, errors=errors, html=html)
    assert len(pages) >= 30, pages
    assert not errors, errors
    unescaped = [url for url in pages if PAYLOAD in html[url]]
    assert not unescaped, unescaped


def _demo_user():
    from kefu.org.models import User

    return User.objects.get(username=DEMO_SUPERUSER)
