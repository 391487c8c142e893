"""The admin through Django's test client, as county, prefecture and region staff."""

import datetime

import pytest
from django.test import Client

from catalog.models import (
    Brand,
    BrandLicence,
    BrandTier,
    HandbookStatus,
    LicenceStatus,
    Producer,
    Product,
)
from tests.catalog.review.conftest import (
    BAYI,
    CHENGGUAN,
    LHASA,
    LINZHOU,
    NYINGCHI,
    division,
    make_entry,
    make_handbook,
    make_producer,
    scoped_staff,
)
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

HANDBOOKS = "/admin/catalog/handbook/"


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def handbooks(channel):
    """One submitted handbook in each of three counties (two in Lhasa, one in Nyingchi)."""
    result = {}
    for code in (LINZHOU, CHENGGUAN, BAYI):
        handbook = make_handbook(code, channels=[channel], status=HandbookStatus.SUBMITTED)
        make_entry(handbook, name_zh=f"{division(code).name_zh}特产", natural_key=code)
        result[code] = handbook
    return result


def listed_pks(response, name="cl") -> set[int]:
    assert response.status_code == 200
    return {obj.pk for obj in response.context[name].result_list}


@pytest.mark.parametrize(
    ("scope", "visible"),
    [
        (LINZHOU, {LINZHOU}),
        (LHASA, {LINZHOU, CHENGGUAN}),
        (NYINGCHI, {BAYI}),
        ("540000", {LINZHOU, CHENGGUAN, BAYI}),
    ],
)
def test_handbook_list_shows_only_the_scope(handbooks, scope, visible):
    client = client_for(scoped_staff(scope))

    response = client.get(HANDBOOKS)

    assert listed_pks(response) == {handbooks[code].pk for code in visible}


def test_superuser_sees_everything(handbooks):
    client = client_for(StaffUserFactory(is_superuser=True))

    assert listed_pks(client.get(HANDBOOKS)) == {h.pk for h in handbooks.values()}


def test_staff_without_scope_is_refused(handbooks):
    client = client_for(StaffUserFactory())

    assert client.get(HANDBOOKS).status_code == 403
    assert client.get("/admin/catalog/producer/").status_code == 403


def test_entries_and_producers_lists_are_scoped(handbooks):
    make_producer(LINZHOU)
    make_producer(BAYI, name="巴宜区合作社")
    client = client_for(scoped_staff(LINZHOU))

    entries = listed_pks(client.get("/admin/catalog/handbookentry/"))
    producers = listed_pks(client.get("/admin/catalog/producer/"))

    assert entries == set(handbooks[LINZHOU].entries.values_list("pk", flat=True))
    assert producers == set(
        Producer.objects.filter(county__code=LINZHOU).values_list("pk", flat=True)
    )


def test_other_countys_handbook_is_refused(handbooks, county_user):
    client = client_for(county_user)
    other = handbooks[CHENGGUAN]

    assert client.get(f"{HANDBOOKS}{other.pk}/change/").status_code == 403
    assert client.post(f"{HANDBOOKS}{other.pk}/submit/").status_code == 403
    assert (
        client.get(f"/admin/catalog/handbookentry/{other.entries.get().pk}/change/").status_code
        == 403
    )
    assert client.get(f"{HANDBOOKS}999999/approve/").status_code == 404


def test_own_handbook_page_offers_only_allowed_transitions(handbooks, county_user):
    client = client_for(county_user)
    own = handbooks[LINZHOU]
    own.status = HandbookStatus.DRAFT
    own.save()

    response = client.get(f"{HANDBOOKS}{own.pk}/change/")

    assert response.status_code == 200
    assert [action for action, _label in response.context["transitions"]] == ["submit"]
    assert f"{HANDBOOKS}{own.pk}/submit/" in response.content.decode()
    # The entries are shown read-only in the page.
    assert "林周县特产" in response.content.decode()


