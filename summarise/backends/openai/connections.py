"""The HTTP connections under the openai client: one keep-alive connection per request slot.

httpcore's connection pool re-examines every connection it holds whenever a request starts or
a response is closed (each idle one with a socket poll through anyio), so with 32 connections
in one pool each request cost about 3.5 ms of CPU in the pool alone, and at concurrency 32
against a fast server the client, not the server, set the pace. Here each request takes a whole
single-connection transport for itself and gives it back when its response is closed: the
pool work per request no longer grows with the concurrency.
"""

from __future__ import annotations

import os
import socket
import ssl
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import httpx
import openai

_PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY")


def http_client(base_url: str | None) -> httpx.AsyncClient | None:
    """The client's HTTP layer, or None (the openai default) when a proxy is configured: a
    transport of our own would bypass the proxy httpx reads from the environment."""
    if any(os.environ.get(name) for name in (*_PROXY_VARIABLES, "all_proxy")):
        return None
    return openai.DefaultAsyncHttpxClient(transport=SlotTransport(tls_context(base_url)))


def tls_context(base_url: str | None) -> ssl.SSLContext:
    """Certificate checking for https; for a plain-http server (a local model server), a
    context that verifies against no authorities at all, so a redirect to https fails
    instead of going unchecked. Loading the CA bundle costs 50-80 ms, paid only when used."""
    if urlsplit(base_url or "https://api.openai.com").scheme == "http":
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # CERT_REQUIRED, hostname checked
    return httpx.create_ssl_context()


class SlotTransport(httpx.AsyncBaseTransport):
    """Hands each request a transport with one connection of its own, reused LIFO.

    The batch bounds how many requests are in flight, so the transports created are as many
    as the concurrency; nothing here waits or needs an event loop of its own.
    """

    def __init__(self, context: ssl.SSLContext) -> None:
        self.context = context
        self.free: list[httpx.AsyncHTTPTransport] = []
        self.every: list[httpx.AsyncHTTPTransport] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        transport = self.free.pop() if self.free else self._new()
        try:
            response = await transport.handle_async_request(request)
        except BaseException:
            self.free.append(transport)
            raise
        response.stream = _GiveBack(response.stream, self, transport)
        return response

    async def aclose(self) -> None:
        for transport in self.every:
            await transport.aclose()
        self.free.clear()
        self.every.clear()

    def _new(self) -> httpx.AsyncHTTPTransport:
        transport = httpx.AsyncHTTPTransport(
            verify=self.context,
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
            # httpx writes a request's headers and body separately; against a server that
            # delays its ACKs, Nagle's algorithm would stall each request tens of ms.
            socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)],
        )
        self.every.append(transport)
        return transport


class _GiveBack(httpx.AsyncByteStream):
    """A response body that returns its transport to the free list once closed."""

    def __init__(
        self, body: httpx.AsyncByteStream, owner: SlotTransport, transport: httpx.AsyncHTTPTransport
    ) -> None:
        self.body = body
        self.owner: SlotTransport | None = owner
        self.transport = transport

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self.body:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self.body.aclose()
        finally:
            if self.owner is not None:
                self.owner.free.append(self.transport)
                self.owner = None
