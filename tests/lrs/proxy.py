"""A hostile network on 127.0.0.1: an asyncio HTTP/1.1 proxy that breaks requests on purpose,
records every byte the kiosk sends, and can terminate TLS in front of the LRS.

Each request arrives on its own connection (the proxy answers ``Connection: close``) and gets
one fate, drawn from ``faults`` with a seeded random generator:

- ``pass``: forwarded, the answer relayed.
- ``drop``: the connection is closed before anything is forwarded.
- ``delay``: forwarded (the LRS commits), then the answer is held past the client's timeout.
- ``500`` / ``503`` / ``429``: answered by the proxy itself (429 with ``Retry-After: 0``);
  nothing is forwarded.
- ``truncate``: forwarded, then only half of the answer is relayed.
- ``reset``: forwarded, then the connection is reset (RST) instead of answered.
- ``hold``: forwarded, ``committed`` is set, and the answer is held for ``hold_seconds``
  (the test kills the client meanwhile).

``script`` lists fates for the next POSTs, in order (GETs are not scripted); ``max_body`` answers 413 to
larger requests.

Requests reach the LRS one at a time: Ralph's file backend checks for existing ids and then
appends, so two writes of the same ids at the same instant could both land. A real LRS with a
unique index would not care; the lock keeps that Ralph race out of what is being tested.
"""

from __future__ import annotations

import asyncio
import random
import socket
import ssl
import struct
import threading
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Captured:
    """One request as it arrived: the raw bytes (request line, headers, body)."""

    raw: bytes
    fate: str = "pass"


@dataclass
class FaultProxy:
    upstream_port: int
    faults: dict[str, float] = field(default_factory=dict)
    """fate -> weight; what is left over to 1.0 passes."""
    seed: int = 0
    delay_seconds: float = 1.0
    hold_seconds: float = 10.0
    tls: ssl.SSLContext | None = None
    max_body: int | None = None
    script: list[str] = field(default_factory=list)
    listen_port: int = 0
    latency: float = 0.0
    """Seconds added before relaying each passing answer (a slow network)."""

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.captured: list[Captured] = []
        self.fates: Counter[str] = Counter()
        self.committed = threading.Event()
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.AbstractServer | None = None
        self._lock: asyncio.Lock | None = None

    # -- control ---------------------------------------------------------------------------------
    def start(self) -> FaultProxy:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def url(self, scheme: str | None = None, host: str = "127.0.0.1") -> str:
        scheme = scheme or ("https" if self.tls else "http")
        return f"{scheme}://{host}:{self.port}/xAPI"

    def sent_bytes(self) -> bytes:
        return b"\n".join(c.raw for c in self.captured)

    # -- the proxy -------------------------------------------------------------------------------
    async def _start(self) -> None:
        self._lock = asyncio.Lock()
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.listen_port, ssl=self.tls)
        self.port = self._server.sockets[0].getsockname()[1]

    def _fate(self, post: bool) -> str:
        if self.script and post:
            return self.script.pop(0)
        roll, total = self.rng.random(), 0.0
        for fate, weight in self.faults.items():
            total += weight
            if roll < total:
                return fate
        return "pass"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await _read_message(reader)
            if request is None:
                return
            fate = self._fate(request.startswith(b"POST"))
            body_length = len(request.partition(b"\r\n\r\n")[2])
            if self.max_body is not None and body_length > self.max_body:
                fate = "413"
            self.captured.append(Captured(request, fate))
            self.fates[fate] += 1
            if fate == "drop":
                return
            if fate in ("500", "503", "429", "413"):
                body = b'{"detail":"injected fault"}'
                extra = "retry-after: 0\r\n" if fate == "429" else ""
                writer.write(f"HTTP/1.1 {fate} Injected\r\ncontent-type: application/json\r\n{extra}"
                             f"content-length: {len(body)}\r\nconnection: close\r\n\r\n".encode() + body)
                await writer.drain()
                return
            async with self._lock:
                response = await self._forward(request)
            if fate == "delay":
                await asyncio.sleep(self.delay_seconds)
            elif fate == "truncate":
                writer.write(response[: len(response) // 2])
                await writer.drain()
            elif fate == "reset":
                sock = writer.get_extra_info("socket")
                if sock is not None:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                writer.transport.abort()
            elif fate == "hold":
                self.committed.set()
                await asyncio.sleep(self.hold_seconds)
            else:
                await asyncio.sleep(self.latency)
                writer.write(response)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError, OSError):
            pass
        finally:
            if not writer.is_closing():
                writer.close()

    async def _forward(self, request: bytes) -> bytes:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        try:
            up_writer.write(request)
            await up_writer.drain()
            response = await _read_message(up_reader, response=True)
        finally:
            up_writer.close()
        head, _, body = response.partition(b"\r\n\r\n")
        lines = [ln for ln in head.split(b"\r\n") if not ln.lower().startswith(b"connection:")]
        return b"\r\n".join(lines + [b"connection: close"]) + b"\r\n\r\n" + body


async def _read_message(reader: asyncio.StreamReader, response: bool = False) -> bytes | None:
    """One HTTP/1.1 message framed by Content-Length (all the kiosk and Ralph use)."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        if not exc.partial:
            return None
        raise
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
        if name.strip().lower() == b"transfer-encoding":
            raise ValueError("chunked messages are not supported by the test proxy")
    status = head.split(b" ", 2)[1] if response else b""
    if response and status in (b"204", b"304"):
        length = 0
    body = await reader.readexactly(length) if length else b""
    return head + body
