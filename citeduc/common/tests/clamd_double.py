"""A stand-in for ClamAV's daemon on loopback, speaking its INSTREAM protocol: it flags the
EICAR test string, as the real daemon does, and keeps what it was sent."""

import socket
import struct
import threading
from dataclasses import dataclass, field

# The EICAR antivirus test file: harmless, flagged by every antivirus by convention.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@dataclass
class Clamd:
    received: list[bytes] = field(default_factory=list)
    address: str = ""

    def answer(self, data: bytes) -> bytes:
        return b"stream: Eicar-Signature FOUND\0" if EICAR in data else b"stream: OK\0"

    def handle(self, conn: socket.socket) -> None:
        with conn:
            command = b""
            while not command.endswith(b"\0"):
                command += conn.recv(1)
            assert command == b"zINSTREAM\0"
            data = b""
            while True:
                size = struct.unpack("!L", self._exactly(conn, 4))[0]
                if size == 0:
                    break
                data += self._exactly(conn, size)
            self.received.append(data)
            conn.sendall(self.answer(data))

    @staticmethod
    def _exactly(conn: socket.socket, size: int) -> bytes:
        buffer = b""
        while len(buffer) < size:
            part = conn.recv(size - len(buffer))
            if not part:
                raise ConnectionError("flux interrompu")
            buffer += part
        return buffer


def serve(clamd: Clamd) -> socket.socket:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    clamd.address = f"tcp://127.0.0.1:{listener.getsockname()[1]}"

    def loop() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            clamd.handle(conn)

    threading.Thread(target=loop, daemon=True).start()
    return listener