def test_county_operator_submits_but_cannot_approve(handbooks, county_user):
    client = client_for(county_user)
    own = handbooks[LINZHOU]
    own.status = HandbookStatus.DRAFT
    own.save()

    response = client.post(f"{HANDBOOKS}{own.pk}/submit/")
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == HandbookStatus.SUBMITTED

    assert client.post(f"{HANDBOOKS}{own.pk}/approve/").status_code == 403
    assert client.post(f"{HANDBOOKS}{own.pk}/return/", {"comment": "x"}).status_code == 403
    own.refresh_from_db()
    assert own.status == HandbookStatus.SUBMITTED
    choices = client.get(HANDBOOKS).context["action_form"].fields["action"].choices
    actions = {name for name, _label in choices}
    assert "approve_handbooks" not in actions
    assert "return_handbooks" not in actions
    assert "submit_handbooks" in actions
    assert "delete_selected" not in actions


def test_prefecture_approves_in_its_counties_only(handbooks, prefecture_user):
    client = client_for(prefecture_user)

    response = client.post(f"{HANDBOOKS}{handbooks[LINZHOU].pk}/approve/", {"comment": "同意"})

    assert response.status_code == 302
    handbooks[LINZHOU].refresh_from_db()
    assert handbooks[LINZHOU].status == HandbookStatus.APPROVED
    assert Product.objects.filter(origin__code=LINZHOU).count() == 1
    assert client.post(f"{HANDBOOKS}{handbooks[BAYI].pk}/approve/").status_code == 403
    handbooks[BAYI].refresh_from_db()
    assert handbooks[BAYI].status == HandbookStatus.SUBMITTED


def test_approve_page_shows_refusals_in_the_users_language(handbooks, prefecture_user):
    handbook = handbooks[LINZHOU]
    handbook.status = HandbookStatus.APPROVED
    handbook.save()
    client = client_for(prefecture_user)
    # The button is not offered; posting anyway shows why it is refused.
    response = client.post(f"{HANDBOOKS}{handbook.pk}/approve/")

    assert response.status_code == 200
    assert response.context["errors"] == [
        "Only a submitted handbook can be approved; this one is “Approved and published”."
    ]
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    chinese.force_login(prefecture_user)
    response = chinese.post(f"{HANDBOOKS}{handbook.pk}/approve/")
    assert response.status_code == 200
    assert len(response.context["errors"]) == 1


