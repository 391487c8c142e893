"""Border residents: registered by staff, their ID numbers kept only as peppered hashes."""

import hashlib
import hmac

import pytest
from django.db import connection

from infra.accounts.permissions import PermissionEnum
from infra.errors import ValidationFailed
from storefront.border.models import BorderPort, BorderResident
from storefront.border.services.residents import border_resident_find, border_resident_register
from tests.conftest import permission_denied
from tests.factories.product_reads import gid, staff_with
from tests.storefront.border.helpers import RESIDENT_ID

pytestmark = pytest.mark.django_db

REGISTER = """
mutation Register($input: BorderResidentRegisterInput!) {
  borderResidentRegister(input: $input) {
    borderResident { id name idMasked isActive port { code } }
    errors { field code message }
  }
}"""


def _gyirong() -> BorderPort:
    return BorderPort.objects.get(code="gyirong")


def _every_stored_value() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM border_borderresident")
        return repr(cursor.fetchall())


def test_only_the_peppered_hash_and_a_mask_are_stored(settings):
    settings.BORDER_ID_PEPPER = "pepper-for-tests"

    resident = border_resident_register(
        id_number="5402 3419 9001 0112 3x", name=" 次仁多吉 ", port=_gyirong()
    )

    expected = hmac.new(b"pepper-for-tests", RESIDENT_ID.encode(), hashlib.sha256).hexdigest()
    assert resident.id_hash == expected
    assert (resident.name, resident.id_masked, resident.id_kind) == (
        "次仁多吉",
        "5402**********123X",
        "resident_id",
    )
    stored = _every_stored_value()
    assert RESIDENT_ID not in stored
    assert "199001011" not in stored


def test_the_same_number_finds_the_resident_and_cannot_register_twice():
    resident = border_resident_register(id_number=RESIDENT_ID, name="次仁多吉", port=_gyirong())

    with pytest.raises(ValidationFailed) as refused:
        border_resident_register(id_number=RESIDENT_ID.lower(), name="另一人", port=_gyirong())

    assert [(e.field, e.code) for e in refused.value.errors] == [("idNumber", "UNIQUE")]
    assert border_resident_find(id_number=RESIDENT_ID.lower()) == resident


def test_another_pepper_makes_another_hash(settings):
    settings.BORDER_ID_PEPPER = "first"
    border_resident_register(id_number=RESIDENT_ID, name="次仁多吉", port=_gyirong())
    settings.BORDER_ID_PEPPER = "second"

    with pytest.raises(ValidationFailed) as refused:
        border_resident_find(id_number=RESIDENT_ID)

    assert refused.value.errors[0].code == "NOT_FOUND"


def test_staff_register_residents_and_never_see_the_number_back():
    client = staff_with(PermissionEnum.MANAGE_USERS)

    response = client.post_graphql(
        REGISTER, {"input": {"idNumber": RESIDENT_ID, "name": "次仁多吉", "port": gid(_gyirong())}}
    )

    body = response.data["borderResidentRegister"]
    assert body["errors"] == []
    assert body["borderResident"]["idMasked"] == "5402**********123X"
    assert body["borderResident"]["port"] == {"code": "gyirong"}
    resident = BorderResident.objects.get()
    assert RESIDENT_ID not in response.body.__repr__()
    assert resident.id_hash not in response.body.__repr__()


def test_registering_needs_manage_users():
    response = staff_with(PermissionEnum.MANAGE_ORDERS).post_graphql(
        REGISTER, {"input": {"idNumber": RESIDENT_ID, "name": "次仁多吉", "port": gid(_gyirong())}}
    )

    assert permission_denied(response)
    assert not BorderResident.objects.exists()


def test_malformed_numbers_are_refused_by_field():
    body = (
        staff_with(PermissionEnum.MANAGE_USERS)
        .post_graphql(
            REGISTER,
            {"input": {"idNumber": "540234199001011231", "name": "x", "port": gid(_gyirong())}},
        )
        .data["borderResidentRegister"]
    )

    assert [(e["field"], e["code"]) for e in body["errors"]] == [("idNumber", "INVALID_ID_NUMBER")]
    assert "540234199001011231" not in body["errors"][0]["message"]
