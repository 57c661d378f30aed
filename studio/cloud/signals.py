"""What the cloud tells the app of its own accord, as Django signals.

The real cloud says it through relay callbacks (studio/control/callbacks.py);
the built-in emulator, running inside the app, sends these instead.
"""

from __future__ import annotations

from django.dispatch import Signal

# The cloud ended a task by itself: its room stayed empty for MaxIdleTime (R29).
# Sent with sdk_app_id (int), task_id (str) and at (an aware datetime: when it ended).
task_ended_by_cloud = Signal()
