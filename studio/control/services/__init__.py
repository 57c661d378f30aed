"""The task services: the only way the app changes a live mix. One module per job:

- launch.py: check a launch without sending it, and start_task (the Start).
- take.py: update_task (an Update as given) and take_task / preview_take (a Take).
- stop.py: stop_task, from any live state (reconciling first when no TaskId is known).
- stop_call.py: the Stop call itself, its late answer, a wanted stop sent in the background.
- reconcile.py: what can be learnt about a task whose outcome is not known.
- calls.py: the client of a task's app, waiting for late answers, and the call log.
- answers.py: what the cloud's answers change on a task (started, stopped, refused...).
- sequence.py: SequenceNumbers, reserved and applied in order (R51).
- build.py: the request bodies: robots, UserSigs, CDN flags, masked and stored copies.
- profiles.py: the app profile a request names, and the emulator's own.
- room.py: the one path room events take into a task's room; the room panel's
  simulated events and the scenario rehearsed in an emulator task's room.
- errors.py: the exceptions the services raise, turned into answers by the API.

Reads (a task, the task list, its events, robot seats) are studio/control/selectors.py.
"""
