"""Pages of the customer-files app under /files/."""

from django.urls import path

from kefu.files import views

app_name = "files"
urlpatterns = [
    path("", views.file_list, name="file_list"),
    path("register/", views.handover_list, name="handover_list"),
    path("register/<int:pk>/receive/", views.handover_receive_view, name="handover_receive"),
    path("access/", views.access_list, name="access_list"),
    path("access/<int:pk>/decide/", views.access_decide_view, name="access_decide"),
    path("audit/", views.access_log, name="access_log"),
    path("loans/", views.loan_list, name="loan_list"),
    path("export.xlsx", views.file_export, name="file_export"),
    path("retention/", views.retention_list, name="retention_list"),
    path("retention/<int:pk>/decide/", views.destruction_decide_view, name="destruction_decide"),
    path("recordings/", views.recording_list, name="recording_list"),
    path("recordings/register/", views.extraction_list, name="extraction_list"),
    path("recordings/<int:pk>/", views.recording_detail, name="recording_detail"),
    path("recordings/<int:pk>/audio/", views.recording_audio, name="recording_audio"),
    path("recordings/<int:pk>/extract/", views.recording_extract_view, name="recording_extract"),
    path(
        "recordings/<int:pk>/destroy/",
        views.recording_destruction_request_view,
        name="recording_destruction_request",
    ),
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path(
        "inspections/<int:pk>/findings/<int:finding_id>/repair/",
        views.finding_repair_view,
        name="finding_repair",
    ),
    path("grading/", views.grading_list, name="grading_list"),
    path("imports/", views.import_list, name="import_list"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("imports/<int:pk>/commit/", views.import_commit_view, name="import_commit"),
    path("loans/<int:pk>/decide/", views.loan_decide_view, name="loan_decide"),
    path("loans/<int:pk>/return/", views.loan_return_view, name="loan_return"),
    path("<int:pk>/", views.file_detail, name="file_detail"),
    path("<int:pk>/access/", views.access_apply_view, name="access_apply"),
    path("<int:pk>/loans/", views.loan_request_view, name="loan_request"),
    path("<int:pk>/destroy/", views.destruction_request_view, name="destruction_request"),
    path("<int:pk>/grade/", views.file_grade_view, name="file_grade"),
    path("<int:pk>/export/", views.file_export_one, name="file_export_one"),
    path("<int:pk>/items/<int:item_id>/", views.file_item_check_view, name="item_check"),
    path("<int:pk>/documents/", views.file_document_add_view, name="document_add"),
    path("<int:pk>/documents/<int:document_id>/", views.file_document_view, name="document_view"),
    path("<int:pk>/handover/", views.handover_register_view, name="handover_register"),
]
