"""The audit trail: each kind of change staff, coordinators and jurors make is recorded once,
with who, which record, each changed field's before and after, and the page or command."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from django_tasks import task

from partnerstwa.advocacy.models import AreaOfLaw
from partnerstwa.contests.models import Application, Score
from partnerstwa.contests.services import application_set_status, declaration_make, score_save
from partnerstwa.contests.tests.factories import application, edition, juror, staff
from partnerstwa.indicators.tests.test_package_import import PACKAGE, write_folder
from partnerstwa.partnerships.models import Partnership
from partnerstwa.partnerships.tests.factories import PartnershipFactory
from partnerstwa.registry.models import AssociationMembership, Person
from partnerstwa.registry.tests.factories import gmina, powiat

pytestmark = pytest.mark.django_db


@task()
def rename_area(area_id: int, name: str) -> None:
    area = AreaOfLaw.objects.get(pk=area_id)
    area.name = name
    area.save()


def entries_for(record) -> list[LogEntry]:
    return list(LogEntry.objects.get_for_object(record).order_by("pk"))


def updates_for(record) -> list[LogEntry]:
    return [entry for entry in entries_for(record) if entry.action == LogEntry.Action.UPDATE]


def test_an_admin_edit_is_recorded_once_with_before_after_actor_and_page(admin_client, admin_user):
    area = AreaOfLaw.objects.create(name="Prawo samorządowe", slug="samorzad")
    url = reverse("admin:advocacy_areaoflaw_change", args=[area.pk])

    response = admin_client.post(
        url,
        {"name_pl": "Prawo samorządu", "name_en": "", "slug": "samorzad", "position": "0"},
    )

    assert response.status_code == 302
    (entry,) = updates_for(area)
    assert entry.changes_dict["name_pl"] == ["Prawo samorządowe", "Prawo samorządu"]
    assert entry.actor == admin_user
    assert entry.additional_data == {"page": f"POST {url}"}
    assert entry.remote_addr is None


def test_a_coordinator_edit_on_the_coordinators_page_is_recorded_once(client):
    partnership = PartnershipFactory(name="Wlasne", slug="wlasne", description="Stary opis")
    coordinator = get_user_model().objects.create_user("koordynator", password="haslo-testowe-1")
    partnership.coordinators.add(coordinator)
    client.force_login(coordinator)
    url = reverse("partnerships:edit", args=[partnership.slug])

    response = client.post(url, {"description": "Nowy opis", "website": "https://example.org"})

    assert response.status_code == 302
    (entry,) = updates_for(Partnership.objects.get(pk=partnership.pk))
    assert entry.changes_dict["description_pl"] == ["Stary opis", "Nowy opis"]
    assert entry.actor == coordinator
    assert entry.additional_data == {"page": f"POST {url}"}


def test_an_import_records_each_new_record_once_with_the_command(tmp_path):
    gmina("0201011", "Bolesławiec")
    gmina("0201022", "Bolesławiec")
    powiat("0201", "bolesławiecki")

    call_command("import_programme", str(write_folder(tmp_path / "pakiet", PACKAGE)))

    # People and memberships reach the database through lib.bulk's multi-row INSERTs.
    people = list(Person.objects.all())
    assert len(people) == 2
    for person in people:
        (entry,) = entries_for(person)
        assert entry.action == LogEntry.Action.CREATE
        assert entry.changes_dict["last_name"] == ["None", person.last_name]
        assert entry.additional_data == {"command": "import_programme"}
        assert entry.actor is None
    (membership,) = AssociationMembership.objects.all()
    (entry,) = entries_for(membership)
    assert entry.changes_dict["joined_on"] == ["None", "2000-01-01"]


@pytest.fixture
def scoring():
    contest = edition(status="scoring")
    entry = application(contest, status="eligible")
    judge = juror(contest, user=get_user_model().objects.create_user("juror"))
    declaration_make(juror=judge, application=entry, has_conflict=False)
    return contest, entry, judge


def test_a_jury_score_is_recorded_once_per_criterion_and_a_changed_score_once_more(scoring):
    contest, entry, judge = scoring
    first, second = contest.criteria.order_by("order")

    score_save(juror=judge, application=entry, points={first.pk: 3, second.pk: 4}, comments={})
    score_save(juror=judge, application=entry, points={first.pk: 5, second.pk: 4}, comments={})

    changed = Score.objects.get(criterion=first)
    kept = Score.objects.get(criterion=second)
    created, updated = entries_for(changed)
    assert created.changes_dict["points"] == ["None", "3"]
    assert updated.changes_dict["points"] == ["3", "5"]
    # A save that changed nothing but the moment of scoring says only that.
    assert set(updates_for(kept)[0].changes_dict) <= {"scored_at"}


def test_a_status_change_is_recorded_once_with_the_old_and_new_status():
    contest = edition(status="closed")
    entry = application(contest, status="submitted")
    by = staff()

    application_set_status(application=entry, status="eligible", by=by)

    (update,) = updates_for(Application.objects.get(pk=entry.pk))
    assert update.changes_dict["status"] == ["submitted", "eligible"]


def test_a_cms_publish_is_recorded_once_with_the_fields_it_changed(admin_user):
    from partnerstwa.content.tests.factories import news

    page = news(title="Pierwszy tytuł", live=False)
    page.save_revision(user=admin_user).publish(user=admin_user)
    page.title = "Drugi tytuł"
    page.save_revision(user=admin_user).publish(user=admin_user)

    first, second = entries_for(page)
    assert first.action == LogEntry.Action.CREATE
    assert second.action == LogEntry.Action.UPDATE
    assert second.changes_dict["title"] == ["Pierwszy tytuł", "Drugi tytuł"]
    assert second.actor == admin_user
    assert second.additional_data["cms"] == "publish"


def test_the_trail_is_read_only_even_to_a_superuser(admin_client):
    area = AreaOfLaw.objects.create(name="Zamówienia", slug="zamowienia")
    (entry,) = entries_for(area)
    before = LogEntry.objects.values().get(pk=entry.pk)

    assert admin_client.get(reverse("admin:auditlog_logentry_add")).status_code == 403
    admin_client.post(reverse("admin:auditlog_logentry_change", args=[entry.pk]), {"action": 2})
    assert (
        admin_client.post(
            reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    admin_client.post(
        reverse("admin:auditlog_logentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert LogEntry.objects.values().get(pk=entry.pk) == before
    ct = ContentType.objects.get_for_model(LogEntry)
    assert ct.model_class() is LogEntry


def test_a_barriers_status_change_is_recorded_once_through_its_history_row():
    from partnerstwa.advocacy.models import StatusChange
    from partnerstwa.advocacy.services import barrier_set_status
    from partnerstwa.advocacy.tests.factories import barrier

    reported = barrier()
    by = staff()

    barrier_set_status(barrier=reported, status="under_analysis", by=by)

    change = StatusChange.objects.get(to_status="under_analysis")
    (entry,) = entries_for(change)
    assert entry.changes_dict["from_status"] == ["None", "reported"]
    assert entry.changes_dict["to_status"] == ["None", "under_analysis"]
    # The barrier itself too, once, with its status before and after.
    (update,) = updates_for(reported)
    assert update.changes_dict == {"status": ["reported", "under_analysis"]}


def test_scheduling_a_campaign_is_recorded_once_with_its_status_before_and_after():
    import datetime

    from django.utils import timezone

    from partnerstwa.newsletter.services import campaign_schedule, campaign_unschedule
    from partnerstwa.newsletter.tests.factories import campaign as make_campaign

    campaign = make_campaign()
    campaign_schedule(campaign=campaign, at=timezone.now() + datetime.timedelta(days=1))
    campaign_unschedule(campaign=campaign)

    scheduled, unscheduled = updates_for(campaign)
    assert scheduled.changes_dict["status"] == ["draft", "scheduled"]
    assert unscheduled.changes_dict["status"] == ["scheduled", "draft"]


def test_a_background_tasks_change_carries_the_tasks_name():
    area = AreaOfLaw.objects.create(name="Prawo wodne", slug="wodne")

    rename_area.enqueue(area.pk, "Prawo wodne i ściekowe")

    (entry,) = updates_for(area)
    assert entry.changes_dict["name"] == ["Prawo wodne", "Prawo wodne i ściekowe"]
    assert entry.additional_data == {"task": rename_area.module_path}


def test_legal_acts_set_on_a_barrier_are_each_recorded_once_as_created():
    from partnerstwa.advocacy.services import references_set
    from partnerstwa.advocacy.tests.factories import barrier

    reported = barrier()

    references = references_set(barrier=reported, text="Dz.U. 2023 poz. 40\nDz.U. 2020 poz. 713")

    assert len(references) == 2
    for reference in references:
        (entry,) = entries_for(reference)
        assert entry.action == LogEntry.Action.CREATE
