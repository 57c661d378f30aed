"""The default cache: Django's file cache, without its zlib pass.

Most of what Mix Studio caches is already compressed (PNG, JPEG and WebP
previews, fetched images), and zlib over a PNG costs a few milliseconds to
save nothing. Entries are plain pickles; the suffix differs from Django's so
that entries written compressed by an older version are never misread.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks

ADD_LOCKS = 64  # lock files that serialise add(): keys share them by hash


class FileCache(FileBasedCache):
    cache_suffix = ".mixcache"

    def add(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        """Set the key only if it is not there, atomically across processes.

        Django's file cache checks and then sets, so two processes adding the
        same key at once could both succeed; callers use add() as a lock.
        """
        self._createdir()
        stripe = int(hashlib.sha256(self.make_key(key, version).encode()).hexdigest(), 16)
        path = os.path.join(self._dir, f"add-{stripe % ADD_LOCKS}.lock")
        with open(path, "a+b") as lock:
            locks.lock(lock, locks.LOCK_EX)
            try:
                if self.has_key(key, version):
                    return False
                self.set(key, value, timeout, version)
                return True
            finally:
                locks.unlock(lock)

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        try:
            with open(self._key_to_file(key, version), "rb") as f:
                if not self._is_expired(f):
                    return pickle.loads(f.read())
        except FileNotFoundError:
            pass
        return default

    def _write_content(self, file, timeout: float | None, value: Any) -> None:  # noqa: ANN001
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        try:
            with open(self._key_to_file(key, version), "r+b") as f:
                try:
                    locks.lock(f, locks.LOCK_EX)
                    if self._is_expired(f):
                        return False
                    previous_value = pickle.loads(f.read())
                    f.seek(0)
                    self._write_content(f, timeout, previous_value)
                    f.truncate()
                    return True
                finally:
                    locks.unlock(f)
        except FileNotFoundError:
            return False
