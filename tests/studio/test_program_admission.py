"""Each viewer's program requests in flight are bounded; the rest are told to come back."""

from __future__ import annotations

import threading

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from rest_framework.test import APIClient

from studio.cloud.emulator.program import admission, engine, selectors
from tests.factories import make_user
from tests.studio.program_helpers import run_engine, sandbox_of, start, started_at, wait_until


@pytest.fixture(autouse=True)
def _fresh_slots():
    cache.clear()
    yield
    cache.clear()


def held_request(middleware, request, answers: list) -> threading.Thread:
    thread = threading.Thread(target=lambda: answers.append(middleware(request)))
    thread.start()
    return thread


def test_a_viewer_beyond_their_share_is_answered_429_at_once_and_others_are_not(settings):
    settings.MIX_PROGRAM_REQUESTS_PER_TASK = 2
    settings.MIX_PROGRAM_REQUESTS_PER_VIEWER = 8
    release, inside = threading.Event(), threading.Semaphore(0)
    seen = []

    def view(request):
        seen.append(request.path)
        inside.release()
        release.wait(30)
        return HttpResponse("drawn")

    middleware = admission.ProgramAdmissionMiddleware(view)
    factory = RequestFactory()

    def as_viewer(cookie: str):
        request = factory.get("/sandbox/program/1/index.m3u8")
        request.COOKIES[settings.SESSION_COOKIE_NAME] = cookie
        return request

    answers: list = []
    threads = [held_request(middleware, as_viewer("viewer-a"), answers) for _ in range(2)]
    for _thread in threads:
        assert inside.acquire(timeout=30)

    refused = middleware(as_viewer("viewer-a"))
    other = threading.Thread(target=lambda: answers.append(middleware(as_viewer("viewer-b"))))
    other.start()
    assert inside.acquire(timeout=30)  # another viewer is let in beside the two held
    release.set()
    for thread in [*threads, other]:
        thread.join(30)

    assert refused.status_code == 429
    assert refused["Retry-After"] == "1"
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert middleware(as_viewer("viewer-a")).status_code == 200  # the slots were given back


def test_pages_and_the_api_are_never_counted(settings):
    settings.MIX_PROGRAM_REQUESTS_PER_VIEWER = 1
    middleware = admission.ProgramAdmissionMiddleware(lambda request: HttpResponse("page"))
    request = RequestFactory().get("/api/tasks/")
    slot = f"{admission.PREFIX}{admission.viewer_key(request)}:0"
    cache.add(slot, True, 60)  # the viewer's only overall slot is taken

    assert middleware(request).status_code == 200


def test_viewers_are_told_apart_without_keeping_their_credentials(settings):
    factory = RequestFactory()
    token = factory.get("/sandbox/program/1/index.m3u8", HTTP_AUTHORIZATION="Token abc123")
    signed = factory.get("/sandbox/program/1/index.m3u8?sig=s3cr3t")
    address = factory.get("/sandbox/program/1/index.m3u8", REMOTE_ADDR="127.0.0.9")
    keys = {admission.viewer_key(request) for request in (token, signed, address)}

    assert len(keys) == 3
    assert not any("abc123" in key or "s3cr3t" in key for key in keys)


@pytest.mark.django_db(transaction=True)
def test_a_monitor_under_its_share_plays_while_a_hammering_one_is_refused(api, settings):
    """Over the app's own stack: one viewer holding its share with blocking reloads is
    refused a further request; another viewer's playlist is served meanwhile."""
    settings.MIX_PROGRAM_SEGMENT_SECONDS = 1.0
    settings.MIX_PROGRAM_PARTS = 3
    settings.MIX_PROGRAM_WAIT_SECONDS = 60.0  # the held reloads wait until released
    settings.MIX_PROGRAM_WAITERS_PER_USER = 2
    settings.MIX_PROGRAM_REQUESTS_PER_TASK = 2
    task = start(api)
    run_engine(task["task_id"], until=started_at(task["task_id"]) + 0.5)  # parts 0, 1
    pk = sandbox_of(task).pk
    playlist = f"/sandbox/program/{pk}/index.m3u8"
    answers: list = []
    held = [
        threading.Thread(
            target=lambda: answers.append(api.get(f"{playlist}?_HLS_msn=0&_HLS_part=2"))
        )
        for _ in range(2)
    ]
    for thread in held:
        thread.start()
    wait_until(
        lambda: all(cache.get(f"sandbox.program.waiting:{key}") for key in _waiting_keys(api)),
        what="both reloads to wait",
    )

    refused = api.get(playlist)
    other = APIClient()
    other.force_login(make_user("viewer-b"))
    served = other.get(playlist)
    grid = selectors.grid_of(selectors.timeline_of(sandbox_of(task)))
    engine.run_part(pk, 2, now=grid.part_start(2))  # what the held reloads wait for
    for thread in held:
        thread.join(90)

    assert refused.status_code == 429
    assert served.status_code == 200
    assert [answer.status_code for answer in answers] == [200, 200]


def _waiting_keys(api) -> list[str]:
    user = api.session["_auth_user_id"]
    return [f"user:{user}:0", f"user:{user}:1"]


def test_a_wall_of_programs_has_a_share_per_program_within_the_viewers_whole(settings):
    settings.MIX_PROGRAM_REQUESTS_PER_TASK = 1
    settings.MIX_PROGRAM_REQUESTS_PER_VIEWER = 2
    release, inside = threading.Event(), threading.Semaphore(0)

    def view(request):
        inside.release()
        release.wait(30)
        return HttpResponse("drawn")

    middleware = admission.ProgramAdmissionMiddleware(view)
    factory = RequestFactory()

    def asking(path: str):
        request = factory.get(path)
        request.COOKIES[settings.SESSION_COOKIE_NAME] = "viewer-a"
        return request

    answers: list = []
    held = [
        held_request(middleware, asking(f"/sandbox/program/{pk}/index.m3u8"), answers)
        for pk in (1, 2)
    ]
    for _thread in held:
        assert inside.acquire(timeout=30)

    same_program = middleware(asking("/sandbox/program/1/parts/4.ts"))
    third_program = middleware(asking("/sandbox/program/3/index.m3u8"))
    release.set()
    for thread in held:
        thread.join(30)

    assert same_program.status_code == 429  # program 1's share is in use
    assert third_program.status_code == 429  # the viewer's whole share is in use
    assert [answer.status_code for answer in answers] == [200, 200]
