"""A small OpenID Connect provider on loopback, for the ProConnect tests: authorization code flow
with PKCE, RS256 ID tokens, a JWKS, and a signed userinfo answer as ProConnect gives it.

It stands for ProConnect, where the agent is already logged in: `/authorize` answers at once for
the agent the test chose. Everything between citeduc and it goes over real HTTP.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

KID = "citeduc-test-key"


@dataclass
class Provider:
    client_id: str
    client_secret: str
    redirect_uri: str
    agent: dict[str, Any] = field(default_factory=dict)  # the claims of the logged-in agent
    acr: str = "eidas1"
    audience: str | None = None  # set to mint tokens for another client
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    url: str = ""
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)

    def sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": KID})

    def jwks(self) -> dict[str, Any]:
        public = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": KID, "alg": "RS256", "use": "sig"}]}

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if query.get("client_id") != self.client_id or query.get("redirect_uri") != (
            self.redirect_uri
        ):
            return 400, {}, b"client inconnu"
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "nonce": query.get("nonce"),
            "challenge": query.get("code_challenge"),
            "redirect_uri": query["redirect_uri"],
        }
        target = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
        return 302, {"Location": target}, b""

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        grant = self.codes.pop(form.get("code", ""), None)  # a code is used once
        if (
            grant is None
            or form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
            or form.get("redirect_uri") != grant["redirect_uri"]
        ):
            return 400, {}, json.dumps({"error": "invalid_grant"}).encode()
        verifier = form.get("code_verifier", "").encode()
        digest = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
        if grant["challenge"] and digest.decode() != grant["challenge"]:
            return 400, {}, json.dumps({"error": "invalid_grant", "pkce": "bad"}).encode()
        now = int(time.time())
        id_token = self.sign(
            {
                "iss": self.url,
                "aud": self.audience or self.client_id,
                "sub": self.agent["sub"],
                "iat": now,
                "exp": now + 60,
                "nonce": grant["nonce"],
                "acr": self.acr,
            }
        )
        access = secrets.token_urlsafe(16)
        self.tokens[access] = dict(self.agent)
        body = {"access_token": access, "token_type": "Bearer", "id_token": id_token}
        return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()

    def userinfo(self, authorization: str) -> tuple[int, dict[str, str], bytes]:
        claims = self.tokens.get(authorization.removeprefix("Bearer "))
        if claims is None:
            return 401, {}, b""
        signed = self.sign({**claims, "iss": self.url, "aud": self.client_id})
        return 200, {"Content-Type": "application/jwt"}, signed.encode()


def serve(provider: Provider) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, answer: tuple[int, dict[str, str], bytes]) -> None:
            status, headers, body = answer
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            provider.requests.append(parts.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path == "/authorize":
                self._answer(provider.authorize(query))
            elif parts.path == "/jwks":
                body = json.dumps(provider.jwks()).encode()
                self._answer((200, {"Content-Type": "application/json"}, body))
            elif parts.path == "/userinfo":
                self._answer(provider.userinfo(self.headers.get("Authorization", "")))
            else:
                self._answer((404, {}, b""))

        def do_POST(self) -> None:
            provider.requests.append(self.path)
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if self.path == "/token":
                self._answer(provider.token(form))
            else:
                self._answer((404, {}, b""))

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    provider.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
