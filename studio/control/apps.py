from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ControlConfig(AppConfig):
    """The control room: tasks, their events, app profiles and users' preferences.

    Its label stays "studio", the label its tables and migrations have always had.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "studio.control"
    label = "studio"
    verbose_name = _("Control room")

    def ready(self) -> None:
        from studio.cloud.signals import task_ended_by_cloud
        from studio.control.services import answers

        task_ended_by_cloud.connect(
            answers.record_ended_by_cloud, dispatch_uid="studio-task-ended-by-cloud"
        )
