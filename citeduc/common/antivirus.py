"""An optional scan of every upload by ClamAV's daemon (clamd), over its INSTREAM command.

On when `CITEDUC_CLAMD` names the daemon. A file the daemon flags is refused with the name of
what it found; when the daemon cannot be reached the upload is refused too (fail closed), so
that a stopped antivirus never lets files through unseen."""

import logging
import socket
import struct
from typing import IO
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)
CHUNK = 64 * 1024
TIMEOUT = 30


class Infected(Exception):
    def __init__(self, signature: str) -> None:
        super().__init__(signature)
        self.signature = signature


class Unavailable(Exception):
    pass


def enabled() -> bool:
    return bool(settings.CITEDUC_CLAMD)


def _connect(address: str) -> socket.socket:
    parts = urlsplit(address)
    if parts.scheme == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        target: str | tuple[str, int] = parts.path
    elif parts.scheme == "tcp" and parts.hostname and parts.port:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        target = (parts.hostname, parts.port)
    else:
        raise Unavailable(f"Adresse de clamd illisible : {address!r}")
    sock.settimeout(TIMEOUT)
    try:
        sock.connect(target)
    except OSError:
        sock.close()
        raise
    return sock


def scan(stream: IO[bytes]) -> None:
    """Raises Infected with the signature found, or Unavailable; returns if the file is clean."""
    stream.seek(0)
    try:
        with _connect(settings.CITEDUC_CLAMD) as sock:
            sock.sendall(b"zINSTREAM\0")
            while chunk := stream.read(CHUNK):
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0") and (part := sock.recv(4096)):
                reply += part
    except OSError as error:
        logger.error("Antivirus injoignable (%s) : %s", settings.CITEDUC_CLAMD, error)
        raise Unavailable(str(error)) from error
    finally:
        stream.seek(0)
    answer = reply.rstrip(b"\0").decode("utf-8", "replace")
    if answer.endswith(" FOUND"):
        signature = answer.removeprefix("stream: ").removesuffix(" FOUND")
        logger.warning("Fichier refusé par l'antivirus : %s", signature)
        raise Infected(signature)
    if not answer.endswith(" OK"):
        raise Unavailable(answer or "réponse vide")
