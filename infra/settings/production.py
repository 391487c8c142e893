"""Production settings: base plus the hardening a public deployment needs.

Refuses to start without SECRET_KEY (checked in base, since DEBUG is forced off here).
"""

import os

os.environ["DEBUG"] = "0"

from infra.settings.base import *  # noqa: F403
from infra.settings.base import env_bool

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
GRAPHQL_PLAYGROUND_ENABLED = False

# Partners verify webhook signatures with the key published at /.well-known/jwks.json: a key
# generated on the spot would change with every host, so WEBHOOK_PRIVATE_KEY is required
# (signing refuses to work without it, and `manage.py check --deploy` reports it).
WEBHOOK_GENERATED_KEY_ALLOWED = False
