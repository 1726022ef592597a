"""Every notice complaint handling sends goes through ``send``.

For now a notice is a ``ComplaintNotice`` row per recipient: who must be told
what, and by when when it is a tracked item (the 24 h warning report of a major
complaint, seed 000 L557, is itself an item with a deadline that someone marks
done). The board and the managers' view list the open items.

Each notice to a person is also delivered through ``kefu.notify`` (the bell,
and e-mail through the outbox) inside the action's transaction, so it is sent
exactly when the action commits and never for an action that failed; the row
stays as the tracked deadline.
"""

from datetime import datetime

from django.utils import timezone

from kefu.complaints.models import Complaint, ComplaintNotice
from kefu.notify.services import notify
from kefu.org.models import Site, User


def send(
    *,
    site: Site,
    kind: str,
    subject: str,
    users: list[User] | tuple[User, ...] = (),
    recipient_label: str = "",
    body: str = "",
    complaint: Complaint | None = None,
    due_at: datetime | None = None,
    dedupe_key: str = "",
    now: datetime | None = None,
) -> list[ComplaintNotice]:
    """Record a notice for each of ``users`` (or one for ``recipient_label``).

    A notice with a ``dedupe_key`` already sent to the same recipient is not
    sent again. Call inside the action's transaction.
    """
    at = now or timezone.now()
    link = complaint.get_absolute_url() if complaint is not None else ""
    recipients: list[User | None] = list(dict.fromkeys(u for u in users if u is not None))
    if not recipients:
        recipients = [None]
    created = []
    for user in recipients:
        if (
            dedupe_key
            and ComplaintNotice.objects.filter(dedupe_key=dedupe_key, recipient=user).exists()
        ):
            continue
        created.append(
            ComplaintNotice.objects.create(
                site=site,
                complaint=complaint,
                kind=kind,
                recipient=user,
                recipient_label=recipient_label,
                subject=str(subject)[:200],
                body=body,
                link=link,
                sent_at=at,
                due_at=due_at,
                dedupe_key=dedupe_key,
            )
        )
    for notice in created:
        if notice.recipient is None:
            continue  # a role outside the system (e.g. the brand division): tracked only
        notify(
            site=site,
            users=[notice.recipient],
            kind=f"complaints.{kind}",
            subject=notice.subject,
            body=body,
            ticket=complaint.ticket if complaint is not None else None,
            link=link,
            dedupe_key=f"complaints.notice:{notice.pk}",
        )
    return created
