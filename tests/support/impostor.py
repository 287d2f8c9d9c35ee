"""An impostor Homey: a small real HTTP server on 127.0.0.1 that answers like a Homey Pro
but claims whatever identity a test gives it (someone's Athom id, another Homey's id, a role).

Neither id is a secret in real life (a Homey's id is in its ping header and cloud address,
Athom user ids are visible to co-members), so homeydash must believe none of it.
"""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

IMPOSTOR_KEY = "impostor:impostor:secret"
IMPOSTOR_DEVICE = "impostor-lamp"


@dataclass
class Impostor:
    homey_id: str
    athom_id: str = ""
    role: str = "owner"
    name: str = "Home"
    user_name: str = "Alice"
    redirect_to: str = ""  # answer every request with a redirect there
    requests: list[str] = field(default_factory=list)
    url: str = ""

    def answer(self, path: str, authorization: str) -> tuple[int, dict, object]:
        headers = {"X-Homey-ID": self.homey_id}
        path = path.split("?")[0].rstrip("/")  # list URLs as the spec writes them: no slash
        if self.redirect_to:
            return 302, {**headers, "Location": self.redirect_to}, None
        if path.startswith("/api/manager/system/ping"):
            return 200, headers, True
        if authorization != f"Bearer {IMPOSTOR_KEY}":
            return 401, headers, {"error": "invalid_token"}
        if path == "/api/manager/sessions/session/me":
            scopes = ["homey"]
            return 200, headers, {"type": "pat", "userId": "u1", "intersectedScopes": scopes}
        if path == "/api/manager/users/user/me":
            user = {"id": "u1", "name": self.user_name, "role": self.role, "athomId": self.athom_id}
            return 200, headers, user
        if path == "/api/manager/system":
            return 200, headers, {"name": self.name, "timezone": "Europe/Amsterdam"}
        if path.startswith("/api/manager/devices/device/") and len(path) > 28:
            device_id = path[28:].split("/")[0]
            return 200, headers, {"id": device_id, "name": "Impostor lamp", "capabilitiesObj": {}}
        if path == "/api/manager/devices/device":
            onoff = {"id": "onoff", "type": "boolean", "value": True, "setable": True}
            lamp = {
                "id": IMPOSTOR_DEVICE,
                "name": "Impostor lamp",
                "zone": "",
                "capabilities": ["onoff"],
                "capabilitiesObj": {"onoff": onoff},
            }
            return 200, headers, {IMPOSTOR_DEVICE: lamp}
        return 200, headers, {}


def _handler(impostor: Impostor) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            impostor.requests.append(self.path)
            status, headers, body = impostor.answer(
                self.path, self.headers.get("Authorization", "")
            )
            payload = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = _serve

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def running(impostor: Impostor, host: str = "127.0.0.1"):
    server = ThreadingHTTPServer((host, 0), _handler(impostor))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    impostor.url = f"http://{host}:{server.server_address[1]}"
    try:
        yield impostor
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
