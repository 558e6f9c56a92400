"""The GraphQL API: an Apollo Federation 2 subgraph (published contract in graphql/)."""
