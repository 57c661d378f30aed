"""manage.py mcp --user NAME: the MCP server over stdio, acting as that user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from studio.agents import caller
from studio.agents.server import server


class Command(BaseCommand):
    help = (
        "Serve Mix Studio's MCP tools over stdin and stdout (for Claude Desktop or any MCP "
        "client that starts its servers as commands). Every tool acts as --user, with that "
        "user's role: a viewer only reads."
    )
    # stdout is the protocol's channel: nothing else may be written to it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="The user name the tools act as")

    def handle(self, *args: Any, user: str, **options: Any) -> None:
        account = get_user_model().objects.filter(username=user).first()
        if account is None or not account.is_active:
            raise CommandError(f"There is no active user {user!r}.")
        # The tools open their own connections in the server's database thread.
        connections.close_all()
        with caller.acting_as(account.pk, long_lived=True):
            server.run("stdio")
