"""Pages of the reports app under /reports/."""

from django.urls import path

from kefu.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("kpi.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("kpi.pdf", views.dashboard_pdf, name="dashboard_pdf"),
    path("records/", views.records, name="records"),
    path("records.xlsx", views.records_xlsx, name="records_xlsx"),
    path("inbox/", views.inbox, name="inbox"),
    path("schedules/", views.schedules, name="schedules"),
    path("inbox/<int:pk>/", views.inbox_detail, name="inbox_detail"),
]
