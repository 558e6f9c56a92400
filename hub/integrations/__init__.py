"""Partner integrations: signed webhooks driven by the log, and calendar feeds of deadlines.

Both are configuration kept beside the log (migrations/0006), never domain facts.
docs/partners.md is what partners read.
"""
