"""Pages of the visits app under /visits/."""

from django.urls import path  # noqa: F401

app_name = "visits"
urlpatterns: list = []
