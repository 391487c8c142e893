"""Demo step: the back-office administrator."""

import os

from infra.accounts.models import User

DEMO_ADMIN_EMAIL = "admin@example.com"


def load_demo_admin(stdout) -> None:
    password = os.environ.get("DEMO_ADMIN_PASSWORD", "tibet-demo-admin")
    user = User.objects.filter(email=DEMO_ADMIN_EMAIL).first()
    if user is None:
        user = User.objects.create_superuser(DEMO_ADMIN_EMAIL, password, first_name="Demo")
    else:
        user.set_password(password)
        user.is_staff = user.is_superuser = user.is_active = True
        user.save(update_fields=["password", "is_staff", "is_superuser", "is_active"])
    port = os.environ.get("PORT", "8000")
    stdout.write(f"Demo admin: {DEMO_ADMIN_EMAIL} / {password}  (http://127.0.0.1:{port}/admin/)")
