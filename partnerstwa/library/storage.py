"""Where library files live: under PRIVATE_ROOT, which no web server serves."""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files handed out only by a view that checks who asks (staff-only documents): they sit
    under PRIVATE_ROOT, not MEDIA_ROOT, and have no public URL. Read from settings on every use,
    so a deployment (or a test) moving PRIVATE_ROOT moves them too."""

    def __init__(self, folder: str = "library"):
        self.folder = folder
        super().__init__()

    @property
    def base_location(self):
        return str(Path(settings.PRIVATE_ROOT) / self.folder)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        # An address nothing answers (no route, no web server location): Wagtail's file view
        # asks for one, but files are only ever handed out by that view.
        return "/pliki-prywatne/"
