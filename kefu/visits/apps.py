from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "kefu.visits"
    label = "visits"
    verbose_name = _("Return visits and satisfaction")
