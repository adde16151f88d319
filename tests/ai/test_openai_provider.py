"""The OpenAI-compatible provider through the real `openai` SDK against a local fake.

Streaming with usage on the last chunk, reasoning kept from the candidate, retries
before the first chunk (honouring Retry-After), failures after it, stalls, structured
output in each JSON mode with the fallback to prompt mode, the probe and the context
warning, and provider selection by configuration.
"""

import random

import pytest

from app.ai.providers import get_provider
from app.ai.providers.base import InvalidOutput, ProviderError
from app.ai.providers.openai import OpenAIProvider
from app.ai.providers.openai_text import ThinkFilter
from tests.fakes.openai_server import Error, FakeOpenAI, Reply, Stall, json_reply

SCHEMA = {
    "type": "object",
    "properties": {"score": {"type": "integer", "minimum": 0, "maximum": 10}},
    "required": ["score"],
}
PROMPT = {
    "system": "You are an interviewer.",
    "contents": "Say hello.",
    "fallback": "Hi",
}


@pytest.fixture(scope="module")
def fake():
    server = FakeOpenAI().start()
    yield server
    server.stop()


def make_provider(fake, **options) -> OpenAIProvider:
    settings = {
        "base_url": fake.url,
        "model": "qwen3:8b",
        "timeout_seconds": 2,
        "backoff": (0.01, 0.01),
        **options,
    }
    return OpenAIProvider(**settings)


@pytest.fixture
def provider(fake):
    fake.reset()
    return make_provider(fake)


def collect(stream) -> str:
    return "".join(stream)


def test_a_turn_streams_and_reads_usage_from_the_final_chunk(fake, provider):
    fake.script(Reply(chunks=["Hello ", "and welcome", "."], prompt_tokens=42))
    stream = provider.stream_reply(PROMPT)
    assert collect(stream) == "Hello and welcome."
    assert (stream.prompt_tokens, stream.output_tokens) == (42, 3)
    assert stream.chunks_sent == 3
    [seen] = fake.requests
    assert seen.body["stream"] is True
    assert seen.body["stream_options"] == {"include_usage": True}
    assert seen.body["messages"][0] == {
        "role": "system",
        "content": "You are an interviewer.",
    }
    assert seen.authorization == "Bearer not-needed"  # local servers need no key


def test_thoughts_and_reasoning_content_never_reach_the_candidate(fake, provider):
    fake.script(
        Reply(
            chunks=[
                "<thi",
                "nk>The candidate seems",
                " weak</th",
                "ink>\n\nGood ",
                "point.",
            ],
            reasoning=["secret reasoning"],
        )
    )
    text = collect(provider.stream_reply(PROMPT))
    assert text == "Good point."


@pytest.mark.parametrize("seed", range(5))
def test_the_think_filter_copes_with_any_chunk_boundaries(seed):
    whole = "<think>plan <b> it</think>Visible <thin text</think> and more"
    rng = random.Random(seed)
    cuts = sorted(rng.sample(range(1, len(whole)), 8))
    pieces = [whole[a:b] for a, b in zip([0, *cuts], [*cuts, len(whole)], strict=True)]
    think = ThinkFilter()
    visible = "".join(think.feed(piece) for piece in pieces) + think.flush()
    assert visible == "Visible <thin text</think> and more"


def test_429_is_retried_after_what_retry_after_asks(fake, provider):
    fake.script(Error(429, retry_after=0.3), Reply(text="After the wait."))
    assert collect(provider.stream_reply(PROMPT)) == "After the wait."
    first, second = fake.requests
    # The backoff is 0.01 s: only Retry-After explains a wait this long.
    assert second.at - first.at >= 0.3


def test_500s_are_retried_then_fail_before_any_text(fake, provider):
    fake.script(Error(500), Error(502), Error(503))
    stream = provider.stream_reply(PROMPT)
    with pytest.raises(ProviderError):
        collect(stream)
    assert stream.chunks_sent == 0 and len(fake.requests) == 3
    assert provider.health()["status"] == "degraded"
    fake.script(Error(500), Reply(text="Recovered."))
    assert collect(provider.stream_reply(PROMPT)) == "Recovered."
    assert provider.health()["status"] == "ok"


def test_a_client_error_is_not_retried(fake, provider):
    fake.script(Error(404, "model not found"))
    with pytest.raises(ProviderError):
        collect(provider.stream_reply(PROMPT))
    assert len(fake.requests) == 1


def test_a_stream_dropped_after_text_fails_without_restarting(fake, provider):
    fake.script(Reply(chunks=["Hello ", "there ", "friend."], drop_after=1))
    stream = provider.stream_reply(PROMPT)
    received = []
    with pytest.raises(ProviderError):
        for chunk in stream:
            received.append(chunk)
    assert received == ["Hello "] and stream.chunks_sent == 1
    assert len(fake.requests) == 1


def test_a_stream_dropped_before_any_text_is_retried(fake, provider):
    fake.script(Reply(chunks=["lost"], drop_after=0), Reply(text="Second try."))
    assert collect(provider.stream_reply(PROMPT)) == "Second try."
    assert len(fake.requests) == 2


