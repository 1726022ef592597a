"""Shared steps of the portal's page tests."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kefu.portal.tests.conftest import code_of


def png(name: str = "leak.png", size=(8, 8)) -> SimpleUploadedFile:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def sign_in(client, portal, sms, phone: str = "13800138000", link=None):
    """Scan the link, ask for a code, enter it: the browser has a portal session."""
    link = link or portal.unit_link
    client.post(reverse("portal:code_send", args=[link.code]), {"phone": phone})
    response = client.post(
        reverse("portal:code_verify", args=[link.code]),
        {"phone": phone, "code": code_of(sms, phone)},
    )
    assert response.status_code == 302, response.content
    return client


def report(client, link, **data):
    payload = {"request_type": "enquiry", "content": "电梯什么时候检修?", **data}
    return client.post(reverse("portal:report", args=[link.code]), payload)
