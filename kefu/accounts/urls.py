"""Pages of business accounts under /business/ (/accounts/ is login and logout)."""

from django.urls import path

from kefu.accounts.views import credit, key_accounts, partners

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
    path("<int:pk>/key/", key_accounts.key_account, name="key_account"),
    path(
        "<int:pk>/key/<str:what>/",
        key_accounts.key_account_post,
        name="key_account_post",
    ),
    path("partners/", partners.partner_list, name="partner_list"),
    path("partners/schedule/", partners.partner_schedule, name="partner_schedule"),
    path("partners/<int:pk>/", partners.partner_detail, name="partner_detail"),
    path("partners/<int:pk>/visit/", partners.partner_visit_view, name="partner_visit"),
    path(
        "grade-changes/<int:change_id>/decide/",
        partners.grade_change_decide_view,
        name="grade_change_decide",
    ),
]
