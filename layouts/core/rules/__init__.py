"""Every rule Mix Studio checks, by topic; each problem cites its R-number or our own code.

Two entry modules run the checks in order; the others each hold one topic.
A new rule goes into the module of its topic and into the list of checks of
its entry module (`CROSS_FIELD_CHECKS` or `COMMON_CHECKS`).

A VideoParams document (`document.validate`):

- `document`          the entry: validate(), the order of the checks
- `fields`            field by field, for documents and requests alike: types,
                      required fields, ranges, choices, colours, unknown fields (R6)
- `document_context`  what the document rules read: the document read once,
                      the canvas, the slots as judged; ImageHosts
- `canvas`            R13 (a picture needs transcoding), R35 (canvas size),
                      R36 (the mode), R38-R40 (fields acting in some modes only)
- `slots`             custom slots: R41 (inside the canvas), R42-R44 (how a slot
                      is drawn, crop, placeholder size), hidden, overlapping and
                      duplicate slots
- `users`             users and rooms a document names: R8, R10, R24
- `watermarks`        R47 and watermarks past the canvas
- `images`            image URLs: R45 (format, characters) and hosts the cloud
                      cannot reach

A request body (`request.check_start`, `check_update`, `check_stop`, `check_show`):

- `request`           the entries, the order of the checks and of the problems
- `request_context`   what the request rules read: the body sent, the
                      parameters in force, the users it names
- `robots`            the request's rooms (R8), robots (R9) and user IDs (R10)
- `usersigs`          R11: UserSigs present and issued for this app and robot
- `transcoding`       R14 (relaying one stream), R54 (a relay's video is fixed)
- `outputs`           R15 (somewhere to push), R18 (CDN URLs)
- `audio`             R20, R24-R26, R32-R34 and repeated users on an audio list
- `bitrate`           the app's own rule of thumb for a bitrate far too low
- `sei`               R48, R49
- `record`            B.19 recording parameters: names, formats, cloud storage
                      (its required fields name the cloud's MissingParameter
                      code), fields with no effect outside their mode
- `fixed_on_update`   R23, R55: what an Update may not change (a staged Take's
                      Start-only fields: `layouts.core.updates.start_only_changes`)
- `show`              a body kept as a preset: what its launch gives, our own part

Nothing here imports Django. Numbers, ranges and modes of the API come from
`layouts.core.contract`; only the rules' logic and messages live here.
"""
