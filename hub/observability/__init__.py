"""What operators see of a running hub: metrics, structured logs, request ids."""
