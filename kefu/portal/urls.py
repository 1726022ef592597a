"""The customer's pages under /p/ and the desk's portal pages under /portal/."""

from django.urls import path

from kefu.portal import views

app_name = "portal"
urlpatterns = [
    path("p/my/", views.my_requests, name="my_requests"),
    path("p/my/<str:number>/", views.my_request, name="my_request"),
    path("p/my/<str:number>/<slug:action>/", views.my_request_action, name="my_request_action"),
    path("p/photo/<int:pk>/", views.photo, name="photo"),
    path("p/sign-out/", views.sign_out, name="sign_out"),
    path("p/<slug:code>/", views.landing, name="landing"),
    path("p/<slug:code>/code/", views.code_send, name="code_send"),
    path("p/<slug:code>/verify/", views.code_verify, name="code_verify"),
    path("p/<slug:code>/report/", views.report, name="report"),
    path("p/notice/<str:token>/", views.notice, name="notice"),
    path("p/notice/<str:token>/code/", views.notice_code_send, name="notice_code_send"),
    path("p/notice/<str:token>/verify/", views.notice_code_verify, name="notice_code_verify"),
    path("p/notice/<str:token>/sign/", views.notice_sign, name="notice_sign"),
    path("portal/", views.link_list, name="link_list"),
    path("portal/online/", views.online_list, name="online_list"),
    path("portal/online/new/", views.online_create, name="online_create"),
    path("portal/online/<int:pk>/", views.online_detail, name="online_detail"),
    path("portal/online/<int:pk>/<slug:step>/", views.online_step, name="online_step"),
    path("portal/links/<int:pk>/qr.svg", views.link_qr, name="link_qr"),
    path("portal/sites/<int:site_id>/stickers.pdf", views.sticker_sheet, name="sticker_sheet"),
    path("portal/requests/<int:pk>/match/", views.request_match, name="request_match"),
]
