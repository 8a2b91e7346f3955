"""The association's editable pages (Wagtail)."""
