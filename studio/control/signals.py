"""What the control room tells whoever listens, without importing them.

`taken`: an Update was accepted and is on air (`task`, the task as it is now;
`automatic`, True when the auto-director made it). The auto-director listens
(studio/control/services/director.py): a producer's Take wins over its rules.
"""

from __future__ import annotations

from django.dispatch import Signal

taken = Signal()
