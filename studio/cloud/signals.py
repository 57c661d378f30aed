"""What the cloud tells the app of its own accord, as Django signals.

The real cloud says it through callbacks over HTTP (studio/control/callbacks.py);
the built-in emulator, running inside the app, sends these instead.
"""

from __future__ import annotations

from django.dispatch import Signal

# The cloud ended a task by itself: its room stayed empty for MaxIdleTime (R29).
# Sent with sdk_app_id (int), task_id (str) and at (an aware datetime: when it ended).
task_ended_by_cloud = Signal()

# A room or media callback (reference I) of the emulator's simulated room, when no
# callback URL is set: sent with raw_body (bytes), sign (str) and sdk_app_id (str),
# exactly what the POST's body and its Sign and SdkAppId headers would carry, so the
# receiver verifies it as it verifies one that came over HTTP.
room_callback = Signal()

# How loud people speak in the emulator's simulated room. Tencent's callbacks carry
# no volume (I.3: it is only in the mix's volume-layout SEI), so the emulator says
# it here: sent with sdk_app_id (int) and events (RoomEvents of kind "speaking").
room_levels = Signal()
