from django.apps import AppConfig


class AgentsConfig(AppConfig):
    """The agent interface: the MCP server, over stdio (`manage.py mcp`) and HTTP (/mcp/).
    No models: Take plans live in the cache for their minute."""

    name = "studio.agents"
    label = "agents"
    verbose_name = "Agents (MCP)"
