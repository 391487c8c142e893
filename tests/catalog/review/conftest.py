"""Fixtures for the handbook review tests: counties, scoped staff, channels, handbooks."""

from decimal import Decimal
from itertools import count

import pytest

from catalog.models import Division, Handbook, HandbookEntry, Producer, ProducerKind, StaffScope
from tests.factories import ChannelFactory, StaffUserFactory

REGION = "540000"
LHASA = "540100"
CHENGGUAN = "540102"  # a county of Lhasa
LINZHOU = "540121"  # another county of Lhasa
NYINGCHI = "540400"
BAYI = "540402"  # a county of Nyingchi

_rows = count(1)


def division(code: str) -> Division:
    return Division.objects.get(code=code)


def scoped_staff(code: str, **kwargs):
    user = StaffUserFactory(**kwargs)
    StaffScope.objects.create(user=user, division=division(code))
    return user


def make_producer(code: str, name: str = "林周县青稞合作社", **kwargs) -> Producer:
    return Producer.objects.create(
        name=name,
        kind=kwargs.pop("kind", ProducerKind.COOPERATIVE),
        county=division(code),
        **kwargs,
    )


def make_handbook(code: str, *, edition: int = 2026, channels=(), **kwargs) -> Handbook:
    handbook = Handbook.objects.create(county=division(code), edition=edition, **kwargs)
    handbook.channels.set(channels)
    return handbook


def make_entry(handbook: Handbook, **fields) -> HandbookEntry:
    row = next(_rows)
    defaults = {
        "natural_key": f"entry-{row}",
        "row_number": row,
        "name_zh": "青稞糌粑",
        "name_bo": "རྩམ་པ",
        "name_en": "Tsampa",
        "specification": "500克/袋",
        "unit": "袋",
        "net_weight": Decimal("0.5"),
        "price_min": Decimal("28.00"),
        "price_max": Decimal("35.00"),
        "season": "全年",
    }
    return HandbookEntry.objects.create(handbook=handbook, **{**defaults, **fields})


@pytest.fixture
def channel(db):
    return ChannelFactory(slug="default-channel", currency_code="CNY")


@pytest.fixture
def other_channel(db):
    return ChannelFactory(slug="jiangsu-partner", currency_code="CNY")


@pytest.fixture
def county_user(db):
    return scoped_staff(LINZHOU)


@pytest.fixture
def prefecture_user(db):
    return scoped_staff(LHASA)


@pytest.fixture
def region_user(db):
    return scoped_staff(REGION)


@pytest.fixture
def other_prefecture_user(db):
    return scoped_staff(NYINGCHI)
