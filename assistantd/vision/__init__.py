"""Vision: frame sources, MediaPipe hand and face landmarks, gestures, pointing, faces and their events.

Nothing here is imported by the text-only daemon: MediaPipe, OpenCV and numpy load only when a
`vision:` section is configured or `assistantd perceive` runs.
"""
