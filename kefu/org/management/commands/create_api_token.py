"""``manage.py create_api_token <username> <name>``: print a new API key once."""

from django.core.management.base import BaseCommand, CommandError

from kefu.org.models import User
from kefu.org.services import api_token_create


class Command(BaseCommand):
    help = (
        "Create an API token for a user and print its key. The key is shown only "
        "this once; only a digest is stored. Use it as 'Authorization: Bearer <key>'."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="What the token is for, e.g. 'call-centre bridge'.")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {options['username']!r}.")
        _token, key = api_token_create(actor=None, user=user, name=options["name"])
        self.stdout.write(key)
