"""One connection per request slot under the openai client, and TLS only where it is used."""

from __future__ import annotations

import asyncio
import ssl

import httpx
import pytest
import respx

from summarise.backends.openai.connections import SlotTransport, http_client, tls_context

BASE = "http://slots.test"


async def slow_reply(request: httpx.Request) -> httpx.Response:
    await asyncio.sleep(0.01)
    return httpx.Response(200, json={"path": request.url.path})


@respx.mock(base_url=BASE)
async def test_concurrent_requests_each_get_a_transport_then_reuse_it(
    respx_mock: respx.MockRouter,
) -> None:
    respx_mock.get(path__startswith="/").mock(side_effect=slow_reply)
    slots = SlotTransport(tls_context(BASE))
    async with httpx.AsyncClient(transport=slots, base_url=BASE) as client:
        replies = await asyncio.gather(*(client.get(f"/{n}") for n in range(5)))
        assert [r.json()["path"] for r in replies] == [f"/{n}" for n in range(5)]
        assert len(slots.every) == 5 and len(slots.free) == 5  # all given back on close
        for n in range(6):  # one at a time: the same transport every time
            assert (await client.get(f"/again/{n}")).status_code == 200
        assert len(slots.every) == 5 and len(slots.free) == 5
    assert slots.every == [] and slots.free == []


@respx.mock(base_url=BASE)
async def test_a_failed_request_gives_its_transport_back(respx_mock: respx.MockRouter) -> None:
    respx_mock.get("/down").mock(side_effect=httpx.ConnectError("refused"))
    slots = SlotTransport(tls_context(BASE))
    async with httpx.AsyncClient(transport=slots, base_url=BASE) as client:
        for _ in range(3):
            with pytest.raises(httpx.ConnectError):
                await client.get("/down")
        assert len(slots.every) == 1 and slots.free == slots.every


@respx.mock(base_url=BASE)
async def test_a_streamed_body_is_read_whole_before_the_transport_is_reused(
    respx_mock: respx.MockRouter,
) -> None:
    respx_mock.get("/big").mock(return_value=httpx.Response(200, content=b"x" * 100_000))
    slots = SlotTransport(tls_context(BASE))
    async with httpx.AsyncClient(transport=slots, base_url=BASE) as client:
        async with client.stream("GET", "/big") as response:
            assert slots.free == []  # still in use while the body is open
            assert len(await response.aread()) == 100_000
        assert slots.free == slots.every


def test_plain_http_loads_no_certificates_but_still_refuses_unverified_tls() -> None:
    local = tls_context("http://127.0.0.1:8000/v1")
    assert local.verify_mode is ssl.CERT_REQUIRED and local.check_hostname
    assert local.cert_store_stats()["x509_ca"] == 0  # trusts nobody: https would fail
    remote = tls_context("https://api.openai.com/v1")
    assert remote.verify_mode is ssl.CERT_REQUIRED
    assert remote.cert_store_stats()["x509_ca"] > 0
    assert tls_context(None).cert_store_stats()["x509_ca"] > 0  # the default is https


def test_a_configured_proxy_keeps_the_default_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.test:3128")
    assert http_client("https://api.openai.com/v1") is None
    monkeypatch.delenv("HTTPS_PROXY")
    assert isinstance(http_client("http://127.0.0.1:1/v1"), httpx.AsyncClient)
