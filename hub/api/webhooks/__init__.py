"""Webhooks for partner systems: endpoints, their secrets and the delivery log."""

from hub.api.webhooks.mutations.redeliver_webhook import RedeliverWebhookMutation
from hub.api.webhooks.mutations.register_webhook_endpoint import RegisterWebhookEndpointMutation
from hub.api.webhooks.mutations.rotate_webhook_secret import RotateWebhookSecretMutation
from hub.api.webhooks.mutations.switch_webhook_endpoint import SwitchWebhookEndpointMutation
from hub.api.webhooks.queries import WebhookQueries

QUERIES: tuple[type, ...] = (WebhookQueries,)
TYPES: tuple[type, ...] = ()
MUTATIONS: tuple[type, ...] = (
    RegisterWebhookEndpointMutation,
    RotateWebhookSecretMutation,
    SwitchWebhookEndpointMutation,
    RedeliverWebhookMutation,
)
