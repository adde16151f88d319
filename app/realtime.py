"""Socket.IO's Redis message queue, tuned for Redis going away and coming back.

With several processes, every emit is delivered to the emitting process's own clients
directly and published on a Redis channel for the others. While Redis is down, a running
interview therefore goes on in its own process; only viewers on other processes miss
the stream, and they catch up from the database (the page asks to `resume` when it sees
a gap in the turn numbers, and watchers resync now and then).

python-socketio's RedisManager backs off up to 60 s before it resubscribes and logs two
errors for every emit it cannot publish. This one resubscribes within a few seconds and
logs an outage once, not once per streamed chunk.
"""

import logging
import time

import socketio

log = logging.getLogger(__name__)

RETRY_MIN_SECONDS = 0.5
RETRY_MAX_SECONDS = 4.0


class ResilientRedisManager(socketio.RedisManager):
    """A RedisManager with a short resubscribe backoff and one log line per outage."""

    def __init__(self, url: str, channel: str, **kwargs):
        kwargs.setdefault("redis_options", {"socket_connect_timeout": 2})
        super().__init__(url, channel=channel, **kwargs)
        self.publish_failing = False

    def _publish(self, data):
        for attempt in (1, 2):  # the second attempt reconnects
            try:
                if not self.connected:
                    self._redis_connect()
                self.redis.publish(self.channel, self.json.dumps(data))
            except Exception as exc:  # redis-py raises several unrelated types
                self.connected = False
                if attempt == 2 and not self.publish_failing:
                    self.publish_failing = True
                    log.warning(
                        "Socket.IO: cannot publish to Redis (%s); other processes "
                        "miss live events until it is back",
                        exc,
                    )
            else:
                if self.publish_failing:
                    self.publish_failing = False
                    log.warning("Socket.IO: publishing to Redis again")
                return

    def _redis_listen_with_retries(self):
        """Yield channel messages; resubscribe with a short, capped backoff."""
        retry = RETRY_MIN_SECONDS
        while True:
            try:
                self._redis_connect()
                self.pubsub.subscribe(self.channel)
                for message in self.pubsub.listen():
                    retry = RETRY_MIN_SECONDS
                    yield message
            except Exception as exc:
                log.warning(
                    "Socket.IO: lost the Redis channel (%s); resubscribing in %.1fs",
                    exc,
                    retry,
                )
                time.sleep(retry)
                retry = min(retry * 2, RETRY_MAX_SECONDS)
