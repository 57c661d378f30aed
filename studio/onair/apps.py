from django.apps import AppConfig


class OnAirConfig(AppConfig):
    """What goes on air: a task's program and room, and verifying a stream. No models:
    an app for its management command (verify_stream)."""

    name = "studio.onair"
    label = "onair"
    verbose_name = "On air"  # no models: the admin never shows it
