"""`manage.py partner_token`: a new token for a partner channel's app, usable at once."""

import io

import pytest
from django.core.management import CommandError, call_command

from catalog.models import AppChannelAccess
from infra.accounts.models import AppToken
from tests.conftest import ApiClient
from tests.factories.accounts import AppFactory
from tests.factories.catalog import ChannelFactory

pytestmark = pytest.mark.django_db


def test_issues_a_working_token_for_the_channels_app():
    channel = ChannelFactory(slug="jiangsu-partner")
    app, _first = AppFactory.with_token(permissions=[])
    AppChannelAccess.objects.create(app=app, channel=channel)
    out = io.StringIO()

    call_command("partner_token", "jiangsu-partner", stdout=out)

    token = out.getvalue().strip()
    assert AppToken.objects.filter(app=app).count() == 2
    ChannelFactory(slug="shanghai-partner")
    # The app is recognised: it sees its own channel only.
    channels = ApiClient(token).post_graphql("{ channels { slug } }").data["channels"]
    assert channels == [{"slug": "jiangsu-partner"}]


def test_refuses_a_channel_without_an_app():
    ChannelFactory(slug="lonely")

    with pytest.raises(CommandError, match="lonely"):
        call_command("partner_token", "lonely", stdout=io.StringIO())
