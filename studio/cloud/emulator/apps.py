from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SandboxConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "studio.cloud.emulator"
    label = "sandbox"
    verbose_name = _("TRTC emulator")
