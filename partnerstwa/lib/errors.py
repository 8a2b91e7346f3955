import unicodedata

from django.utils.translation import gettext as _

# A value quoted in a message is cut here: enough to find it in the file.
QUOTED_LENGTH = 50


def _printable(value: str) -> str:
    """A value as a message may quote it: control characters spelled out (\\x00, \\n), so that a
    quoted value never breaks the message's line or the terminal."""
    text = "".join(
        f"\\x{ord(ch):02x}" if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") else ch
        for ch in value[:QUOTED_LENGTH]
    )
    return text + ("…" if len(value) > QUOTED_LENGTH else "")


class FileRowError(Exception):
    """A file from outside rejected: as a whole, at a row, or at one cell.

    The one error every import raises for what is wrong in the file (never the server's fault),
    with a translated reason and where it was found: the file, the sheet of a workbook, the row,
    the column (a name from the header, or a number when the file has none) and the value.
    """

    def __init__(
        self,
        row: int | None,
        reason: str,
        *,
        file: str = "",
        sheet: str = "",
        column: str | int = "",
        value: str | None = None,
    ):
        self.row = row
        self.reason = reason
        self.file = file
        self.sheet = sheet
        self.column = column
        self.value = value
        super().__init__(reason)

    def located(self, *, file: str = "", sheet: str = "") -> "FileRowError":
        """The same error with the file or sheet it was found in, when the reader did not know."""
        return FileRowError(
            self.row,
            self.reason,
            file=self.file or file,
            sheet=self.sheet or sheet,
            column=self.column,
            value=self.value,
        )

    @property
    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(_("sheet “%(sheet)s”") % {"sheet": self.sheet})
        if self.row:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.column != "":
            column = (
                _("column %(number)s") % {"number": self.column}
                if isinstance(self.column, int)
                else self.column
            )
            if self.value is not None:
                column = _("%(column)s “%(value)s”") % {
                    "column": column,
                    "value": _printable(self.value),
                }
            parts.append(column)
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where
        if not where:
            return str(self.reason)
        return _("%(where)s: %(reason)s") % {"where": where, "reason": self.reason}
