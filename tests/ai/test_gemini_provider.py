"""The Gemini provider via the real google-genai SDK against the local fake server."""

import socket

import pytest

from app.ai.providers.base import ProviderError
from app.ai.providers.gemini import GeminiProvider
from tests.fakes.gemini_server import Error, FakeGemini, Reply, Stall

PROMPT = {"system": "You are Alex, an interviewer.", "contents": "Candidate said: hi"}


@pytest.fixture(scope="module")
def fake():
    server = FakeGemini().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _reset(fake):
    fake.reset()


def provider_for(url: str, **kwargs) -> GeminiProvider:
    kwargs.setdefault("timeout_seconds", 1)
    return GeminiProvider(
        api_key="test-gemini-key",
        model="gemini-2.5-flash",
        base_url=url,
        backoff=(0.01, 0.02),
        **kwargs,
    )


def test_streams_chunks_and_records_usage(fake):
    fake.script(
        Reply(chunks=["Thanks for ", "that. ", "Next question?"], prompt_tokens=42)
    )
    stream = provider_for(fake.url).stream_reply(PROMPT)
    assert list(stream) == ["Thanks for ", "that. ", "Next question?"]
    assert stream.prompt_tokens == 42
    assert stream.output_tokens == 5
    assert (
        stream.first_chunk_ms is not None and stream.latency_ms >= stream.first_chunk_ms
    )
    seen = fake.requests[-1]
    assert seen.method == "streamGenerateContent" and seen.model == "gemini-2.5-flash"
    config = seen.body["generationConfig"]
    assert config["maxOutputTokens"] == 600
    assert config["thinkingConfig"] in ({"thinkingBudget": 0}, {"thinking_budget": 0})
    assert (
        "You are Alex" in seen.prompt_text and "Candidate said: hi" in seen.prompt_text
    )


def test_retries_429_before_the_first_chunk(fake):
    fake.script(Error(429), Error(503), Reply(text="Recovered."))
    provider = provider_for(fake.url)
    assert "".join(provider.stream_reply(PROMPT)) == "Recovered."
    assert len(fake.requests) == 3
    assert provider.health()["status"] == "ok"


def test_gives_up_after_two_retries(fake):
    fake.script(Error(500), Error(500), Error(500), Reply(text="never asked"))
    provider = provider_for(fake.url)
    stream = provider.stream_reply(PROMPT)
    with pytest.raises(ProviderError):
        list(stream)
    assert len(fake.requests) == 3
    assert stream.chunks_sent == 0
    health = provider.health()
    assert health["status"] == "degraded" and "500" in health["last_error"]


def test_client_errors_are_not_retried(fake):
    fake.script(Error(400, "bad request"), Reply(text="never asked"))
    with pytest.raises(ProviderError):
        list(provider_for(fake.url).stream_reply(PROMPT))
    assert len(fake.requests) == 1


def test_a_stream_cut_mid_way_raises_after_the_sent_chunks(fake):
    fake.script(Reply(chunks=["one ", "two ", "three"], cut_after=2))
    stream = provider_for(fake.url).stream_reply(PROMPT)
    received = []
    with pytest.raises(ProviderError):
        for chunk in stream:
            received.append(chunk)
    assert received == ["one ", "two "]
    assert stream.chunks_sent == 2
    assert len(fake.requests) == 1  # a begun stream is never restarted


def test_a_dropped_stream_without_finish_is_a_failure(fake):
    fake.script(Reply(chunks=["one ", "two ", "three"], drop_after=1))
    stream = provider_for(fake.url).stream_reply(PROMPT)
    with pytest.raises(ProviderError, match="finish"):
        list(stream)
    assert stream.chunks_sent == 1


def test_a_stall_past_the_timeout_fails_after_retries(fake):
    fake.script(Stall(3), Stall(3), Stall(3))
    stream = provider_for(fake.url, timeout_seconds=0.5).stream_reply(PROMPT)
    with pytest.raises(ProviderError):
        list(stream)
    assert len(fake.requests) == 3


def test_refused_connections_are_retried_then_fail():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    provider = provider_for(f"http://127.0.0.1:{closed_port}")
    with pytest.raises(ProviderError):
        list(provider.stream_reply(PROMPT))
    assert provider.health()["status"] == "degraded"


def test_generate_json_sends_the_schema_and_parses(fake):
    schema = {"type": "object", "properties": {"score": {"type": "number"}}}
    fake.script(Reply(text='{"score": 7}'))
    answer = provider_for(fake.url).generate_json("evaluate", {"contents": "x"}, schema)
    assert answer == {"score": 7}
    config = fake.requests[-1].body["generationConfig"]
    assert config["responseMimeType"] == "application/json"
    assert config["responseJsonSchema"] == schema


def test_generate_json_rejects_invalid_json(fake):
    fake.script(Reply(text="not json at all"))
    with pytest.raises(ProviderError, match="invalid JSON"):
        provider_for(fake.url).generate_json("evaluate", {"contents": "x"}, {})


def test_wrong_key_is_a_provider_error(fake):
    provider = GeminiProvider(
        api_key="wrong", model="m", base_url=fake.url, timeout_seconds=1
    )
    with pytest.raises(ProviderError):
        list(provider.stream_reply(PROMPT))
