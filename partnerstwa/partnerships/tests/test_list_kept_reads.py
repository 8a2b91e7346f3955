"""The partnership list keeps the Polish name order and the blank filter form between changes
(lib.freshness.kept): a committed change shows at once (FRESHNESS_SECONDS=0 here), and a page
of the list costs the same queries however many partnerships there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from partnerstwa.lib.tests.pages import filter_form
from partnerstwa.lib.text import slug
from partnerstwa.partnerships.services import funding_programme_get_or_create, member_add
from partnerstwa.partnerships.tests.factories import gmina_organisation, partnership_with_members

pytestmark = pytest.mark.django_db
LIST = reverse("partnerships:list")


def add(name: str, code: str):
    return partnership_with_members(name=name, slug=slug(name), leader_code=code, member_codes=[])


def names(response) -> list[str]:
    return [partnership.name for partnership in response.context["page"].object_list]


def test_a_committed_partnership_takes_its_place_in_the_kept_name_order(client, kept):
    kept(lambda: (add("Żuławy", "0201011"), add("Łużyce", "0202011")))
    assert names(client.get(LIST)) == ["Łużyce", "Żuławy"]
    kept(lambda: add("Nr 10 Ślęża", "0203011"))
    assert names(client.get(LIST)) == ["Łużyce", "Nr 10 Ślęża", "Żuławy"]
    assert names(client.get(LIST, {"sortuj": "-name"})) == ["Żuławy", "Nr 10 Ślęża", "Łużyce"]
    assert names(client.get(LIST, {"q": "y"})) == ["Łużyce", "Żuławy"]


def test_a_committed_member_moves_its_partnership_in_the_kept_order_by_members(client, kept):
    zulawy, _luzyce = kept(lambda: (add("Żuławy", "0201011"), add("Łużyce", "0202011")))
    by_members = {"sortuj": "-members"}
    # One member each: the name decides.
    assert names(client.get(LIST, by_members)) == ["Łużyce", "Żuławy"]
    kept(lambda: member_add(partnership=zulawy, organisation=gmina_organisation("0203011")))
    assert names(client.get(LIST, by_members)) == ["Żuławy", "Łużyce"]
    assert names(client.get(LIST, {"sortuj": "members"})) == ["Łużyce", "Żuławy"]
    assert names(client.get(LIST, {**by_members, "q": "y"})) == ["Żuławy", "Łużyce"]


def test_a_committed_funding_programme_shows_in_the_kept_blank_filter_form(client, kept):
    kept(lambda: add("Żuławy", "0201011"))
    assert "Fundusze Norweskie" not in client.get(LIST).content.decode()
    kept(lambda: funding_programme_get_or_create("Fundusze Norweskie"))
    assert "Fundusze Norweskie" in client.get(LIST).content.decode()


def test_the_blank_filter_form_is_the_form_a_visitor_gets_with_nothing_chosen(client, kept):
    kept(lambda: add("Żuławy", "0201011"))
    blank = client.get(LIST).content.decode()
    chosen = client.get(LIST, {"sortuj": ""}).content.decode()

    assert filter_form(blank) == filter_form(chosen)


def test_a_page_of_the_list_makes_as_many_queries_with_many_partnerships_as_with_few(
    client, kept, django_assert_max_num_queries
):
    kept(lambda: [add(f"Partnerstwo {n}", f"02{n + 1:02d}011") for n in range(2)])
    client.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        client.get(LIST)
    few = len(queries.captured_queries)  # read now: the next request clears the log
    kept(lambda: [add(f"Nowe {n}", f"12{n + 1:02d}011") for n in range(20)])
    client.get(LIST)  # the first request after the change makes the kept reads again
    with django_assert_max_num_queries(few):
        response = client.get(LIST, {"page": "1"})
    assert len(response.context["page"].object_list) == 22


def test_the_map_counts_kept_between_changes_count_a_committed_partnership(client, kept):
    def lower_silesia() -> int:
        regions = client.get(reverse("partnerships:map")).context["regions"]
        return next(item["count"] for item in regions if item["region"].code == "02")

    kept(lambda: add("Żuławy", "0201011"))
    assert lower_silesia() == 1
    assert lower_silesia() == 1
    kept(lambda: add("Łużyce", "0202011"))
    assert lower_silesia() == 2


def test_an_english_visitor_sees_a_polish_only_name_marked_as_polish_without_more_queries(
    client, kept, django_assert_max_num_queries
):
    kept(lambda: [add(f"Partnerstwo {n}", f"02{n + 1:02d}011") for n in range(3)])
    client.cookies["django_language"] = "en"
    client.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        client.get(LIST)
    few = len(queries.captured_queries)
    with translation.override("pl"):  # named in Polish only
        kept(lambda: [add(f"Nowe {n}", f"12{n + 1:02d}011") for n in range(10)])
    client.get(LIST)
    with django_assert_max_num_queries(few):
        content = client.get(LIST, {"page": "1"}).content.decode()
    assert '<html lang="en">' in content
    assert content.count('lang="pl">Nowe ') == 10


def test_leaders_named_only_as_the_source_wrote_them_show_without_a_query_per_row(
    client, kept, django_assert_max_num_queries
):
    from partnerstwa.partnerships.tests.factories import PartnershipFactory

    kept(lambda: add("Żuławy", "0201011"))
    client.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        client.get(LIST)
    few = len(queries.captured_queries)
    kept(lambda: [PartnershipFactory(leader_as_named=f"Gmina Nowa Wieś {n}") for n in range(5)])
    client.get(LIST)
    with django_assert_max_num_queries(few):
        content = client.get(LIST, {"page": "1"}).content.decode()
    assert content.count("Gmina Nowa Wieś") == 5


def _row(client, name: str):
    rows = client.get(LIST).context["page"].object_list
    row = next(row for row in rows if row.name == name)
    return (
        row.leader_names,
        row.public_members,
        row.social_members,
        row.private_members,
        row.projects_value,
    )


def test_a_rows_kept_figures_follow_each_committed_change_of_members_projects_and_names(
    client, kept, django_capture_on_commit_callbacks
):
    import datetime
    from decimal import Decimal

    from partnerstwa.partnerships.models import PartnershipMember
    from partnerstwa.partnerships.services import member_end, project_save
    from partnerstwa.registry.models import Organisation, OrganisationKind
    from partnerstwa.registry.tests.factories import OrganisationFactory

    def changed(write):
        # Committed, its apps' versions bumped; unlike kept(), what is kept stays: only the
        # versions of the apps the figures are kept under make them stale.
        with django_capture_on_commit_callbacks(execute=True):
            return write()

    zulawy = kept(lambda: add("Żuławy", "0201011"))
    leader = zulawy.members.get().organisation
    assert _row(client, "Żuławy") == ([leader.name], 1, 0, 0, None)
    ngo = changed(lambda: OrganisationFactory(kind=OrganisationKind.NGO))
    changed(lambda: member_add(partnership=zulawy, organisation=ngo))
    assert _row(client, "Żuławy") == ([leader.name], 1, 1, 0, None)
    changed(lambda: project_save(partnership=zulawy, title="Projekt", total_value=Decimal("1000")))
    assert _row(client, "Żuławy")[4] == Decimal("1000")
    changed(lambda: Organisation.objects.filter(pk=leader.pk).update(name="Gmina Żuławska"))
    assert _row(client, "Żuławy")[0] == ["Gmina Żuławska"]
    member = PartnershipMember.objects.get(organisation=ngo)
    changed(lambda: member_end(member=member, left_on=datetime.date(2016, 1, 1)))
    assert _row(client, "Żuławy") == (["Gmina Żuławska"], 1, 0, 0, Decimal("1000"))


def test_rows_kept_for_every_partnership_equal_rows_read_for_the_page_alone(settings, kept):
    from decimal import Decimal

    from partnerstwa.partnerships import selectors
    from partnerstwa.partnerships.services import project_save

    def write():
        made = [
            partnership_with_members(
                name=f"P{n}", slug=f"p{n}", leader_code=f"02{n + 1:02d}011", ngo=n, business=n % 2
            )
            for n in range(4)
        ]
        project_save(partnership=made[1], title="A", total_value=Decimal("10.50"))
        project_save(partnership=made[1], title="B", total_value=Decimal("2"), grant=Decimal("1"))
        return [partnership.pk for partnership in made]

    keys = kept(write)

    def rows():
        return [
            (
                r.pk,
                r.leader_names,
                r.public_members,
                r.social_members,
                r.private_members,
                r.member_count,
                r.projects_value,
                r.projects_grant,
            )
            for r in selectors.partnership_rows(selectors.partnerships_by_keys(keys))
        ]

    every = rows()
    settings.READ_CACHE = False
    alone = rows()
    assert every == alone
    assert [row[3] for row in every] == [0, 1, 2, 3]
    assert every[1][6:] == (Decimal("12.50"), Decimal("1"))
