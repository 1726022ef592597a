"""Pages of the notices app under /notices/."""

from django.urls import path

from kefu.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="notice_list"),
    path("new/", views.notice_create, name="notice_create"),
    path("fire-safety/", views.fire_safety_list, name="fire_safety_list"),
    path("rectifications/", views.rectification_list, name="rectification_list"),
    path("greetings/", views.greeting_list, name="greeting_list"),
    path("handbooks/", views.handbook_list, name="handbook_list"),
    path("<int:pk>/inspection/", views.inspection_page, name="inspection"),
    path("<int:pk>/rectification/", views.rectification_draft_view, name="rectification_draft"),
    path(
        "<int:pk>/findings/<int:finding_id>/rectified/",
        views.finding_rectified_view,
        name="finding_rectified",
    ),
    path("<int:pk>/hand-out/", views.handbook_hand_out_view, name="handbook_hand_out"),
    path("<int:pk>/", views.notice_detail, name="notice_detail"),
    path("<int:pk>/step/<slug:step>/", views.notice_step, name="notice_step"),
    path("<int:pk>/chase/", views.notice_chase_view, name="notice_chase"),
    path("<int:pk>/print.pdf", views.notice_pdf, name="notice_pdf"),
    path(
        "<int:pk>/recipients/<int:recipient_id>/paper/",
        views.paper_sign_off_view,
        name="paper_sign_off",
    ),
    path(
        "<int:pk>/recipients/<int:recipient_id>/signed-copy/",
        views.signed_copy_view,
        name="signed_copy",
    ),
    path("sign/<str:token>/", views.sign_off_page, name="sign_off"),
]
