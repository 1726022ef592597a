"""Pages of guest reception under /guests/."""

from django.urls import path

from kefu.guests import views

app_name = "guests"
urlpatterns = [
    path("", views.reception_calendar, name="calendar"),
    path("book/<int:site_id>/", views.visit_book, name="visit_book"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/letter.pdf", views.visit_letter, name="visit_letter"),
    path("visits/<int:pk>/hand/", views.visit_hand, name="visit_hand"),
    path("visits/<int:pk>/<slug:step>/", views.visit_step, name="visit_step"),
    path("urging/", views.urging_list, name="urging_list"),
    path("urging/<int:pk>/<slug:step>/", views.urging_step, name="urging_step"),
    path("report/", views.report, name="report"),
]
