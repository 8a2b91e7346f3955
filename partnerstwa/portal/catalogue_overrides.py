"""Translations of messages that other packages show in our back office and ship no neutral
(or no) Polish for: Django admin's messages, whose Polish uses slash-and-bracket gender forms
("został(a)(-ło)"), and django-tasks' task-result labels. Marking them here keeps them in our
catalogue, which Django reads before the packages' own (LOCALE_PATHS), when `make messages`
drops entries no source names. Nothing imports this module; it exists for makemessages."""

from django.utils.translation import gettext_noop, pgettext_lazy

OVERRIDES = [
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("args kwargs"),
    gettext_noop("priority"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
    gettext_noop("queue name"),
    gettext_noop("backend name"),
    gettext_noop("return value"),
    gettext_noop("exception class path"),
    gettext_noop("traceback"),
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop(
        "Deleting the selected %(objects_name)s would result in deleting related "
        "objects, but your account doesn't have permission to delete the following types "
        "of objects:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would require deleting the following "
        "protected related objects:"
    ),
    gettext_noop(
        "Are you sure you want to delete the selected %(objects_name)s? All of the "
        "following objects and their related items will be deleted:"
    ),
    gettext_noop("Change selected %(model)s"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("Delete selected %(model)s"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop("Logged out"),
]
