from django.apps import AppConfig
from django.db.backends.signals import connection_created


class LibConfig(AppConfig):
    name = "partnerstwa.lib"
    label = "lib"

    def ready(self) -> None:
        from partnerstwa.lib import freshness
        from partnerstwa.lib.collation import register_on_sqlite

        connection_created.connect(register_on_sqlite, dispatch_uid="lib.collation")
        freshness.connect()
