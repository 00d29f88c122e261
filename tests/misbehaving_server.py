"""A real HTTP server on 127.0.0.1 that misbehaves the way model servers do, for tests and for
reproducing the issue's figures by hand (`python -m tests.misbehaving_server hang`).

Behaviours: `ok` (a grounded reply in the request's mode), `hang` (accept, read, never
answer), `drip` (send the status line and then one byte every `drip_every` seconds, never
finishing), `html` (a 200 HTML page), `empty_choices` (a 200 completion with `choices: []`).
`die_after` closes the listening socket and every connection after that many chat requests,
so later requests are refused, as when a server process dies; `revive` brings it back.
"""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import threading
import time
from typing import Any

from tests import openai_replies as replies


class MisbehavingServer:
    def __init__(
        self,
        behaviour: str = "ok",
        *,
        drip_every: float = 0.5,
        die_after: int | None = None,
        port: int = 0,
    ) -> None:
        self.behaviour = behaviour
        self.drip_every = drip_every
        self.die_after = die_after
        self.requests = 0
        self.models_requests = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.port = port
        self.listener: socket.socket | None = None
        self.connections: list[socket.socket] = []
        self._listen()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def __enter__(self) -> MisbehavingServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self.stopping.set()
        self._close_all()

    def die(self) -> None:
        """Stop answering: refuse new connections and drop the open ones."""
        self._close_all()

    def revive(self) -> None:
        self.die_after = None
        self._listen()

    def _close_all(self) -> None:
        with self.lock:
            listener, self.listener = self.listener, None
            connections, self.connections = self.connections, []
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()

    def _accept(self, listener: socket.socket) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with self.lock:
                self.connections.append(connection)
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        reader = connection.makefile("rb")
        try:
            while not self.stopping.is_set():
                request = _read_request(reader)
                if request is None:
                    return
                method, path, body = request
                if method == "GET" and path.rstrip("/").endswith("/models"):
                    with self.lock:
                        self.models_requests += 1
                    if self.behaviour in ("hang", "drip"):
                        self._misbehave(connection)
                        return
                    _send(connection, 200, {"object": "list", "data": []})
                    continue
                with self.lock:
                    self.requests += 1
                    number = self.requests
                if self.die_after is not None and number > self.die_after:
                    self.die()
                    return
                if self.behaviour in ("hang", "drip"):
                    self._misbehave(connection)
                    return
                if self.behaviour == "html":
                    page = b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>"
                    _send_raw(connection, 200, "text/html", page)
                elif self.behaviour == "empty_choices":
                    _send(connection, 200, {**replies.completion({}), "choices": []})
                else:
                    _send(connection, 200, replies.reply_for(json.loads(body)))
        except OSError:
            return
        finally:
            reader.close()

    def _misbehave(self, connection: socket.socket) -> None:
        if self.behaviour == "hang":
            self.stopping.wait()
            return
        connection.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n")
        connection.sendall(b"content-length: 100000\r\n\r\n")
        while not self.stopping.wait(self.drip_every):
            connection.sendall(b" ")


def _read_request(reader: Any) -> tuple[str, str, bytes] | None:
    line = reader.readline()
    if not line:
        return None
    method, path, _ = line.decode("latin-1").split(" ", 2)
    length = 0
    while True:
        header = reader.readline()
        if header in (b"\r\n", b"\n", b""):
            break
        name, _, value = header.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    return method, path, reader.read(length) if length else b""


def _send(connection: socket.socket, status: int, body: dict[str, Any]) -> None:
    _send_raw(connection, status, "application/json", json.dumps(body).encode())


def _send_raw(connection: socket.socket, status: int, content_type: str, data: bytes) -> None:
    head = (
        f"HTTP/1.1 {status} OK\r\ncontent-type: {content_type}\r\n"
        f"content-length: {len(data)}\r\n\r\n"
    )
    connection.sendall(head.encode() + data)


if __name__ == "__main__":
    behaviour = sys.argv[1] if len(sys.argv) > 1 else "hang"
    with MisbehavingServer(
        behaviour, drip_every=float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    ) as server:
        print(f"{behaviour} server at {server.base_url}", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
