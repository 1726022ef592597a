"""Pages of the notify app under /notifications/."""

from django.urls import path

from kefu.notify import views

app_name = "notify"
urlpatterns = [
    path("", views.notification_list, name="notification_list"),
    path("bell/", views.bell, name="bell"),
    path("read-all/", views.notification_read_all, name="notification_read_all"),
    path("<int:pk>/read/", views.notification_read, name="notification_read"),
]
