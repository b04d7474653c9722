"""assistantd: a local, private voice-and-gesture smart-home assistant that acts over MQTT."""

__version__ = "0.1.0"
