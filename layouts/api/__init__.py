"""The presets app's REST endpoints, by what they serve: presets, documents (nothing
saved), assets, scenarios; common holds what they share."""
