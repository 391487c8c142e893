import pytest

from tests.storefront.border.helpers import border_channel, border_variant


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path):
    """Each test's declarations in a folder of its own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def gyirong(db):
    return border_channel("gyirong")


@pytest.fixture
def listed(gyirong):
    """(variant, listing) of a 5,000 CNY variant sold in the Gyirong channel."""
    return border_variant(gyirong, price="5000.00")