def test_return_needs_a_comment_and_records_it(handbooks, prefecture_user):
    client = client_for(prefecture_user)
    handbook = handbooks[CHENGGUAN]

    response = client.post(f"{HANDBOOKS}{handbook.pk}/return/", {"comment": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["comment"]
    handbook.refresh_from_db()
    assert handbook.status == HandbookStatus.SUBMITTED

    response = client.post(f"{HANDBOOKS}{handbook.pk}/return/", {"comment": "请补充图片"})
    assert response.status_code == 302
    handbook.refresh_from_db()
    assert (handbook.status, handbook.review_comment) == (HandbookStatus.RETURNED, "请补充图片")


def test_list_actions_approve_and_return_with_comment_form(handbooks, region_user):
    client = client_for(region_user)
    selected = [handbooks[LINZHOU].pk, handbooks[BAYI].pk]

    response = client.post(HANDBOOKS, {"action": "return_handbooks", "_selected_action": selected})
    assert response.status_code == 200  # the comment form
    assert "comment" in response.context["form"].fields
    response = client.post(
        HANDBOOKS,
        {"action": "return_handbooks", "_selected_action": selected, "apply": "yes",
         "comment": "缺少价格依据"},
    )  # fmt: skip
    assert response.status_code == 302
    for code in (LINZHOU, BAYI):
        handbooks[code].refresh_from_db()
        assert handbooks[code].status == HandbookStatus.RETURNED
        assert handbooks[code].review_comment == "缺少价格依据"

    response = client.post(
        HANDBOOKS, {"action": "approve_handbooks", "_selected_action": [handbooks[CHENGGUAN].pk]}
    )
    assert response.status_code == 302
    handbooks[CHENGGUAN].refresh_from_db()
    assert handbooks[CHENGGUAN].status == HandbookStatus.APPROVED


def test_form_choices_are_limited_to_the_scope(county_user, prefecture_user):
    response = client_for(county_user).get("/admin/catalog/producer/add/")
    counties = response.context["adminform"].form.fields["county"].queryset
    assert [d.code for d in counties] == [LINZHOU]

    response = client_for(prefecture_user).get(f"{HANDBOOKS}add/")
    counties = response.context["adminform"].form.fields["county"].queryset
    assert {d.code for d in counties} == set(
        division(LHASA).children.values_list("code", flat=True)
    )


def test_county_cannot_create_a_producer_elsewhere(county_user):
    client = client_for(county_user)

    response = client.post(
        "/admin/catalog/producer/add/",
        {"name": "外县合作社", "kind": "cooperative", "county": division(BAYI).pk,
         "certifications": "[]", "household_status": ""},
    )  # fmt: skip

    assert response.status_code == 200
    assert "county" in response.context["adminform"].form.errors
    assert not Producer.objects.exists()


@pytest.fixture
def licences():
    lhasa_brand = Brand.objects.create(
        name="拉萨好物",
        slug="lhasa-haowu",
        tier=BrandTier.PREFECTURE,
        owner_division=division(LHASA),
    )
    nyingchi_brand = Brand.objects.create(
        name="林芝好物",
        slug="nyingchi",
        tier=BrandTier.PREFECTURE,
        owner_division=division(NYINGCHI),
    )
    dates = {"start_date": datetime.date(2026, 1, 1), "end_date": datetime.date(2099, 12, 31)}
    return {
        "lhasa": BrandLicence.objects.create(
            brand=lhasa_brand, producer=make_producer(LINZHOU), **dates
        ),
        "nyingchi": BrandLicence.objects.create(
            brand=nyingchi_brand, producer=make_producer(BAYI, name="巴宜区合作社"), **dates
        ),
    }


def test_licences_suspend_and_reinstate(licences, prefecture_user):
    client = client_for(prefecture_user)
    url = "/admin/catalog/brandlicence/"
    assert listed_pks(client.get(url)) == {licences["lhasa"].pk}

    client.post(url, {"action": "suspend_licences",
                      "_selected_action": [licences["lhasa"].pk, licences["nyingchi"].pk]})  # fmt: skip

    for licence in licences.values():
        licence.refresh_from_db()
    assert licences["lhasa"].status == LicenceStatus.SUSPENDED
    assert licences["nyingchi"].status == LicenceStatus.ACTIVE

    client.post(url, {"action": "reinstate_licences", "_selected_action": [licences["lhasa"].pk]})
    licences["lhasa"].refresh_from_db()
    assert licences["lhasa"].status == LicenceStatus.ACTIVE


def test_producers_county_sees_but_cannot_change_the_licence(licences, county_user):
    client = client_for(county_user)
    url = "/admin/catalog/brandlicence/"
    licence = licences["lhasa"]

    assert listed_pks(client.get(url)) == {licence.pk}
    client.post(url, {"action": "suspend_licences", "_selected_action": [licence.pk]})
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.ACTIVE
    response = client.post(f"{url}{licence.pk}/change/", {"status": "suspended"})
    assert response.status_code == 403


def test_entries_can_be_corrected_only_while_the_handbook_is_editable(county_user, channel):
    handbook = make_handbook(LINZHOU, channels=[channel])
    entry = make_entry(handbook)
    client = client_for(county_user)
    url = f"/admin/catalog/handbookentry/{entry.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"price_min": "26.00", "season_months": "[]", "certifications": "[]",
                 "sales_channels": "[]", "image_references": "[]"})  # fmt: skip

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    entry.refresh_from_db()
    assert str(entry.price_min) == "26.000"

    handbook.status = HandbookStatus.SUBMITTED
    handbook.save()
    assert client.post(url, {**data, "price_min": "1"}).status_code == 403
    assert client.get(url).status_code == 200  # still readable
    entry.refresh_from_db()
    assert str(entry.price_min) == "26.000"
