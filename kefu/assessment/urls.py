"""Pages of the assessment app under /assessment/."""

from django.urls import path

from kefu.assessment import ledger_views, views

app_name = "assessment"
urlpatterns = [
    path("", views.scorecard_list, name="scorecard_list"),
    path("mine/", ledger_views.my_scorecard, name="my_scorecard"),
    path("department/", ledger_views.department_view, name="department"),
    path("sign-off/", ledger_views.sign_off_list, name="sign_off_list"),
    path("ledger/", ledger_views.ledger_list, name="ledger_list"),
    path("ledger/statement/", ledger_views.ledger_statement_view, name="ledger_statement"),
    path(
        "ledger/statement.xlsx", ledger_views.ledger_statement_export, name="ledger_statement_xlsx"
    ),
    path("ledger/<int:pk>/", ledger_views.ledger_detail, name="ledger_detail"),
    path("ledger/<int:pk>/approve/", ledger_views.ledger_approve_view, name="ledger_approve"),
    path("ledger/<int:pk>/appeal/", ledger_views.ledger_appeal_view, name="ledger_appeal"),
    path("ledger/<int:pk>/decide/", ledger_views.ledger_decide_view, name="ledger_decide"),
    path("kpi/", views.kpi_report, name="kpi_report"),
    path("run/<int:template_id>/", views.scorecard_run_view, name="scorecard_run"),
    path("<int:pk>/", views.scorecard_detail, name="scorecard_detail"),
    path("<int:pk>/entries/", views.scorecard_entry_view, name="scorecard_entry"),
    path("<int:pk>/sign-off/", views.scorecard_sign_off_view, name="scorecard_sign_off"),
    path("<int:pk>/adjust/", views.scorecard_adjust_view, name="scorecard_adjust"),
    path("<int:pk>/export.xlsx", views.scorecard_export, name="scorecard_export"),
    path("<int:pk>/report.pdf", views.scorecard_pdf_view, name="scorecard_pdf"),
]
