"""A local Web Push service for the tests: it plays the browsers' push services and the browsers themselves.

Each `Browser` has its own P-256 key pair and auth secret, as a real one
does, and an endpoint on this server. A push POSTed to it is checked as a
push service checks it (the VAPID JWT signed by the key the site published,
for this origin, not expired) and decrypted as the browser would
(aes128gcm, RFC 8291) with the browser's private key. What arrives, and
what the server answered, is kept per browser; the answers to give (201,
410, 500 ...) are queued per browser by the test.
"""

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Received:
    """One push as the browser got it: the decrypted alert and the headers that came with it."""

    payload: dict
    ttl: str
    urgency: str
    topic: str


@dataclass
class Browser:
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    #: Status codes to answer, in order; once used up, 201 Created.
    answers: list = field(default_factory=list)
    received: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # pushes answered with an error status, decrypted all the same
    #: Called with the Received before answering: a test's hook to act while a push is in flight.
    on_push: object = None

    @property
    def p256dh(self) -> str:
        public = self.private_key.public_key()
        return b64url(public.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))

    def subscription_json(self) -> dict:
        """What `PushSubscription.toJSON()` gives the page."""
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": self.p256dh, "auth": b64url(self.auth)},
        }

    def titles(self):
        return [push.payload["title"] for push in self.received]


class PushService:
    def __init__(self, vapid_public_key: str):
        self.vapid_public_key = vapid_public_key
        self.browsers: dict[str, Browser] = {}
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)

    def browser(self, *answers) -> Browser:
        token = secrets.token_urlsafe(16)
        browser = Browser(
            f"{self.origin}/push/{token}", ec.generate_private_key(ec.SECP256R1()), secrets.token_bytes(16)
        )
        browser.answers.extend(answers)
        self.browsers[token] = browser
        return browser

    def total_received(self) -> int:
        return sum(len(browser.received) for browser in self.browsers.values())

    def check_vapid(self, authorization: str) -> str:
        """ "" if the Authorization header is a valid VAPID (RFC 8292) one for this service, else why not."""
        if not authorization.startswith("vapid "):
            return f"not a vapid Authorization header: {authorization[:30]!r}"
        params = dict(part.strip().split("=", 1) for part in authorization[6:].split(","))
        if params.get("k") != self.vapid_public_key:
            return "signed with a key other than the site's published VAPID key"
        header, claims, signature = params["t"].split(".")
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(params["k"]))
        raw = unb64url(signature)
        der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
        try:
            public.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            return "the JWT's signature does not verify"
        if json.loads(unb64url(header)).get("alg") != "ES256":
            return "the JWT is not ES256"
        body = json.loads(unb64url(claims))
        if body.get("aud") != self.origin:
            return f"the JWT's audience is {body.get('aud')!r}, not {self.origin!r}"
        if not (time.time() < body.get("exp", 0) <= time.time() + 24 * 3600):
            return "the JWT is expired or lives longer than 24 hours"
        if not str(body.get("sub", "")).startswith(("mailto:", "https:")):
            return "the JWT has no contact (sub)"
        return ""

    def _handler(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                browser = service.browsers.get(self.path.rsplit("/", 1)[-1])
                if browser is None:
                    return self.answer(404)
                problem = service.check_vapid(self.headers.get("Authorization", ""))
                if not problem and self.headers.get("Content-Encoding") != "aes128gcm":
                    problem = f"Content-Encoding is {self.headers.get('Content-Encoding')!r}"
                if problem:
                    service.errors.append(problem)
                    return self.answer(401)
                try:
                    clear = http_ece.decrypt(body, private_key=browser.private_key, auth_secret=browser.auth)
                    payload = json.loads(clear)
                except Exception as error:  # noqa: BLE001 - the test reads what went wrong
                    service.errors.append(f"could not decrypt: {error!r}")
                    return self.answer(400)
                push = Received(payload, self.headers.get("TTL", ""), self.headers.get("Urgency", ""),
                                self.headers.get("Topic", ""))  # fmt: skip
                with service.lock:
                    status = browser.answers.pop(0) if browser.answers else 201
                if browser.on_push:
                    browser.on_push(push)
                (browser.received if status < 300 else browser.refused).append(push)
                self.answer(status)

            def answer(self, status):
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        return Handler
