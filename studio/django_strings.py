"""Words of Django's own admin that its Simplified Chinese catalogue lacks (Django 5.2).

Nothing imports this module: marking the words here puts them in our catalogue,
which Django reads before its own, so the admin reads in Chinese throughout.
Drop an entry once Django's catalogue translates it.
"""

from django.utils.translation import gettext_noop

ADMIN_TEMPLATE_WORDS = (
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Error:"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
)
