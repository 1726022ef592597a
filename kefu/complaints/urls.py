"""Pages of the complaints app under /complaints/."""

from django.urls import path

from kefu.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.board, name="board"),
    path("manage/", views.manage, name="manage"),
    path("new/", views.intake, name="intake"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/steps/<slug:name>/", views.step, name="step"),
    path("<int:pk>/slip.pdf", views.slip_print, name="slip_pdf"),
    path("notices/<int:pk>/done/", views.notice_done, name="notice_done"),
]
