"""`manage.py trtc_sandbox`: the former name of `trtc_emulator`, kept for scripts that use it."""

from studio.cloud.emulator.management.commands.trtc_emulator import Command, parse_address

__all__ = ["Command", "parse_address"]
