"""The evidence vault: documents stored by the SHA-256 of their bytes, attached to
entities through events, checked against the log, kept until their retention deadline."""
