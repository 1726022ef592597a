"""Pages of the field app under /field/."""

from django.urls import path

from kefu.field import views

app_name = "field"
urlpatterns = [
    path("", views.board, name="board"),
    path("new/", views.order_create_view, name="order_create"),
    path("swaps/", views.swap_search, name="swap_search"),
    path("cash/", views.cash_list, name="cash_list"),
    path("<int:pk>/", views.order_detail, name="order_detail"),
    path("<int:pk>/approve/", views.order_approve_view, name="order_approve"),
    path("<int:pk>/reject/", views.order_reject_view, name="order_reject"),
    path("<int:pk>/cancel/", views.order_cancel_view, name="order_cancel"),
    path("<int:pk>/dispatch/", views.order_dispatch_view, name="order_dispatch"),
    path("<int:pk>/cash/", views.order_cash_view, name="order_cash"),
    path("my/", views.tech_orders, name="tech_orders"),
    path("my/<int:pk>/", views.tech_order, name="tech_order"),
    path("my/<int:pk>/arrive/", views.tech_arrive, name="tech_arrive"),
    path("my/<int:pk>/work/", views.tech_work, name="tech_work"),
    path("my/<int:pk>/part/", views.tech_part, name="tech_part"),
    path("my/<int:pk>/swap/", views.tech_swap, name="tech_swap"),
    path("my/<int:pk>/photo/", views.tech_photo, name="tech_photo"),
    path("my/<int:pk>/complete/", views.tech_complete, name="tech_complete"),
    path("patrols/", views.patrol_list, name="patrol_list"),
    path("patrols/new/", views.patrol_plan_create_view, name="patrol_plan_create"),
    path("patrols/<int:pk>/", views.patrol_record_view, name="patrol_record"),
]
