"""`manage.py ensure_sandbox_app`: the former name of `ensure_emulator_app`, kept for
scripts (and `make run`) that use it."""

from studio.control.management.commands.ensure_emulator_app import Command

__all__ = ["Command"]
