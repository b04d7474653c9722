"""The devices' MQTT dialects (zigbee2mqtt, Tasmota, generic): commands to payloads, state topics to states."""
