"""Helpers for admin tests: a site administrator with every model permission."""

from django.contrib.auth.models import Permission

from kefu.org.models import User

KEFU_APPS = ["core", "org", "customers", "desk", "notify"]


def make_site_admin(user: User) -> User:
    """Make ``user`` staff with every kefu model permission (sites still limit them)."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=KEFU_APPS))
    return User.objects.get(pk=user.pk)  # fresh: no cached permissions or sites


def admin_url(model_or_obj, view: str = "changelist", *args) -> str:
    from django.urls import reverse

    meta = model_or_obj._meta
    if view in ("change", "delete", "history") and not args:
        args = (model_or_obj.pk,)
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)
