"""Customer pages under /customers/."""

from django.urls import path

from kefu.customers import views

app_name = "customers"
urlpatterns = [
    path("", views.customer_list, name="customer_list"),
    path("<int:pk>/", views.customer_detail, name="customer_detail"),
    path("lookup/", views.customer_lookup, name="lookup"),
    path("lookup/<int:pk>/", views.customer_lookup_pick, name="lookup_pick"),
]
