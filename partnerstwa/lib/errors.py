from django.utils.translation import gettext as _


class FileRowError(Exception):
    """A file rejected at a row (or as a whole when row is None), with a translated reason."""

    def __init__(self, row: int | None, reason: str):
        self.row = row
        self.reason = reason
        if row is None:
            super().__init__(reason)
        else:
            super().__init__(_("row %(row)s: %(reason)s") % {"row": row, "reason": reason})
