from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.utils import timezone

from infra.accounts.jwt import user_for_access_token
from infra.accounts.models import User
from tests.factories import UserFactory
from tests.factories.accounts import DEFAULT_PASSWORD

REQUEST_RESET = """
mutation Reset($email: String!, $redirectUrl: String!) {
  requestPasswordReset(email: $email, redirectUrl: $redirectUrl) {
    errors { field code message }
  }
}
"""
SET_PASSWORD = """
mutation Set($email: String!, $token: String!, $password: String!) {
  setPassword(email: $email, token: $token, password: $password) {
    token refreshToken user { email }
    errors { field code message }
  }
}
"""
REDIRECT = "https://shop.example.com/reset?lang=zh"
NEW_PASSWORD = "barley and yak milk 9"


def _link_params(message) -> tuple[str, dict]:
    link = next(word for word in message.body.split() if word.startswith("https://"))
    parts = urlsplit(link)
    return f"{parts.scheme}://{parts.netloc}{parts.path}", parse_qs(parts.query)


def test_request_password_reset_mails_working_link(api_client, django_capture_on_commit_callbacks):
    # given
    user = UserFactory(email="pema@example.com")

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post_graphql(
            REQUEST_RESET, {"email": "Pema@example.com", "redirectUrl": REDIRECT}
        )

    # then
    assert response.data["requestPasswordReset"] == {"errors": []}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["pema@example.com"]
    base, params = _link_params(mail.outbox[0])
    assert base == "https://shop.example.com/reset"
    assert params["lang"] == ["zh"]
    assert params["email"] == ["pema@example.com"]
    assert default_token_generator.check_token(user, params["token"][0])


def test_request_password_reset_unknown_email_answers_success_without_mail(
    api_client, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post_graphql(
            REQUEST_RESET, {"email": "nobody@example.com", "redirectUrl": REDIRECT}
        )

    # then
    assert response.data["requestPasswordReset"] == {"errors": []}
    assert mail.outbox == []


def test_request_password_reset_invalid_redirect_url(
    api_client, django_capture_on_commit_callbacks
):
    # given
    UserFactory(email="pema@example.com")

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post_graphql(
            REQUEST_RESET, {"email": "pema@example.com", "redirectUrl": "not a url"}
        )

    # then
    errors = response.data["requestPasswordReset"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("redirectUrl", "INVALID")]
    assert mail.outbox == []


def test_set_password_with_mailed_token(api_client, django_capture_on_commit_callbacks):
    # given
    user = UserFactory(email="pema@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        api_client.post_graphql(
            REQUEST_RESET, {"email": "pema@example.com", "redirectUrl": REDIRECT}
        )
    _base, params = _link_params(mail.outbox[0])

    # when
    response = api_client.post_graphql(
        SET_PASSWORD,
        {"email": params["email"][0], "token": params["token"][0], "password": NEW_PASSWORD},
    )

    # then
    data = response.data["setPassword"]
    assert data["errors"] == []
    assert data["user"] == {"email": "pema@example.com"}
    assert user_for_access_token(data["token"]) == user
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_set_password_token_works_once(api_client):
    # given
    user = UserFactory(email="pema@example.com")
    token = default_token_generator.make_token(user)
    variables = {"email": "pema@example.com", "token": token, "password": NEW_PASSWORD}
    api_client.post_graphql(SET_PASSWORD, variables)

    # when
    response = api_client.post_graphql(SET_PASSWORD, {**variables, "password": "another 9 pass"})

    # then
    errors = response.data["setPassword"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("token", "INVALID")]
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    ("variables", "field", "code"),
    [
        ({"email": "nobody@example.com"}, "email", "NOT_FOUND"),
        ({"token": "bad-token"}, "token", "INVALID"),
        ({"password": "short"}, "password", "PASSWORD_TOO_SHORT"),
        ({"password": "password123"}, "password", "PASSWORD_TOO_COMMON"),
    ],
)
def test_set_password_errors_change_nothing(api_client, variables, field, code):
    # given
    user = UserFactory(email="pema@example.com")
    good = {
        "email": "pema@example.com",
        "token": default_token_generator.make_token(user),
        "password": NEW_PASSWORD,
    }

    # when
    response = api_client.post_graphql(SET_PASSWORD, {**good, **variables})

    # then
    data = response.data["setPassword"]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [(field, code)]
    assert data["token"] is None
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


def test_send_password_reset_email_task_skips_inactive_user(db):
    # given
    from storefront.tasks import send_password_reset_email_task

    user = UserFactory(is_active=False)

    # when
    send_password_reset_email_task.delay(user.pk, REDIRECT)

    # then
    assert mail.outbox == []


def test_reset_links_only_lead_to_allowed_storefronts(api_client):
    UserFactory(email="pema@example.com")

    response = api_client.post_graphql(
        REQUEST_RESET, {"email": "pema@example.com", "redirectUrl": "https://evil.example.net/r"}
    )

    assert response.data["requestPasswordReset"]["errors"] == [
        {
            "field": "redirectUrl",
            "code": "INVALID",
            "message": "evil.example.net is not allowed. Please check `ALLOWED_CLIENT_HOSTS` "
            "configuration.",
        }
    ]
    assert mail.outbox == []


def test_a_second_reset_request_waits_out_the_lock(api_client, django_capture_on_commit_callbacks):
    UserFactory(email="pema@example.com")
    variables = {"email": "pema@example.com", "redirectUrl": REDIRECT}
    with django_capture_on_commit_callbacks(execute=True):
        first = api_client.post_graphql(REQUEST_RESET, variables)
        second = api_client.post_graphql(REQUEST_RESET, variables)

    assert first.data["requestPasswordReset"]["errors"] == []
    assert [e["code"] for e in second.data["requestPasswordReset"]["errors"]] == [
        "PASSWORD_RESET_ALREADY_REQUESTED"
    ]
    assert len(mail.outbox) == 1
    User.objects.update(last_password_reset_request=timezone.now() - timedelta(minutes=16))
    with django_capture_on_commit_callbacks(execute=True):
        third = api_client.post_graphql(REQUEST_RESET, variables)
    assert third.data["requestPasswordReset"]["errors"] == []
    assert len(mail.outbox) == 2
