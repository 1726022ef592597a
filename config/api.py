"""The REST API at /api/v1/ (django-ninja): token or session authentication.

Docs at /api/v1/docs (Swagger UI served from the ``ninja`` app's static files,
no CDN) and the schema at /api/v1/openapi.json.
"""

from ninja import NinjaAPI

from kefu.core.api import SessionAuth, install_error_handlers
from kefu.org.auth import TokenAuth

api = NinjaAPI(
    title="kefu API",
    version="1",
    description=(
        "Service desk and customers. Authenticate with `Authorization: Bearer <token>` "
        "(`manage.py create_api_token <username> <name>`) or a browser session; "
        "session requests that change data need the `X-CSRFToken` header. "
        "Errors are `{code, message, fields}`; messages follow `Accept-Language`."
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api-v1",
)
install_error_handlers(api)

api.add_router("/", "kefu.org.api.router")
api.add_router("/customers", "kefu.customers.api.router")
api.add_router("/requests", "kefu.desk.api.router")
api.add_router("/notifications", "kefu.notify.api.router")
api.add_router("/reports", "kefu.desk.api_reports.router")
api.add_router("/sales", "kefu.sales.api.router")
api.add_router("/complaints", "kefu.complaints.api.router")
api.add_router("/visits", "kefu.visits.api.router")
api.add_router("/assessment", "kefu.assessment.api.router")
api.add_router("/reports", "kefu.reports.api.router")
api.add_router("/guests", "kefu.guests.api.router")
api.add_router("/procedures", "kefu.procedures.api.router")
api.add_router("/portal", "kefu.portal.api.router")
api.add_router("/files", "kefu.files.api_records.router")
api.add_router("/files", "kefu.files.api.router")
api.add_router("/field", "kefu.field.api.router")
api.add_router("/accounts", "kefu.accounts.api_partners.router")
api.add_router("/accounts", "kefu.accounts.api.router")
api.add_router("/notices", "kefu.notices.api.router")
