import factory

from infra.accounts.models import App, AppToken, User, hash_app_token
from infra.accounts.permissions import PermissionEnum

DEFAULT_PASSWORD = "correct horse battery staple"


def django_permissions(perms):
    from django.contrib.auth.models import Permission

    return list(
        Permission.objects.filter(
            content_type__app_label="accounts", codename__in=[p.codename for p in perms]
        )
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = "卓玛"
    last_name = "次仁"
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def permissions(self, create, extracted: list[PermissionEnum] | None, **kwargs):
        if create and extracted:
            self.user_permissions.add(*django_permissions(extracted))
        if create:
            self.save()


class StaffUserFactory(UserFactory):
    email = factory.Sequence(lambda n: f"staff{n}@example.com")
    is_staff = True


class AppFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = App
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Partner app {n}")

    @factory.post_generation
    def permissions(self, create, extracted: list[PermissionEnum] | None, **kwargs):
        if create and extracted:
            self.permissions.add(*django_permissions(extracted))

    @classmethod
    def with_token(cls, **kwargs) -> tuple[App, str]:
        app = cls(**kwargs)
        raw = AppToken.generate_raw_token()
        AppToken.objects.create(app=app, token_hash=hash_app_token(raw), token_last_4=raw[-4:])
        return app, raw
