from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Outgoing webhooks: signed JSON events about tasks, sent to integrators' URLs."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "studio.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from studio.control import signals
        from studio.webhooks import receivers

        signals.task_started.connect(receivers.on_task_started, dispatch_uid="webhooks-started")
        signals.taken.connect(receivers.on_taken, dispatch_uid="webhooks-updated")
        signals.task_stopped.connect(receivers.on_task_stopped, dispatch_uid="webhooks-stopped")
        signals.task_failed.connect(receivers.on_task_failed, dispatch_uid="webhooks-failed")
        signals.output_health_changed.connect(
            receivers.on_output_health, dispatch_uid="webhooks-output-health"
        )
