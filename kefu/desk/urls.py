"""Pages of the service desk under /desk/."""

from django.urls import path

from kefu.desk import views

app_name = "desk"
urlpatterns = [
    path("", views.ticket_list, name="ticket_list"),
    path("new/", views.ticket_create, name="ticket_create"),
    path("reports/sla/", views.sla_report, name="sla_report"),
    path("<int:pk>/", views.ticket_detail, name="ticket_detail"),
    path("<int:pk>/actions/<slug:action>/", views.ticket_action, name="ticket_action"),
    path("<int:pk>/comment/", views.ticket_comment, name="ticket_comment"),
    path("<int:pk>/edit/", views.ticket_edit, name="ticket_edit"),
    path("<int:pk>/pause/", views.ticket_pause_view, name="ticket_pause"),
    path("<int:pk>/resume/", views.ticket_resume_view, name="ticket_resume"),
    path("<int:pk>/urge/", views.ticket_urge_view, name="ticket_urge"),
]
