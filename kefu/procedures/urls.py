"""Pages of property procedures under /procedures/."""

from django.urls import path

from kefu.procedures import views

app_name = "procedures"
urlpatterns = [
    path("", views.procedure_list, name="list"),
    path("start/", views.procedure_start, name="start"),
    path("<int:pk>/", views.procedure_detail, name="detail"),
    path("<int:pk>/items/<int:item_id>/", views.item_action, name="item"),
    path("<int:pk>/complete/", views.step_complete, name="complete"),
    path("<int:pk>/approve/", views.step_approve, name="approve"),
]
