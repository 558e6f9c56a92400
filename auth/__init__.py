"""OAuth 2.0 for the hub: the authorization server (authlib) and the protection of the API.

Handlers see the caller as ``request.user`` (an ``auth.caller.Caller``) once
``auth.backend.middleware()`` is installed; ``auth.backend.require_scopes`` guards a route.
"""
