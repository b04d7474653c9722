"""The running service: wiring, start-up order and shutdown, the command queue, the site, the control socket."""
