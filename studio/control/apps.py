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
        from studio.cloud.signals import room_callback, room_levels, task_ended_by_cloud
        from studio.control import callbacks, signals
        from studio.control.services import answers, director, room

        task_ended_by_cloud.connect(
            answers.record_ended_by_cloud, dispatch_uid="studio-task-ended-by-cloud"
        )
        # The emulator's room and media callbacks, when they do not come over HTTP:
        # verified and applied exactly as those that do.
        room_callback.connect(callbacks.room_callback_sent, dispatch_uid="studio-room-callback")
        room_levels.connect(room.apply_heard_levels, dispatch_uid="studio-room-levels")
        # A producer's Take (or the slate) holds the auto-director off.
        signals.taken.connect(director.on_taken, dispatch_uid="studio-director-taken")