def test_a_stall_times_out(fake):
    fake.reset()
    provider = make_provider(fake, timeout_seconds=0.5, max_retries=1)
    fake.script(Stall(3), Stall(3))
    with pytest.raises(ProviderError):
        collect(provider.stream_reply(PROMPT))
    assert len(fake.requests) == 2
    fake.script(Reply(chunks=["Hello ", "there"], stall_after=1, stall_seconds=3))
    stream = provider.stream_reply(PROMPT)
    with pytest.raises(ProviderError):
        collect(stream)
    assert stream.chunks_sent == 1


def test_json_schema_mode_sends_the_schema(fake, provider):
    fake.script(json_reply({"score": 7}))
    assert provider.generate_json("draft_questions", PROMPT, SCHEMA) == {"score": 7}
    response_format = fake.requests[0].body["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["schema"] == SCHEMA


def test_a_refused_json_schema_falls_back_to_prompt_mode(fake, provider):
    fake.refuse_json_schema = True
    fake.script(Reply(text='<think>hmm</think>```json\n{"score": 8}\n```'))
    assert provider.generate_json("draft_questions", PROMPT, SCHEMA) == {"score": 8}
    refused, answered = fake.requests
    assert refused.response_format == "json_schema"
    assert answered.response_format is None
    assert '"required":["score"]' in answered.body["messages"][0]["content"]
    assert (
        provider.json_mode == "prompt" and "prompt mode" in provider.health()["warning"]
    )
    fake.script(json_reply({"score": 5}))
    provider.generate_json("draft_questions", PROMPT, SCHEMA)
    assert fake.requests[-1].response_format is None  # remembered


def test_json_object_mode_asks_for_an_object_and_describes_the_schema(fake):
    fake.reset()
    provider = make_provider(fake, json_mode="json_object")
    fake.script(json_reply({"score": 3}))
    assert provider.generate_json("draft_questions", PROMPT, SCHEMA) == {"score": 3}
    seen = fake.requests[0]
    assert seen.response_format == "json_object"
    assert "JSON Schema" in seen.body["messages"][0]["content"]


@pytest.mark.parametrize(
    "text", ["Sure! It is great.", '{"score": 14}', '{"grade": 7}', "[1, 2]"]
)
def test_answers_that_are_not_valid_json_for_the_schema_are_refused(
    fake, provider, text
):
    fake.script(Reply(text=text))
    with pytest.raises(InvalidOutput):
        provider.generate_json("draft_questions", PROMPT, SCHEMA)


def test_the_evaluator_model_extra_body_and_api_key_are_sent(fake):
    fake.reset()
    provider = make_provider(
        fake,
        api_key="sk-test",
        eval_model="deepseek-r1:14b",
        extra_body={"options": {"num_ctx": 8192}},
    )
    fake.script(json_reply({"score": 6}), Reply(text="Hi."))
    provider.generate_json("evaluate_answer", PROMPT, SCHEMA)
    collect(provider.stream_reply(PROMPT))
    scoring, turn = fake.requests
    assert (
        scoring.body["model"] == "deepseek-r1:14b" and turn.body["model"] == "qwen3:8b"
    )
    assert scoring.body["options"] == {"num_ctx": 8192} == turn.body["options"]
    assert scoring.authorization == "Bearer sk-test"


def test_health_reports_the_probe_and_a_prompt_too_long_for_the_context(fake, caplog):
    fake.reset()
    fake.model_context = 64
    provider = make_provider(fake)
    health = provider.health()
    assert health["server"]["reachable"] and health["server"]["model_listed"]
    assert health["context_tokens"] == 64  # the server's max_model_len
    assert health["warning"] is None
    fake.script(Reply(text="Hi."))
    collect(provider.stream_reply({**PROMPT, "contents": "word " * 400}))
    assert "exceeds OPENAI_CONTEXT_TOKENS=64" in caplog.text  # before sending
    assert "OPENAI_CONTEXT_TOKENS=64" in provider.health()["warning"]
    provider.health()
    assert fake.model_listings == 1  # the probe is cached


def test_an_unreachable_server_is_reported_not_raised(fake):
    provider = OpenAIProvider(base_url="http://127.0.0.1:9/v1", model="m")
    health = provider.health()
    assert health["status"] == "degraded" and not health["server"]["reachable"]


def test_get_provider_picks_openai_by_configuration(app, fake, monkeypatch):
    fake.reset()
    for name, value in {
        "AI_PROVIDER": "openai",
        "OPENAI_BASE_URL": fake.url,
        "OPENAI_MODEL": "qwen3:8b",
        "OPENAI_EXTRA_BODY": '{"options": {"num_ctx": 4096}}',
    }.items():
        monkeypatch.setitem(app.config, name, value)
    monkeypatch.setitem(app.extensions, "viva_ai_providers", {})
    provider = get_provider(app)
    assert isinstance(provider, OpenAIProvider)
    assert provider.extra_body == {"options": {"num_ctx": 4096}}
    assert fake.model_listings == 1  # probed once at start-up
