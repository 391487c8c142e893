"""Identities that call the platform: users (shoppers and staff) and apps (integrations)."""

import hashlib
import secrets

from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    Permission,
    PermissionsMixin,
)
from django.db import models
from django.utils import timezone

from infra.accounts.permissions import DJANGO_PERMISSIONS
from infra.metadata import ModelWithMetadata


def new_jwt_token_key() -> str:
    return secrets.token_urlsafe(9)


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(PermissionsMixin, ModelWithMetadata, AbstractBaseUser):
    email = models.EmailField(unique=True)
    first_name = models.CharField(max_length=256, blank=True)
    last_name = models.CharField(max_length=256, blank=True)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    note = models.TextField(blank=True)
    language_code = models.CharField(max_length=35, default="zh-hans")
    # Rotating this key invalidates every token issued to the user.
    jwt_token_key = models.CharField(max_length=12, default=new_jwt_token_key)
    date_joined = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    # When the last password reset e-mail was asked for (a new one waits out a lock time).
    last_password_reset_request = models.DateTimeField(null=True, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    objects = UserManager()

    class Meta:
        ordering = ("email",)
        permissions = DJANGO_PERMISSIONS

    def __str__(self) -> str:
        return self.email


class App(ModelWithMetadata):
    """An integration (a partner province's shop, a kiosk fleet) calling with app tokens."""

    name = models.CharField(max_length=60)
    identifier = models.CharField(max_length=256, blank=True)
    is_active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)
    permissions = models.ManyToManyField(Permission, blank=True, related_name="+")

    class Meta:
        ordering = ("name", "pk")

    def __str__(self) -> str:
        return self.name


def hash_app_token(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


class AppToken(models.Model):
    """Only a hash of the token is stored; the raw token is shown once, at creation."""

    app = models.ForeignKey(App, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(max_length=128, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    token_last_4 = models.CharField(max_length=4)

    def __str__(self) -> str:
        return f"{self.app} …{self.token_last_4}"

    @staticmethod
    def generate_raw_token() -> str:
        return secrets.token_urlsafe(30)
