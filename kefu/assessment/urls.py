"""Pages of the assessment app under /assessment/."""

from django.urls import path

from kefu.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.scorecard_list, name="scorecard_list"),
    path("kpi/", views.kpi_report, name="kpi_report"),
    path("run/<int:template_id>/", views.scorecard_run_view, name="scorecard_run"),
    path("<int:pk>/", views.scorecard_detail, name="scorecard_detail"),
    path("<int:pk>/entries/", views.scorecard_entry_view, name="scorecard_entry"),
    path("<int:pk>/sign-off/", views.scorecard_sign_off_view, name="scorecard_sign_off"),
    path("<int:pk>/adjust/", views.scorecard_adjust_view, name="scorecard_adjust"),
    path("<int:pk>/export.xlsx", views.scorecard_export, name="scorecard_export"),
    path("<int:pk>/report.pdf", views.scorecard_pdf_view, name="scorecard_pdf"),
]
