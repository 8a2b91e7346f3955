"""The programme record moved from portal to its own app without touching its table."""

from django.contrib.auth.models import Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from partnerstwa.programme.models import Programme

BEFORE_THE_MOVE = [("portal", "0005_amount_field"), ("programme", None)]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def test_a_database_from_before_the_move_keeps_its_programme_and_permissions(transactional_db):
    executor = _migrate(BEFORE_THE_MOVE)
    old_apps = executor.loader.project_state(BEFORE_THE_MOVE[0]).apps
    old_apps.get_model("portal", "Programme").objects.create(name="Program", operator="Operator")
    assert Permission.objects.get(codename="change_programme").content_type.app_label == "portal"

    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())

    assert list(Programme.objects.values_list("name", "operator")) == [("Program", "Operator")]
    assert Permission.objects.get(codename="change_programme").content_type.app_label == (
        "programme"
    )
