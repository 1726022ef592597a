"""URL map: pages, admin, the API at /api/v1/, language switch."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from config.api import api

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="desk:ticket_list", permanent=False)),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("desk/", include("kefu.desk.urls")),
    path("customers/", include("kefu.customers.urls")),
    path("notifications/", include("kefu.notify.urls")),
    path("sales/", include("kefu.sales.urls")),
    path("complaints/", include("kefu.complaints.urls")),
    path("visits/", include("kefu.visits.urls")),
]
