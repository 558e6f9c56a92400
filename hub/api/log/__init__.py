"""The event log as partners and auditors see it: pages, head, and a live feed."""
