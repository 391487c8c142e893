from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "infra.accounts"
    label = "accounts"
    verbose_name = "Accounts"
