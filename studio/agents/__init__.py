"""The agent interface: Mix Studio's MCP server, for Claude Desktop or any MCP client.

- server.py: the tools as agents see them (titles, descriptions, arguments,
  read-only and destructive annotations), run as the caller with the REST API's roles.
- tools.py: what each tool does on the Django side (one service or selector each).
- plans.py: Take plans: the dry run kept 60 s, and the one Take it allows.
- differences.py: a planned document's differences from what is on air, in words.
- caller.py: who is calling and whether their role allows the tool.
- views.py: POST /mcp/ (streamable HTTP, API token); management/commands/mcp.py: stdio.
"""
