"""The default file cache: add() is a lock every process can rely on."""

from __future__ import annotations

import multiprocessing

from studio.cache import FileCache


def _add(folder: str, key: str, start, results) -> None:  # noqa: ANN001
    cache = FileCache(folder, {})
    start.wait(timeout=120)  # every process adds at the same moment
    results.put(cache.add(key, "mine", 60))


def test_only_one_of_many_processes_adding_a_key_at_once_gets_it(tmp_path):
    context = multiprocessing.get_context("spawn")
    results, start = context.Queue(), context.Barrier(8)
    workers = [
        context.Process(target=_add, args=(str(tmp_path), "verify:producer", start, results))
        for _ in range(8)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)

    answers = [results.get(timeout=30) for _ in workers]
    assert sorted(answers) == [False] * 7 + [True]


def test_add_succeeds_again_once_the_key_is_gone(tmp_path):
    cache = FileCache(str(tmp_path), {})

    assert cache.add("k", 1, 60) and not cache.add("k", 2, 60)
    cache.delete("k")
    assert cache.add("k", 3, 60) and cache.get("k") == 3


def test_an_expired_key_can_be_added(tmp_path):
    cache = FileCache(str(tmp_path), {})
    cache.set("k", 1, -1)

    assert cache.add("k", 2, 60)
