"""Test settings: the base settings with fast hashing and a throwaway media folder."""

import os
import tempfile

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")

from infra.settings.base import *  # noqa: F403
from infra.settings.base import DATABASES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
ALLOWED_CLIENT_HOSTS = ["shop.example.com", "127.0.0.1", "localhost"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="tibet-media-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Tests see every change at once; the public cache has its own tests that turn it on.
GRAPHQL_PUBLIC_CACHE_SECONDS = 0

# Tests run tasks in-process; the few that prove the broker path switch this off themselves.
CELERY_TASK_ALWAYS_EAGER = True

# A file, not memory, so that a Celery worker process can open the same test database
# (.ci/run points the worker at it with DATABASE_URL).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("TEST_SQLITE_PATH", str(VAR_DIR / "test-db.sqlite3"))
    }

# The demo's gateways (the dummy one is otherwise on only with DEBUG); Stripe tests set keys.
PAYMENT_GATEWAYS = ["dummy", "cash"]
