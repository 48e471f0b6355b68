"""The HTTP SMS backend (GatewayAPI-style `SMS_URL`) against a local fake gateway started here:
success, 4xx refused (failed at once in the outbox), 5xx tried again with back-off, timeout."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from notifications.sms import HttpSMSBackend, SMSError, SMSRefused


class FakeGateway(BaseHTTPRequestHandler):
    requests: list = []
    script: list = []  # status codes to answer, in turn; "slow" waits past the timeout
    hold = threading.Event()

    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append((self.path, self.headers["Authorization"], body))
        answer = type(self).script.pop(0) if type(self).script else 200
        if answer == "slow":
            type(self).hold.wait(5)  # released when the test ends
            answer = 200
        self.send_response(answer)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        reply = {"ids": [1]} if answer < 300 else {"message": "nope"}
        self.wfile.write(json.dumps(reply).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    FakeGateway.requests, FakeGateway.script = [], []
    FakeGateway.hold.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/rest/mtsms", FakeGateway
    FakeGateway.hold.set()
    server.shutdown()
    server.server_close()


def _backend(url, **kwargs):
    return HttpSMSBackend(
        url=url, token="secret-token", sender="Peerstotte", timeout=2, backoff=0, **kwargs
    )


def test_success_posts_the_gateways_json(gateway):
    url, fake = gateway
    _backend(url, retries=2).send(to="+4520304050", body="Hej")
    ((path, auth, body),) = fake.requests
    assert path == "/rest/mtsms"
    assert auth == "Token secret-token"
    assert body == {
        "sender": "Peerstotte",
        "message": "Hej",
        "recipients": [{"msisdn": 4520304050}],
    }


def test_4xx_is_refused_and_not_tried_again(gateway):
    url, fake = gateway
    fake.script = [400]
    with pytest.raises(SMSRefused):
        _backend(url, retries=3).send(to="+4520304050", body="Hej")
    assert len(fake.requests) == 1


def test_5xx_is_tried_again_and_then_succeeds(gateway):
    url, fake = gateway
    fake.script = [503, 502]
    _backend(url, retries=2).send(to="+4520304050", body="Hej")
    assert len(fake.requests) == 3


def test_5xx_every_time_gives_up_for_the_outbox(gateway):
    url, fake = gateway
    fake.script = [500, 500, 500, 500]
    with pytest.raises(SMSError) as caught:
        _backend(url, retries=2).send(to="+4520304050", body="Hej")
    assert not isinstance(caught.value, SMSRefused)
    assert len(fake.requests) == 3


def test_a_timeout_is_an_error_and_not_sent_twice(gateway):
    url, fake = gateway
    fake.script = ["slow"]
    backend = HttpSMSBackend(url=url, token="t", sender="P", timeout=0.3, retries=2, backoff=0)
    with pytest.raises(SMSError, match="in time"):
        backend.send(to="+4520304050", body="Hej")
    assert len(fake.requests) == 1


def test_nobody_listening_is_an_error(gateway):
    with pytest.raises(SMSError):
        _backend("http://127.0.0.1:9/rest/mtsms", retries=0).send(to="+4520304050", body="Hej")


@pytest.mark.django_db
def test_the_outbox_fails_a_refused_text_at_once_and_retries_a_5xx(gateway, settings):
    from notifications.models import Notification
    from notifications.services import queue_sms, send_due

    url, fake = gateway
    settings.SMS_BACKEND = "notifications.sms.HttpSMSBackend"
    settings.SMS_URL, settings.SMS_TOKEN, settings.SMS_BACKOFF = url, "t", 0
    settings.SMS_RETRIES = 0
    refused = queue_sms(
        kind="test.refused", to="+4520304050", template="activities/sms/confirm",
        context={"starts": None, "link": "https://example.test/x"},
    )  # fmt: skip
    fake.script = [400]
    send_due()
    refused.refresh_from_db()
    assert refused.status == Notification.Status.FAILED
    later = queue_sms(
        kind="test.later", to="+4520304051", template="activities/sms/confirm",
        context={"starts": None, "link": "https://example.test/y"},
    )  # fmt: skip
    fake.script = [503]
    send_due()
    later.refresh_from_db()
    assert later.status == Notification.Status.PENDING
    assert later.attempts == 1
    assert later.next_attempt_at is not None


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://gateway.example/", ""])
def test_only_a_web_address_is_ever_opened(url, settings):
    settings.SMS_URL = url
    with pytest.raises(ValueError, match="http"):
        HttpSMSBackend(token="t", sender="P")
