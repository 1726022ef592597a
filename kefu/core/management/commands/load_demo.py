"""``manage.py load_demo``: load the demo sites once, then print the logins."""

import time
import unicodedata

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kefu.core.demo import DEMO_PASSWORD, SITE_CODES, build_demo, demo_logins, demo_state


class Command(BaseCommand):
    help = (
        "Load the demo: a property service centre and a furniture maker's complaint desk "
        "with people, customers and requests. Does nothing if the demo is already loaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--requests", type=int, default=300, help="how many requests (default 300)"
        )
        parser.add_argument(
            "--days", type=int, default=60, help="spread over this many past days (default 60)"
        )

    def handle(self, *args, requests: int, days: int, **options) -> None:
        state = demo_state()
        if state == 1:
            raise CommandError(
                f"Only one of the demo sites {', '.join(SITE_CODES)} exists; "
                "use a fresh database to load the demo."
            )
        if state == 0:
            if requests < 10 or days < 14:
                raise CommandError("The demo needs at least 10 requests over 14 days.")
            started = time.monotonic()
            build_demo(requests=requests, days=days)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo loaded: {requests} requests in {time.monotonic() - started:.1f} s."
                )
            )
        else:
            self.stdout.write("The demo is already loaded.")
        self.print_logins()

    def print_logins(self) -> None:
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        rows = [("username", "name", "position", "site")]
        rows += [(x.username, x.name, x.position, x.site) for x in demo_logins()]
        widths = [max(_width(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            cells = [
                cell + " " * (width - _width(cell))
                for cell, width in zip(row[:3], widths, strict=True)
            ]
            self.stdout.write("  " + "  ".join([*cells, row[3]]))


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
