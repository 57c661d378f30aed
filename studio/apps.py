from django.contrib.admin import apps as admin_apps


class MixAdminConfig(admin_apps.AdminConfig):
    default = False  # named explicitly in INSTALLED_APPS
    default_site = "studio.roles.MixAdminSite"
