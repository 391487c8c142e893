import pytest

from tests.catalog.outputs.sample import SampleHandbook, build_handbook


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path):
    """Each test's files in a folder of its own, so listings see only what it stored."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def sample(db) -> SampleHandbook:
    return build_handbook()
