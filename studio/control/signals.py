"""What the control room tells whoever listens, without importing them.

`taken`: an Update was accepted and is on air (`task`, the task as it is now;
`automatic`, True when the auto-director made it). The auto-director listens
(studio/control/services/director.py): a producer's Take wins over its rules.
"""

from __future__ import annotations

from django.dispatch import Signal

taken = Signal()

# What a task's life tells whoever listens (the webhooks, studio/webhooks/receivers.py).
# Each is sent inside the transaction that stores the change: a listener that acts
# on it does so once that commits (transaction.on_commit).

task_started = Signal()
"""The cloud accepted a task's Start: it runs (`task_pk`)."""

task_stopped = Signal()
"""A task stopped: the cloud confirmed the Stop, said it had ended, or ended it (`task_pk`)."""

task_failed = Signal()
"""The cloud refused a task's Start, or it certainly never left: the task failed (`task_pk`)."""

output_health_changed = Signal()
"""A newer relay event of one CDN output was recorded (`task_pk`, `url`; `previous`, the
output's state before, {} the first time; `current`, its state now: status, name,
event_ms, error_code, error_message)."""
