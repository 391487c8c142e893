"""One HTTP POST of a webhook: no redirects followed, a timeout, the outcome always returned."""

import http.client
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field


@dataclass(frozen=True)
class HttpOutcome:
    status_code: int | None
    body: str
    headers: dict[str, str] = field(default_factory=dict)
    duration: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a 3xx is the receiver's answer, not a hop
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def http_post(
    url: str, body: bytes, headers: dict[str, str], *, timeout: float, max_body_chars: int
) -> HttpOutcome:
    if not url.lower().startswith(("http://", "https://")):
        return HttpOutcome(status_code=None, body="Only http and https URLs are supported.")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    started = time.monotonic()
    try:
        with _opener.open(request, timeout=timeout) as response:
            text = response.read(max_body_chars * 4).decode("utf-8", "replace")
            return HttpOutcome(
                status_code=response.status,
                body=text[:max_body_chars],
                headers=dict(response.headers.items()),
                duration=time.monotonic() - started,
            )
    except urllib.error.HTTPError as error:
        text = error.read(max_body_chars * 4).decode("utf-8", "replace")
        return HttpOutcome(
            status_code=error.code,
            body=text[:max_body_chars],
            headers=dict(error.headers.items()) if error.headers else {},
            duration=time.monotonic() - started,
        )
    except (OSError, ValueError, http.client.HTTPException) as error:  # refused, timed out …
        reason = getattr(error, "reason", None) or error
        return HttpOutcome(
            status_code=None, body=str(reason)[:max_body_chars], duration=time.monotonic() - started
        )
