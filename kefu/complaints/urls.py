"""Pages of the complaints app under /complaints/."""

from django.urls import path  # noqa: F401

app_name = "complaints"
urlpatterns: list = []
