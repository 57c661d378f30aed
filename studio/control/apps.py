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
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from studio import language, login_throttle, redaction

        user_logged_in.connect(language.apply_at_login, dispatch_uid="studio-language-at-login")
        redaction.install_log_record_factory()
        # After axes' own receiver (its app comes first), so the failure is counted.
        user_login_failed.connect(login_throttle.slow_down, dispatch_uid="studio-login-delay")
