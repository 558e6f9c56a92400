"""One module per `hub` sub-command: each registers its parser and its async runner."""
