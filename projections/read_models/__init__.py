"""The read models: one module per family, each with its tables (DDL) and its handlers.

Handlers read payloads as the plain JSON the log stores (hub.event_codec: decimals and
dates as strings, enums by value, personal data as an envelope) and never decrypt.
Tables are written with unqualified names (the runner sets the generation's schema);
readers query the views in schema ``read``. ``projections.catalogue`` lists them all.
"""
