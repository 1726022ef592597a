"""Pages of business accounts under /business/ (/accounts/ is login and logout)."""

from django.urls import path

from kefu.accounts.views import credit

app_name = "accounts"
urlpatterns = [
    path("", credit.account_list, name="account_list"),
    path("<int:pk>/", credit.account_detail, name="account_detail"),
    path("<int:pk>/ship/", credit.shipment_request_view, name="shipment_request"),
    path("<int:pk>/entries/", credit.entry_record_view, name="entry_record"),
    path("shipments/<int:shipment_id>/sign/", credit.shipment_sign_view, name="shipment_sign"),
    path(
        "shipments/<int:shipment_id>/past-term/",
        credit.shipment_past_term_view,
        name="shipment_past_term",
    ),
    path("sites/<int:site_id>/import/", credit.import_view, name="import"),
    path("sites/<int:site_id>/recovery/", credit.recovery, name="recovery"),
]
