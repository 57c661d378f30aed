"""gunicorn's settings beyond the command line (`make run`, `make bench`); read from here.

Request lines up to gunicorn's largest limit reach the app, which answers an API
URL longer than it reads (studio.middleware.MAX_API_URL_LENGTH) with problem
details like every other API error; only a longer line gets gunicorn's own 414.
"""

limit_request_line = 8190
