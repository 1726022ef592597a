"""The REST API at /api/v1/ (django-ninja): token or session authentication."""

from ninja import NinjaAPI
from ninja.security import django_auth

from kefu.core.api import install_error_handlers
from kefu.org.auth import TokenAuth

api = NinjaAPI(
    title="kefu API",
    version="1",
    description="Service desk and customers. Authenticate with `Authorization: Bearer <token>`.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api-v1",
)
install_error_handlers(api)

api.add_router("/", "kefu.org.api.router")
api.add_router("/customers", "kefu.customers.api.router")
api.add_router("/requests", "kefu.desk.api.router")
