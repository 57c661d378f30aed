"""The project's own app configs: the admin site, and the wiring that spans every app."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class MixAdminConfig(admin_apps.AdminConfig):
    default = False  # named explicitly in INSTALLED_APPS
    default_site = "studio.roles.MixAdminSite"


class SiteConfig(AppConfig):
    """Site-wide signals: the user's language at login, log redaction, login throttling.

    Listed after axes in INSTALLED_APPS, so that its login-failure receiver runs
    after axes' own and the failure is counted first.
    """

    name = "studio"
    label = "site"
    verbose_name = "Mix Studio"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from studio import language, login_throttle, redaction

        user_logged_in.connect(language.apply_at_login, dispatch_uid="studio-language-at-login")
        redaction.install_log_record_factory()
        user_login_failed.connect(login_throttle.slow_down, dispatch_uid="studio-login-delay")
