from tests.factories.accounts import AppFactory, StaffUserFactory, UserFactory
from tests.factories.catalog import ChannelFactory

__all__ = ["AppFactory", "ChannelFactory", "StaffUserFactory", "UserFactory"]
