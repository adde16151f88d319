"""TurnStream: one interviewer turn as it streams, with its usage once it has ended.

The one type every provider's `stream_reply` returns (see app/ai/providers/base.py)."""

import time
from collections.abc import Callable, Iterator


class TurnStream:
    """Iterate for the text chunks of a turn; afterwards read its tokens and timings.

    `open_chunks` is called on first iteration with this stream, so the provider can
    record usage on it while it yields. A provider that fails raises ProviderError from
    iteration; `chunks_sent` tells the caller whether the failure came before or after
    the first chunk.
    """

    def __init__(
        self,
        provider: str,
        model: str,
        open_chunks: Callable[["TurnStream"], Iterator[str]],
    ):
        self.provider = provider
        self.model = model
        self.prompt_tokens: int | None = None
        self.output_tokens: int | None = None
        self.first_chunk_ms: int | None = None
        self.latency_ms: int | None = None
        self.chunks_sent = 0
        self._open_chunks = open_chunks

    def __iter__(self) -> Iterator[str]:
        started = time.monotonic()
        try:
            for chunk in self._open_chunks(self):
                if not chunk:
                    continue
                if self.first_chunk_ms is None:
                    self.first_chunk_ms = int((time.monotonic() - started) * 1000)
                self.chunks_sent += 1
                yield chunk
        finally:
            self.latency_ms = int((time.monotonic() - started) * 1000)
