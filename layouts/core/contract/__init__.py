"""The TRTC mix API's contract, written once: shapes, defaults, ranges, modes, rules' data.

Everything here is pure data and small pure helpers (no Django), read by both
wings of the app and, embedded in the page, by the editor:

- `fields`    the table machinery (Field, Shape) and typed reads of JSON values
- `problems`  what a check returns: Problem, severities, our own rule codes
- `video`     the VideoParams document (reference B.6-B.14) and its constants
- `bodies`    the request bodies around it (B.1-B.4, B.15-B.22), action names, keys
- `rooms`     user and room identities and the room defaulting of B.5
- `document`  one typed reader of a VideoParams document (rules, geometry, renderer)
- `relay`     relay-callback status codes (reference G.3)
- `editor`    the contract as JSON, for the editor page
"""
