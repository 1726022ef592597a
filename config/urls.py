"""URL map: pages, admin, the API at /api/v1/, language switch."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from config.api import api
from kefu.core import views as core_views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="desk:ticket_list", permanent=False), name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", core_views.healthz, name="healthz"),
    path("metrics", core_views.metrics, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("api/v1/<path:rest>", core_views.api_not_found),
    path("desk/", include("kefu.desk.urls")),
    path("customers/", include("kefu.customers.urls")),
    path("notifications/", include("kefu.notify.urls")),
    path("sales/", include("kefu.sales.urls")),
    path("complaints/", include("kefu.complaints.urls")),
    path("visits/", include("kefu.visits.urls")),
    path("assessment/", include("kefu.assessment.urls")),
    path("reports/", include("kefu.reports.urls")),
    path("guests/", include("kefu.guests.urls")),
    path("procedures/", include("kefu.procedures.urls")),
    path("", include("kefu.portal.urls")),
    path("files/", include("kefu.files.urls")),
    path("field/", include("kefu.field.urls")),
    path("business/", include("kefu.accounts.urls")),
    path("notices/", include("kefu.notices.urls")),
]
