"""The live workers of a distributed crawl, in Redis: who is alive, who is busy, who joins a dead crawl.

Two keys under the crawl's prefix, whatever the number of workers and without a scan of the keyspace
(``KEYS``/``SCAN`` cost as much as the whole Redis database holds):

  ``<prefix>:workers``         hash: worker id -> ``busy`` / ``idle``
  ``<prefix>:workers:expiry``  sorted set: worker id -> when its registration lapses (ms, Redis clock)

A worker that stops beating (killed) lapses after ``ttl_ms`` and is pruned by the next script that looks.
Every operation is one Lua script, so a join, a beat and a leave are atomic with the pruning; times come
from the Redis server (``TIME``), never from the workers' clocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# KEYS[1] state hash, KEYS[2] expiry zset; defines ``now`` and drops the lapsed workers from both.
_PRUNE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lapsed = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
if #lapsed > 0 then
  redis.call('HDEL', KEYS[1], unpack(lapsed))
  redis.call('ZREM', KEYS[2], unpack(lapsed))
end
"""

# ARGV: id, ttl_ms. KEYS[3:]: the frontier, cleared when no other worker is alive (a fresh crawl).
JOIN_SCRIPT = _PRUNE + """
redis.call('ZREM', KEYS[2], ARGV[1])
local others = redis.call('ZCARD', KEYS[2])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], 'busy')
if others == 0 and #KEYS > 2 then
  redis.call('DEL', unpack(KEYS, 3))
end
if others == 0 then return 1 end
return 0
"""

# ARGV: id, ttl_ms, state.
BEAT_SCRIPT = _PRUNE + """
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
"""

# ARGV: id. 1 when a live worker other than ARGV[1] is busy.
OTHERS_BUSY_SCRIPT = _PRUNE + """
local states = redis.call('HGETALL', KEYS[1])
for i = 1, #states, 2 do
  if states[i] ~= ARGV[1] and states[i + 1] == 'busy' then return 1 end
end
return 0
"""

# ARGV: id, clear (1/0). Returns the workers still alive; the last one out deletes the registry and,
# with clear=1, the frontier (KEYS[3:]).
LEAVE_SCRIPT = _PRUNE + """
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[1], ARGV[1])
local alive = redis.call('ZCARD', KEYS[2])
if alive == 0 then
  redis.call('DEL', KEYS[1], KEYS[2])
  if ARGV[2] == '1' and #KEYS > 2 then redis.call('DEL', unpack(KEYS, 3)) end
end
return alive
"""

ALIVE_SCRIPT = _PRUNE + """
return redis.call('HGETALL', KEYS[1])
"""


def registry_keys(prefix: str) -> tuple[str, str]:
    return f"{prefix}:workers", f"{prefix}:workers:expiry"


class WorkerRegistry:
    """One worker's view of the registry (``server``: a redis-py client)."""

    def __init__(self, server: Any, prefix: str, worker: str, ttl_ms: int) -> None:
        self.server, self.worker, self.ttl_ms = server, worker, int(ttl_ms)
        self.keys = list(registry_keys(prefix))
        self._join = server.register_script(JOIN_SCRIPT)
        self._beat = server.register_script(BEAT_SCRIPT)
        self._others_busy = server.register_script(OTHERS_BUSY_SCRIPT)
        self._leave = server.register_script(LEAVE_SCRIPT)
        self._alive = server.register_script(ALIVE_SCRIPT)

    def join(self, frontier: Sequence[str]) -> bool:
        """Register as busy; True (and the ``frontier`` keys deleted) when no other worker is alive."""
        return bool(self._join(keys=[*self.keys, *frontier], args=[self.worker, self.ttl_ms]))

    def beat(self, busy: bool) -> None:
        self._beat(keys=self.keys, args=[self.worker, self.ttl_ms, "busy" if busy else "idle"])

    def others_busy(self) -> bool:
        return bool(self._others_busy(keys=self.keys, args=[self.worker]))

    def leave(self, frontier: Sequence[str] = ()) -> int:
        """Unregister; the number of workers still alive. The last one out deletes the registry and the
        ``frontier`` keys given (pass none to keep the frontier, e.g. after a crawl that did not finish)."""
        return int(self._leave(keys=[*self.keys, *frontier], args=[self.worker, 1 if frontier else 0]))

    def alive(self) -> dict[str, str]:
        """Live worker id -> ``busy``/``idle``."""
        flat = [x.decode() if isinstance(x, bytes) else str(x) for x in self._alive(keys=self.keys)]
        return dict(zip(flat[::2], flat[1::2], strict=True))
