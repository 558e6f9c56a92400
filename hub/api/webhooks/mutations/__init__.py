"""Webhook endpoint mutations, one module per field."""
