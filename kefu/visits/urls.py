"""Pages of the visits app under /visits/."""

from django.urls import path

from kefu.visits import views

app_name = "visits"
urlpatterns = [
    path("", views.visit_list, name="visit_list"),
    path("<int:pk>/", views.visit_detail, name="visit_detail"),
    path("<int:pk>/record/", views.visit_record_view, name="visit_record"),
    path("<int:pk>/assign/", views.visit_assign_view, name="visit_assign"),
    path("<int:pk>/reschedule/", views.visit_reschedule_view, name="visit_reschedule"),
    path("<int:pk>/cancel/", views.visit_cancel_view, name="visit_cancel"),
    path("customer/<int:customer_id>/", views.customer_visits, name="customer_visits"),
    path(
        "customer/<int:customer_id>/schedule/",
        views.customer_visit_schedule,
        name="customer_visit_schedule",
    ),
    path("customer/<int:customer_id>/handover/", views.customer_handover, name="customer_handover"),
    path("surveys/", views.campaign_list, name="campaign_list"),
    path("surveys/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("surveys/<int:pk>/open/", views.campaign_open_view, name="campaign_open"),
    path("surveys/<int:pk>/close/", views.campaign_close_view, name="campaign_close"),
    path("surveys/<int:pk>/export.xlsx", views.campaign_export, name="campaign_export"),
    path("surveys/<int:pk>/targets/<int:target_id>/", views.target_answer, name="target_answer"),
    path("surveys/<int:pk>/actions/", views.corrective_action_add, name="action_add"),
    path(
        "surveys/<int:pk>/actions/<int:action_id>/",
        views.corrective_action_change,
        name="action_change",
    ),
    path("s/<str:token>/", views.public_answer, name="public_answer"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("coverage/", views.coverage_page, name="coverage"),
]
