"""A stand-in for the Base Adresse Nationale's search API on loopback: a real HTTP server, in a
thread, answering ``GET /search/?q=…`` with the GeoJSON the BAN sends, for the addresses it was
given (anything else: no feature). `down()` gives the address of a port where nothing listens."""

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from citeduc.common.text import fold

# (latitude, longitude, label) by address as typed, folded.
Known = dict[str, tuple[float, float, str]]


def _handler(known: Known, asked: list[str]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 — the name http.server calls
            query = parse_qs(urlsplit(self.path).query)
            text = fold(query.get("q", [""])[0])
            asked.append(text)
            features = [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {"label": label, "score": 0.93, "citycode": "25056"},
                }
                for key, (lat, lon, label) in known.items()
                if text.startswith(fold(key))
            ][:1]
            body = json.dumps({"type": "FeatureCollection", "features": features}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def geocoder(known: Known) -> Iterator[tuple[str, list[str]]]:
    """The stand-in's search URL, and the list of the texts it was asked."""
    asked: list[str] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(known, asked))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/search/", asked
    finally:
        server.shutdown()
        server.server_close()


def down() -> str:
    """A geocoder URL on a loopback port that refuses connections."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/search/"
